import type { SlackMessageRef } from '../../src/app/ports.js';
import type { Decision } from '../../src/domain/decision.js';
import type { InputValue, StoredMessage, StoredView } from '../../src/sandbox/index.js';
import { ACTION } from '../../src/slack/ids.js';
import { ask, buttonsOf, until } from './flow.js';
import type { Harness } from './harness.js';
import { readDb } from './support/inspect.js';

/**
 * Helpers of the decision-flow tests (commands, routing, answering, collaboration, concurrency…): open a
 * request and wait until every message about it is out, find each copy by the reference the bot stored.
 */

/** Every button an option or vote stands for: `decision_option_0`, `decision_option_1`… */
export const option = (i: number): string => `${ACTION.optionPrefix}${i}`;

/** Waits until the outbox has nothing left to send. */
export async function settled(h: Harness, timeoutMs = 5000): Promise<void> {
  await until(h, async () => (await h.bot.deps.outbox.pending()).length === 0, timeoutMs);
}

/** Where the bot posted about a decision (thread head, requester, each decider's copy). */
export function refsOf(h: Harness, decisionId: string): SlackMessageRef[] {
  // Read from the file directly: a synchronous look that polling probes and copy finders can share.
  return readDb(h, (db) =>
    db
      .prepare(
        'SELECT role, recipient, channel, ts FROM slack_messages WHERE decision_id = ? ORDER BY posted_at',
      )
      .all(decisionId),
  ) as SlackMessageRef[];
}

/** The live message behind a stored reference (as updated since). */
export function live(h: Harness, ref: SlackMessageRef | undefined): StoredMessage | undefined {
  return ref === undefined ? undefined : h.fake.workspace.message(ref.channel, ref.ts);
}

export function copyOf(
  h: Harness,
  decisionId: string,
  role: 'thread_head' | 'requester' | `request-${string}`,
  recipient?: string,
): StoredMessage | undefined {
  return live(
    h,
    refsOf(h, decisionId).find(
      (r) => r.role === role && (recipient === undefined || r.recipient === recipient),
    ),
  );
}

/** Every copy of the decision the bot posted (thread head, requester's, deciders'), live. */
export function allCopies(h: Harness, decisionId: string): StoredMessage[] {
  return refsOf(h, decisionId)
    .filter((r) => r.role === 'thread_head' || r.role === 'requester' || r.role.startsWith('request-'))
    .flatMap((r) => live(h, r) ?? []);
}

/** Replies in the decision's thread in the project channel (the head excluded), oldest first. */
export function threadReplies(h: Harness, decisionId: string): StoredMessage[] {
  const head = refsOf(h, decisionId).find((r) => r.role === 'thread_head');
  if (head === undefined) return [];
  return h.fake
    .messagesIn(head.channel)
    .filter((m) => m.thread_ts === head.ts && m.ts !== head.ts)
    .sort((a, b) => a.ts.localeCompare(b.ts));
}

/** Everything a message shows, as one string (text, blocks), for `toContain` checks. */
export function shown(
  message: StoredMessage | StoredView | { text?: string; blocks?: unknown } | undefined,
): string {
  return message === undefined ? '' : JSON.stringify(message);
}

export interface Opened {
  readonly decision: Decision;
  readonly id: string;
  /** The first decider's copy (a DM with buttons). */
  readonly dm: StoredMessage;
  readonly head: StoredMessage;
  readonly receipt: StoredMessage;
}

/**
 * `/decide` → form → submitted, then waits until the request, the thread head and the requester's copy are
 * posted and nothing is left in the outbox.
 */
export async function openRequest(
  h: Harness,
  values: Record<string, InputValue> = {},
  by: string = h.people.member,
): Promise<Opened> {
  const question = String(values.question ?? 'Use FIFO costing for the main warehouse?');
  const before = new Set((await h.bot.deps.decisions.listActive()).map((d) => d.id));
  await ask(h, { ...values, question }, by);
  const decision = await until(h, async () =>
    (await h.bot.deps.decisions.listActive()).find((d) => d.question === question && !before.has(d.id)),
  );
  const id = decision.id;
  const level = decision.level;
  await until(h, () => {
    const roles = refsOf(h, id).map((r) => r.role);
    return roles.includes('thread_head') && roles.includes('requester') && roles.includes(`request-${level}`);
  });
  await settled(h);
  const dm = copyOf(h, id, `request-${level}`, decision.deciders[0]);
  const head = copyOf(h, id, 'thread_head');
  const receipt = copyOf(h, id, 'requester');
  if (!dm || !head || !receipt) throw new Error('a copy of the request is missing');
  return { decision, id, dm, head, receipt };
}

/** Option buttons (not Need info, Delegate…) on a message. */
export function optionButtons(h: Harness, message: StoredMessage | undefined): string[] {
  return buttonsOf(h, message).filter(
    (a) => a.startsWith(ACTION.optionPrefix) || a.startsWith(ACTION.votePrefix),
  );
}

/** The decision's events of one type, from the audit log. */
export async function eventsOf(h: Harness, decisionId: string, type: string) {
  return (await h.bot.deps.decisions.events(decisionId)).filter((e) => e.type === type);
}

/** DMs the bot sent a user that mention `needle`. */
export function dmsMentioning(h: Harness, user: string, needle: string): StoredMessage[] {
  return h.fake.dmsTo(user).filter((m) => shown(m).includes(needle));
}

/** `/decide who` in the project channel by `by`: the roster's ephemeral answer, as shown. */
export async function rosterShown(h: Harness, by: string = h.people.member): Promise<string> {
  const before = h.fake.ephemeralsFor(by).length;
  await h.driver.slashCommand({ user: by, channel: h.channel, command: '/decide', text: 'who' });
  return shown(await until(h, () => h.fake.ephemeralsFor(by)[before]));
}
