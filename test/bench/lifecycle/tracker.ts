/** What the stand-in received, attributed to lifecycles as it arrives. */
import type { FakeSlack, RecordedCall } from '../../../src/sandbox/index.js';
import { decodeButtonValue } from '../../../src/slack/ids.js';
import { type Lifecycle, OPTION_BUTTON, type Phase } from './model.js';

/** One stage of a lifecycle (form opened, request DM, closed) waits at most this long. */
const STAGE_TIMEOUT_MS = 60_000;

function headerOf(blocks: unknown): string | undefined {
  if (!Array.isArray(blocks)) return undefined;
  for (const block of blocks) {
    const b = block as { type?: unknown; text?: { text?: unknown } };
    if (b.type === 'header' && typeof b.text?.text === 'string') return b.text.text;
  }
  return undefined;
}

/**
 * Sees every Web API call the stand-in records (its recorder's `record`, wrapped) and files it under its
 * lifecycle: views.open by the trigger_id of the lifecycle's `/decide`, posts by the question in their header
 * (every copy of a decision starts with it) or by the thread they reply in, updates by the message they edit.
 */
export class Tracker {
  private readonly byTrigger = new Map<string, Lifecycle>();
  /** views.open calls that arrived before their trigger was known, by trigger_id. */
  private readonly earlyOpens = new Map<string, RecordedCall>();
  private readonly byQuestion = new Map<string, Lifecycle>();
  private readonly byTs = new Map<string, Lifecycle>();
  private readonly restore: () => void;
  private nextSeq = 1;
  /** Calls filed under no lifecycle while `counting`, by method. */
  readonly unattributed = new Map<string, number>();
  counting = false;

  constructor(
    private readonly fake: FakeSlack,
    private readonly spoc: string,
  ) {
    const recorder = fake.recorder;
    const original = recorder.record;
    recorder.record = (call) => {
      const recorded = original.call(recorder, call);
      this.onCall(recorded);
      return recorded;
    };
    this.restore = () => {
      recorder.record = original;
    };
  }

  begin(user: string, phase: Phase): Lifecycle {
    const seq = this.nextSeq++;
    const lc: Lifecycle = {
      seq,
      user,
      question: `Lifecycle ${seq}: approve the bench change?`,
      phase,
      startedAt: performance.now(),
      requests: [],
      calls: [],
      opens: new Map(),
      formRetries: 0,
      messages: new Map(),
      posts: 0,
      updates: 0,
      failedCalls: 0,
    };
    this.byQuestion.set(lc.question, lc);
    return lc;
  }

  /**
   * Files the views.open of this trigger under `lc`: known once the driver's request returns, which may be after
   * the bot's views.open reached the stand-in (Bolt answers the ack first, the listener goes on meanwhile).
   */
  expectTrigger(triggerId: string, lc: Lifecycle): void {
    this.byTrigger.set(triggerId, lc);
    const early = this.earlyOpens.get(triggerId);
    if (early === undefined) return;
    this.earlyOpens.delete(triggerId);
    this.file(lc, early);
  }

  /** Stops filing calls (the references resend the bot's calls to the same stand-in). */
  detach(): void {
    this.restore();
  }

  /** Resolves once `probe` holds, checked now and after each call filed under `lc` (or each database poll). */
  wait(lc: Lifecycle, stage: string, probe: () => boolean, timeoutMs = STAGE_TIMEOUT_MS): Promise<void> {
    if (probe()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        lc.wake = undefined;
        reject(new Error(`${stage}: not within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      lc.wake = () => {
        if (!probe()) return;
        clearTimeout(timer);
        lc.wake = undefined;
        resolve();
      };
    });
  }

  private onCall(call: RecordedCall): void {
    const lc = this.lifecycleOf(call);
    if (lc !== undefined) {
      this.file(lc, call);
      return;
    }
    if (call.method === 'views.open' && typeof call.args.trigger_id === 'string') {
      this.earlyOpens.set(call.args.trigger_id, call);
      return;
    }
    if (this.counting) this.unattributed.set(call.method, (this.unattributed.get(call.method) ?? 0) + 1);
  }

  /** views.open calls never claimed by a lifecycle (made for a trigger no lifecycle sent). */
  unclaimedOpens(): number {
    return this.earlyOpens.size;
  }

  private file(lc: Lifecycle, call: RecordedCall): void {
    lc.calls.push(call);
    const response = (call.response ?? {}) as { ok?: boolean; error?: string; ts?: string; channel?: string };
    const ok = call.status === 200 && response.ok === true;
    if (!ok) lc.failedCalls += 1;
    switch (call.method) {
      case 'views.open':
        lc.opens.set(String(call.args.trigger_id), ok ? 'ok' : (response.error ?? `HTTP ${call.status}`));
        break;
      case 'chat.postMessage':
        lc.posts += 1;
        if (ok && response.ts !== undefined && response.channel !== undefined) {
          this.byTs.set(response.ts, lc);
          lc.messages.set(response.ts, response.channel);
          const button = this.fake.findButtons(call.args).find((b) => b.actionId === OPTION_BUTTON);
          if (call.args.channel === this.spoc && button?.value !== undefined) {
            lc.decisionId = decodeButtonValue(button.value).decisionId;
            lc.dm = { channel: response.channel, ts: response.ts };
          }
        }
        break;
      case 'chat.update':
        lc.updates += 1;
        break;
    }
    lc.wake?.();
  }

  private lifecycleOf(call: RecordedCall): Lifecycle | undefined {
    const { args } = call;
    if (call.method === 'views.open') return this.byTrigger.get(String(args.trigger_id));
    if (call.method === 'chat.update') return this.byTs.get(String(args.ts));
    if (call.method === 'chat.postMessage') {
      if (typeof args.thread_ts === 'string') return this.byTs.get(args.thread_ts);
      return this.byQuestion.get(headerOf(args.blocks) ?? '');
    }
    return undefined;
  }
}
