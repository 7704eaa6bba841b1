import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actOnDecision, type DecisionCommand } from '../../src/app/act-on-decision.js';
import { JOB } from '../../src/jobs/names.js';
import type { InputValue, SlackDriver, StoredMessage } from '../../src/sandbox/index.js';
import { ACTION, DECIDE_FIELD, FIELD, SIGNOFF_ACTION, SIGNOFF_FIELD } from '../../src/slack/ids.js';
import { en } from '../../src/slack/text/en.js';
import { openRequest, settled, shown } from '../e2e/decision-flow.js';
import { until } from '../e2e/flow.js';
import { type Harness, startHarness } from '../e2e/harness.js';
import { eventually, readDb } from '../e2e/support/inspect.js';
import {
  type Action,
  type Expected,
  MATRIX,
  type Refusal,
  ROLE_NOTES,
  ROLES,
  type Role,
  type Row,
  type State,
  sizeOf,
} from './matrix.js';

/**
 * The authorization matrix (issue #14) against the real bot: Bolt over HTTP, SQLite, BullMQ on the real Redis,
 * the Slack stand-in. Each cell brings a request to its state, has the role act as Slack would send it (a
 * click on the button, with the payload's team and user; a refused role clicks the copy that carries the
 * button, as a forged or replayed request would), then checks: allowed, the change happened; refused, the
 * database is exactly as before, the actor alone was told why (ephemeral or DM) and nobody else got anything.
 */

const PARTNER = { id: 'T0PARTNER1', domain: 'mitra-konsultan' };
const FINANCE = 'U0FINANCE1';
const ELSEWHERE = 'U0ELSEWHR1';
const GUEST = 'U0GUEST001';
const GONE = 'U0GONEAWY1';
const COMMAND = '/decide';

let h: Harness;
let guestDriver: SlackDriver;

/** Words of each refusal, as en.ts says them (the actor's private message must contain one). */
const WORDS: Record<Refusal, RegExp | string> = {
  // The most specific words first: "Too late: round" before "Too late".
  round_over: 'Too late: round',
  not_your_decision: 'This decision is not yours to make',
  already_decided: 'Too late',
  invalid_transition:
    /already waiting for information|Only the SPoC \(or the deputy standing in\) can delegate|cannot go any higher|Voting opens only/,
  not_requester: 'Only the person who asked for this decision can do that.',
  not_committee_member: 'Only members of the steering committee can vote',
  votes_cast: 'has started voting on this request',
  not_a_key_user: /Only the project’s key users can give an opinion|key users asked for this sign-off/,
  not_spoc: 'Only this project’s SPoC',
  not_accountable: /people accountable for this project’s decisions/,
  not_a_project: 'This channel is not a project.',
  other_workspace: en.command.otherWorkspace(COMMAND),
  deactivated: en.command.deactivatedActor(COMMAND),
};

beforeAll(async () => {
  h = await startHarness({
    extraUsers: [
      { id: FINANCE, name: 'fina.finance' },
      { id: ELSEWHERE, name: 'nina.elsewhere', inChannel: false },
      { id: GUEST, name: 'gus.partner', team: PARTNER },
      { id: GONE, name: 'gita.gone' },
    ],
    project: (p) => ({
      keyUsers: { inventory: [p.keyUser], finance: [FINANCE] },
      steeringCommittee: { members: [p.sponsor, p.cfo, p.pmDirector, GONE], quorum: 2 },
    }),
  });
  guestDriver = h.driver.fromTeam(PARTNER);
  // Slack says one committee member is deactivated; the daily check records it.
  h.fake.workspace.deactivateUser(GONE);
  const job = await h.bot.queues.maintenance.add(JOB.peopleCheck, {});
  await eventually(async () => (await job.isCompleted()) || (await job.isFailed()), 10_000);
  await until(h, () => h.bot.deps.projects.deactivated?.().has(GONE));
  await settled(h);
  const size = sizeOf(MATRIX);
  const actions = new Set(MATRIX.map((r) => r.action)).size;
  const states = new Set(MATRIX.map((r) => r.state)).size;
  console.log(
    `authorization matrix: ${actions} actions × ${ROLES.length} roles over ${states} states = ${MATRIX.length} rows, ` +
      `${size.cells} cells: ${size.allowed} allowed, ${size.refused} refused`,
  );
}, 60_000);

afterAll(async () => {
  await h?.stop();
});

