/**
 * The lifecycle driver: a requester's `/decide`, the form submitted, the request DM, the SPoC's click, until the
 * decision is closed in the bot's database; each stage waits for what the tracker files under the lifecycle.
 */
import type { FakeSlack, SlackDriver } from '../../../src/sandbox/index.js';
import { CALLBACK } from '../../../src/slack/ids.js';
import type { BotDb } from './bot-db.js';
import { type DecisionState, type Lifecycle, OPTION_BUTTON } from './model.js';
import type { Tracker } from './tracker.js';

/** Times a `/decide` is sent again when Slack refused the bot's views.open (trigger expired under load). */
const FORM_ATTEMPTS = 3;
const DB_POLL_MS = 20;

export interface LoadContext {
  readonly fake: FakeSlack;
  readonly driver: SlackDriver;
  readonly tracker: Tracker;
  readonly db: BotDb;
  readonly channel: string;
  readonly spoc: string;
  /** Lifecycles waiting for their decision to be closed in the database (polled together). */
  readonly awaitingDb: Set<Lifecycle>;
}

export async function runOne(ctx: LoadContext, lc: Lifecycle): Promise<void> {
  const { driver, fake, tracker } = ctx;
  // 1. /decide: acked first, the bot opens the form after (views.open with the command's trigger_id).
  for (let attempt = 1; ; attempt++) {
    const command = await driver.slashCommand({
      user: lc.user,
      channel: ctx.channel,
      command: '/decide',
      text: lc.question,
    });
    lc.requests.push(command.request);
    if (command.status !== 200) throw new Error(`/decide answered HTTP ${command.status}`);
    tracker.expectTrigger(command.triggerId, lc);
    await tracker.wait(lc, 'form opened', () => lc.opens.has(command.triggerId));
    if (lc.opens.get(command.triggerId) === 'ok') break;
    if (attempt >= FORM_ATTEMPTS)
      throw new Error(`views.open refused ${attempt} times: ${lc.opens.get(command.triggerId)}`);
    lc.formRetries += 1;
  }
  if (fake.openView(lc.user)?.callback_id !== CALLBACK.decideModal) throw new Error('the form is not open');
  // 2. The submission: acked, then the decision opens (SQLite, Redis) and its three messages go out.
  const submitted = await driver.submitView(lc.user, { values: { question: lc.question } });
  lc.requests.push(submitted.request);
  lc.viewId = submitted.view.id;
  if (submitted.outcome !== 'closed') throw new Error(`the form was not accepted: ${submitted.outcome}`);
  // 3. The request DM reaches the SPoC, with its buttons.
  await tracker.wait(lc, 'request DM', () => lc.dm !== undefined);
  const dm = lc.dm;
  if (dm === undefined) throw new Error('no request DM');
  // 4. The SPoC's click: acked, then the decision closes and every copy is updated.
  const click = await driver.clickButton(ctx.spoc, { actionId: OPTION_BUTTON, in: dm });
  lc.requests.push(click.request);
  if (click.status !== 200) throw new Error(`the click answered HTTP ${click.status}`);
  // 5. Closed: decided in the database with no outbox row pending (each is marked sent once Slack has answered).
  await awaitClosed(ctx, lc, 'decided with every message sent');
  lc.endedAt = performance.now();
}

/** Waits until the database says the lifecycle's decision is no longer open and none of its outbox rows is pending. */
export async function awaitClosed(ctx: LoadContext, lc: Lifecycle, stage: string): Promise<void> {
  ctx.awaitingDb.add(lc);
  try {
    await ctx.tracker.wait(lc, stage, () => {
      const db = lc.db;
      return db !== undefined && db.status !== 'open' && db.pending === 0;
    });
  } finally {
    ctx.awaitingDb.delete(lc);
  }
}

/**
 * Polls the database for the lifecycles waiting on it, all in one query, one query at a time (a tick while the
 * last one is still out is skipped); returns the stop function.
 */
export function pollDatabase(ctx: LoadContext): () => void {
  let asking = false;
  const poll = async () => {
    const waiting = [...ctx.awaitingDb].filter((lc) => lc.decisionId !== undefined);
    if (waiting.length === 0) return;
    let states: Map<string, DecisionState>;
    try {
      states = await ctx.db.states(waiting.map((lc) => lc.decisionId ?? ''));
    } catch {
      return; // busy for a moment: next time
    }
    for (const lc of waiting) {
      const state = states.get(lc.decisionId ?? '');
      if (state === undefined) continue;
      lc.db = state;
      lc.wake?.();
    }
  };
  const timer = setInterval(() => {
    if (asking) return;
    asking = true;
    void poll().finally(() => {
      asking = false;
    });
  }, DB_POLL_MS);
  return () => clearInterval(timer);
}

export async function runLifecycleSafely(ctx: LoadContext, lc: Lifecycle): Promise<void> {
  try {
    await runOne(ctx, lc);
  } catch (error) {
    lc.failure = error instanceof Error ? error.message : String(error);
  }
}
