/** What a lifecycle is to the driver, the tracker, the checks and the report. */
import type { RecordedCall, SentRequest } from '../../../src/sandbox/index.js';
import { ACTION } from '../../../src/slack/ids.js';

/** The SPoC's click: the first option button of the request DM. */
export const OPTION_BUTTON = `${ACTION.optionPrefix}0`;

export type Phase = 'solo' | 'warmup' | 'window' | 'drain';

/** One lifecycle as the load generator saw it. */
export interface Lifecycle {
  readonly seq: number;
  readonly user: string;
  readonly question: string;
  readonly phase: Phase;
  readonly startedAt: number;
  endedAt?: number;
  failure?: string;
  /** The signed requests the bot received for it: `/decide` (and its retries), the submission, the click. */
  readonly requests: SentRequest[];
  /** The Web API calls the bot made for it, in order. */
  readonly calls: RecordedCall[];
  /** views.open answers by trigger_id: 'ok' or Slack's error. */
  readonly opens: Map<string, string>;
  formRetries: number;
  viewId?: string;
  decisionId?: string;
  /** The request DM to the SPoC (with the option buttons). */
  dm?: { channel: string; ts: string };
  /** Every message posted about it: ts → channel. */
  readonly messages: Map<string, string>;
  posts: number;
  updates: number;
  failedCalls: number;
  db?: DecisionState;
  wake?: () => void;
}

export interface DecisionState {
  readonly status: string;
  readonly pending: number;
  readonly failed: number;
}

export interface Expected {
  readonly opens: number;
  readonly posts: number;
  readonly updates: number;
  /** Other Web API calls of one lifecycle, by method (none expected). */
  readonly other: ReadonlyMap<string, number>;
  readonly requests: number;
}