/** The user ID a role acts with, and the driver that sends as them (the team their payloads carry). */
function actor(role: Role): { id: string; driver: SlackDriver } {
  const p = h.people;
  const ids: Record<Role, string> = {
    requester: p.member,
    spoc: p.spoc,
    deputy: p.deputy,
    sponsor: p.sponsor,
    committee: p.cfo,
    keyUser: p.keyUser,
    otherKeyUser: FINANCE,
    noRole: p.outsider,
    nonMember: ELSEWHERE,
    guest: GUEST,
    guestAsSpoc: p.spoc,
    deactivated: GONE,
  };
  return { id: ids[role], driver: role === 'guestAsSpoc' ? guestDriver : h.driver };
}

// ── Preparing states ──────────────────────────────────────────────────────────────────────────────────────

let serial = 0;
const question = () => `Use FIFO costing for warehouse ${++serial}?`;

/** A command applied through the app's use case, as the listener would, and everything sent. */
async function act(id: string, by: string, command: DecisionCommand): Promise<void> {
  const result = await actOnDecision(h.bot.deps, id, by, command);
  if (!result.found || !result.ok) throw new Error(`preparing: ${command.kind} refused`);
  await settled(h);
}

/** Messages the bot sent that a client may still show after they were updated (their buttons as they were). */
const stale: StoredMessage[] = [];

/** Keeps copies of the decision's messages as they are now: a click on one is a click on an old message. */
function keepStaleCopies(decisionId: string): void {
  for (const m of botMessages()) {
    if (shown(m).includes(decisionId) && h.fake.findButtons(m).length > 0) stale.push(structuredClone(m));
  }
}

async function openSignOff(): Promise<string> {
  const title = `Stock report v${++serial}`;
  const requester = h.people.member;
  await h.driver.slashCommand({
    user: requester,
    channel: h.channel,
    command: COMMAND,
    text: `signoff ${title}`,
  });
  await until(h, () => h.fake.openView(requester));
  await h.driver.submitView(requester, { values: { [SIGNOFF_FIELD.domain]: 'inventory' } });
  const d = await until(h, async () =>
    (await h.bot.deps.decisions.listActive()).find((x) => x.kind === 'signoff' && x.question === title),
  );
  await settled(h);
  return d.id;
}

/** A fresh request in `state`; its id. */
async function prepare(state: State): Promise<string | undefined> {
  const p = h.people;
  switch (state) {
    case 'any':
      return undefined;
    case 'at_spoc':
      return (await openRequest(h, { question: question() })).id;
    case 'at_sponsor':
      return (await openRequest(h, { question: question(), [DECIDE_FIELD.budget]: 9000 })).id;
    case 'at_committee': {
      const id = await prepare('at_spoc');
      await act(id as string, p.spoc, { kind: 'send_up', target: 'needs_committee', reason: 'Policy.' });
      return id;
    }
    case 'voted': {
      const id = (await prepare('at_committee')) as string;
      const d = await h.bot.deps.decisions.get(id);
      keepStaleCopies(id);
      await act(id, p.pmDirector, { kind: 'vote', optionId: d?.options[0]?.id ?? '' });
      return id;
    }
    case 'needs_info': {
      const id = (await prepare('at_spoc')) as string;
      await act(id, p.spoc, { kind: 'request_info', question: 'Which warehouse?' });
      return id;
    }
    case 'delegated': {
      const id = (await prepare('at_spoc')) as string;
      await act(id, p.spoc, { kind: 'delegate', to: p.keyUser, note: 'Yours.' });
      return id;
    }
    case 'consulted': {
      const id = (await prepare('at_spoc')) as string;
      await act(id, p.spoc, { kind: 'consult', domain: 'inventory', question: 'Your view?' });
      return id;
    }
    case 'closed': {
      const id = (await prepare('at_spoc')) as string;
      keepStaleCopies(id);
      const d = await h.bot.deps.decisions.get(id);
      await act(id, p.spoc, { kind: 'decide', optionId: d?.options[0]?.id ?? '' });
      return id;
    }
    case 'signoff_key_users':
      return openSignOff();
    case 'signoff_returned': {
      const id = await openSignOff();
      keepStaleCopies(id);
      await act(id, p.keyUser, { kind: 'signoff', optionId: 'reject', note: 'Labels too small.' });
      return id;
    }
  }
}

/** One request per state for the refused cells (a refusal changes nothing, which every cell checks). */
const shared = new Map<State, string | undefined>();
async function fixture(state: State, fresh: boolean): Promise<string | undefined> {
  if (fresh) return prepare(state);
  if (!shared.has(state)) shared.set(state, await prepare(state));
  return shared.get(state);
}

// ── Looking at Slack and the database ─────────────────────────────────────────────────────────────────────

function botMessages(): StoredMessage[] {
  const ws = h.fake.workspace;
  return ws.listConversations().flatMap((c) => ws.messagesIn(c.id));
}

/** Everything anyone can see, keyed so that new items can be told apart. */
function traffic(): Map<string, { to: string | undefined; text: string }> {
  const ws = h.fake.workspace;
  const seen = new Map<string, { to: string | undefined; text: string }>();
  for (const c of ws.listConversations()) {
    const to = c.kind === 'im' ? c.user : undefined;
    for (const m of ws.messagesIn(c.id)) seen.set(`${c.id}/${m.ts}`, { to, text: shown(m) });
  }
  for (const e of ws.snapshot().ephemerals)
    seen.set(`e/${e.channel}/${e.ts}`, { to: e.user, text: shown(e) });
  return seen;
}

/** Old copies put back for a click: not something the bot sent. */
const reposted = new Set<string>();

function added(before: Map<string, unknown>): { to: string | undefined; text: string }[] {
  return [...traffic()].filter(([key]) => !before.has(key) && !reposted.has(key)).map(([, v]) => v);
}

/**
 * What the bot tried to tell `user` privately since call `seq`, whether Slack delivered it or not (Slack
 * refuses to message a deactivated account: the attempt is what the bot can do).
 */
function triedToTell(user: string, seq: number): string[] {
  return h.fake
    .calls()
    .filter((c) => c.seq > seq)
    .filter((c) => {
      const args = c.args as Record<string, unknown>;
      return (
        (c.method === 'chat.postEphemeral' && args.user === user) ||
        (c.method === 'chat.postMessage' && args.channel === user)
      );
    })
    .map((c) => JSON.stringify(c.args));
}

/** Waits until no Web API call has come in for 50 ms (at most 3 s). */
async function quiet(): Promise<void> {
  const deadline = Date.now() + 3000;
  for (let seen = lastSeq(); Date.now() < deadline; ) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const now = lastSeq();
    if (now === seen) return;
    seen = now;
  }
}

function lastSeq(): number {
  return h.fake.calls().at(-1)?.seq ?? 0;
}

/** Every table's row count and every decision's version: what a refusal must leave as it was. */
function fingerprint(): string {
  return readDb(h, (db) => {
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .pluck()
      .all() as string[];
    const counts = tables.map((t) => `${t}=${db.prepare(`SELECT count(*) FROM "${t}"`).pluck().get()}`);
    const versions = db
      .prepare("SELECT group_concat(id || ':' || version, ',') FROM decisions")
      .pluck()
      .get();
    return `${counts.join(' ')} | ${String(versions)}`;
  });
}

async function version(id: string | undefined): Promise<number> {
  return id === undefined ? 0 : ((await h.bot.deps.decisions.get(id))?.version ?? 0);
}

/** The message a role clicks: its own copy with the button when it has one, else any copy that has it. */
function source(decisionId: string, actionId: string, actorId: string): StoredMessage {
  const ws = h.fake.workspace;
  const candidates = [...botMessages(), ...stale].filter((m) =>
    h.fake.findButtons(m).some((b) => b.actionId === actionId && (b.value ?? '').includes(decisionId)),
  );
  const own = candidates.find((m) => ws.conversation(m.channel)?.user === actorId);
  const found = own ?? candidates[0];
  if (found === undefined) throw new Error(`no message about ${decisionId} has the button ${actionId}`);
  return found;
}

async function click(role: Role, decisionId: string, actionId: string): Promise<void> {
  const { id, driver } = actor(role);
  const m = source(decisionId, actionId, id);
  // A stale copy is not in the stand-in any more: put it back where the client still shows it.
  if (h.fake.workspace.message(m.channel, m.ts) === undefined || stale.includes(m)) {
    const copy = h.fake.workspace.postMessage({
      channel: m.channel,
      user: m.user,
      text: m.text,
      ...(m.blocks ? { blocks: m.blocks } : {}),
    });
    reposted.add(`${copy.channel}/${copy.ts}`);
    await driver.clickButton(id, { actionId, in: { channel: copy.channel, ts: copy.ts } });
    return;
  }
  await driver.clickButton(id, { actionId, in: { channel: m.channel, ts: m.ts } });
}

// ── Acting ────────────────────────────────────────────────────────────────────────────────────────────────

/** The form each modal button opens, filled in as the person would. */
const FORMS: Partial<
  Record<Action, { button: string; values: (id: string) => Promise<Record<string, InputValue>> }>
> = {
  decide_with_note: {
    button: ACTION.decideWithNote,
    values: async (id) => ({
      [FIELD.noteOption]: (await h.bot.deps.decisions.get(id))?.options[0]?.id ?? '',
      [FIELD.note]: 'Because.',
    }),
  },
  need_info: { button: ACTION.needInfo, values: async () => ({ [FIELD.infoQuestion]: 'For how long?' }) },
  answer_info: { button: ACTION.answerInfo, values: async () => ({ [FIELD.infoAnswer]: 'The main one.' }) },
  delegate: { button: ACTION.delegate, values: async () => ({ [FIELD.delegateTo]: h.people.keyUser }) },
  consult: {
    button: ACTION.consult,
    values: async () => ({ [FIELD.consultDomain]: 'inventory', [FIELD.consultQuestion]: 'Your view?' }),
  },
  give_opinion: { button: ACTION.giveOpinion, values: async () => ({ [FIELD.opinion]: 'Fine by me.' }) },
  escalate_now: {
    button: ACTION.sendUp,
    values: async () => ({
      [FIELD.sendUpTarget]: 'needs_committee',
      [FIELD.sendUpReason]: 'Too big for me.',
    }),
  },
  edit: { button: ACTION.edit, values: async () => ({ [DECIDE_FIELD.question]: `Edited ${++serial}?` }) },
  withdraw: {
    button: ACTION.withdraw,
    values: async () => ({ [FIELD.withdrawReason]: 'Solved otherwise.' }),
  },
  signoff_reject: {
    button: SIGNOFF_ACTION.reject,
    values: async () => ({ [SIGNOFF_FIELD.reason]: 'Too small.' }),
  },
};

/** Immediate buttons: one click, no form. */
const BUTTONS: Partial<Record<Action, string>> = {
  decide: `${ACTION.optionPrefix}0`,
  vote: `${ACTION.votePrefix}0`,
  signoff_approve: SIGNOFF_ACTION.approve,
};

/** Slash command text per command action. */
const COMMANDS: Partial<Record<Action, string>> = {
  away: 'away 3d',
  back: 'back',
  who: 'who',
  stats: 'stats',
  digest: 'digest',
  export: 'export',
  language: 'language en',
};

async function command(role: Role, text: string): Promise<void> {
  const { id, driver } = actor(role);
  // Someone outside the project channel cannot type in it: their DM with the bot is where they can.
  const channel = role === 'nonMember' ? id : h.channel;
  await driver.slashCommand({ user: id, channel, command: COMMAND, text });
}

/** Has the role act; resolves once the bot has had its say (a change, a form, or words to the actor). */
async function run(row: Row, role: Role, decisionId: string | undefined, expected: Expected): Promise<void> {
  const { id } = actor(role);
  h.fake.views.clear(id);
  const text = COMMANDS[row.action];
  if (row.action === 'open') {
    await command(role, '');
    if (expected === 'allowed') {
      await until(h, () => h.fake.openView(id));
      await h.driver.submitView(id, { values: { question: `Opened by ${role} ${++serial}?` } });
    }
    return;
  }
  if (text !== undefined) {
    if (row.action === 'back' && expected === 'allowed') await command(role, COMMANDS.away as string);
    await command(role, text);
    return;
  }
  if (decisionId === undefined) throw new Error(`${row.action} needs a request`);
  const button = BUTTONS[row.action];
  if (button !== undefined) return click(role, decisionId, button);
  if (row.action === 'change_vote') {
    if (expected === 'allowed') {
      await click(role, decisionId, `${ACTION.votePrefix}1`);
      await until(h, async () =>
        (await h.bot.deps.decisions.get(decisionId))?.votes.some((v) => v.member === id),
      );
    }
    return click(role, decisionId, `${ACTION.votePrefix}${expected === 'allowed' ? 0 : 1}`);
  }
  const form = FORMS[row.action];
  if (form === undefined) throw new Error(`no way to ${row.action}`);
  await click(role, decisionId, form.button);
  if (expected !== 'allowed') return;
  await until(h, () => h.fake.openView(id));
  const result = await h.driver.submitView(id, { values: await form.values(decisionId) });
  if (result.outcome !== 'closed')
    throw new Error(`the form was not accepted: ${JSON.stringify(result.errors)}`);
}

/** What tells that an allowed action happened. */
async function happened(
  row: Row,
  role: Role,
  decisionId: string | undefined,
  before: {
    version: number;
    db: string;
    traffic: Map<string, unknown>;
  },
): Promise<boolean> {
  const { id } = actor(role);
  switch (row.action) {
    case 'open':
      return (await h.bot.deps.decisions.listActive()).some(
        (d) => d.requester === id && d.question.startsWith(`Opened by ${role}`),
      );
    case 'who':
    case 'stats':
    case 'digest':
    case 'export':
      return added(before.traffic).some((m) => m.to === id);
    case 'away':
    case 'back':
    case 'language':
      return fingerprint() !== before.db && added(before.traffic).some((m) => m.to === id);
    case 'change_vote': {
      const events = await h.bot.deps.decisions.events(decisionId as string);
      return events.some((e) => e.type === 'voted' && e.actor === id && e.data.previous !== null);
    }
    default:
      return (await version(decisionId)) > before.version;
  }
}

/** The refusal named by the words the actor got, or `allowed` once the change is seen. */
async function observe(
  row: Row,
  role: Role,
  decisionId: string | undefined,
  expected: Expected,
): Promise<{
  outcome: Expected | 'nothing' | 'unknown words';
  before: { version: number; db: string; traffic: Map<string, unknown> };
  words: string[];
}> {
  await settled(h);
  // Under load a message of the fixture's may still be on its way to the stand-in: start from a quiet moment.
  await quiet();
  const before = { version: await version(decisionId), db: fingerprint(), traffic: traffic() };
  const seq = lastSeq();
  await run(row, role, decisionId, expected);
  const { id } = actor(role);
  const told = () => [
    ...added(before.traffic)
      .filter((m) => m.to === id)
      .map((m) => m.text),
    ...triedToTell(id, seq),
  ];
  const classify = (texts: string[]): Refusal | undefined =>
    (Object.keys(WORDS) as Refusal[]).find((code) => {
      const w = WORDS[code];
      return texts.some((t) => (typeof w === 'string' ? t.includes(w) : w.test(t)));
    });
  const outcome = await until(
    h,
    async () => {
      if (expected === 'allowed' && (await happened(row, role, decisionId, before)))
        return 'allowed' as const;
      if (expected !== 'allowed') return classify(told());
      return undefined;
    },
    5000,
  ).catch(() => (told().length > 0 ? (classify(told()) ?? 'unknown words') : 'nothing'));
  await settled(h);
  return { outcome, before, words: told() };
}

describe.each(MATRIX.map((row) => [`${row.action} (${row.state})`, row] as const))('%s', (_name, row) => {
  it.each(ROLES.map((role) => [role, row.cells[role]] as const))(
    `by %s: %s`,
    async (role, expected) => {
      const decisionId = await fixture(row.state, expected === 'allowed');
      const { outcome, before, words } = await observe(row, role, decisionId, expected);
      expect(outcome, `${ROLE_NOTES[role]} was told: ${words.join(' / ')}`).toBe(expected);
      if (expected === 'allowed') {
        if (row.action === 'away') await command('spoc', 'back');
        return;
      }
      // Refused: nothing changed, the actor alone was told (an ephemeral or a DM), nobody else got anything.
      expect(fingerprint()).toBe(before.db);
      expect(await version(decisionId)).toBe(before.version);
      const news = added(before.traffic);
      const { id } = actor(role);
      expect(news.filter((m) => m.to !== id)).toEqual([]);
      // Told privately; Slack delivers nothing to a deactivated account (the attempt was checked above). A refusal
      // Slack would not show as an ephemeral (the actor is not in the channel) comes by DM a moment later.
      if (role !== 'deactivated')
        await until(h, () => added(before.traffic).some((m) => m.to === id), 5000).catch(() =>
          expect(added(before.traffic).filter((m) => m.to === id).length).toBeGreaterThan(0),
        );
      expect(added(before.traffic).filter((m) => m.to !== id)).toEqual([]);
      expect(h.fake.openView(id)).toBeUndefined();
    },
    30_000,
  );
});
