import type { SlackStatus } from '../domain/availability.js';
import type { Decision } from '../domain/decision.js';
import type { Digest } from '../domain/digest.js';
import type { DecisionEvent } from '../domain/events.js';
import type { BusinessClock } from '../domain/ladder.js';
import type { Level, Locale, Project, UserId } from '../domain/project.js';
import type { Transition } from '../domain/refusal.js';
import type { Instant } from '../domain/time.js';

/** The use cases' view of the outside world. Adapters (storage, jobs, slack) implement these. */

export interface Clock {
  now(): Instant;
}

/** A Slack message to send, recorded in the same transaction as the change that needs it. */
export interface NewDelivery {
  /** Unique per message: recording the same message twice keeps one. */
  readonly dedupeKey: string;
  readonly kind: DeliveryKind;
  /** A user ID (DM) or a channel ID. */
  readonly recipient: string;
  readonly decisionId?: string | undefined;
  readonly payload: DeliveryPayload;
}

/**
 * What the outbox can send. Messages about a decision are rendered when they are sent, from the decision as it
 * is then, so a delayed message is never stale.
 */
export type DeliveryKind =
  | 'decision_request' // the request with its buttons, as a DM to a decider
  | 'thread_head' // the request's status line in the project channel; replies go in its thread
  | 'requester_receipt' // tells the requester who holds it
  | 'thread_reply' // a line in the request's thread
  | 'direct_message' // a DM that is not the request itself (reminder, consultation)
  | 'refresh' // re-renders every message already posted about the decision
  | 'digest' // the weekly digest, as a DM to a sponsor
  | 'notice' // a DM about several decisions at once (e.g. which returned to the SPoC), or a line in a project channel (a person deactivated), rendered from `notice`
  | 'file' // a file uploaded into a person's DM (the decision log export)
  | 'home'; // republishes a person's App Home (coalesced: skipped while a newer one for them is pending)

export interface DeliveryPayload {
  /** Which message template (thread replies and DMs); absent for kinds that have only one. */
  readonly template?: string | undefined;
  /** The event that caused the message, when the template needs its details. */
  readonly event?: DecisionEvent | undefined;
  /** Extra words a template needs (e.g. the Slack error of a failed delivery). */
  readonly detail?: Readonly<Record<string, string>> | undefined;
  /** The figures of a weekly digest, computed when it was due. */
  readonly digest?: Digest | undefined;
  /** Where the threads of the decisions a digest names are (decision id → channel and ts), for its links. */
  readonly threads?: Readonly<Record<string, { readonly channel: string; readonly ts: string }>> | undefined;
  /** What file to make and upload (`file` deliveries); the file is made when it is sent. */
  readonly file?: FileRequest | undefined;
  /** What a `notice` delivery says. */
  readonly notice?: Notice | undefined;
  /**
   * A decider's copy (`decision_request`): the level, and a sign-off's round, it was sent for. Sent after the
   * decision moved on (a slow delivery), it is that level's copy, not a second copy of the current one.
   */
  readonly copy?: RequestCopy | undefined;
  /** The copies a `refresh` edits (`copyKey`s): those an incomplete refresh left. Absent: all of them. */
  readonly copies?: readonly string[] | undefined;
}

export interface RequestCopy {
  readonly level: Level;
  readonly round?: number | undefined;
}

/** A DM about several decisions at once, or a line in a project channel about its roster. */
export type Notice =
  | {
      /** The SPoC is back: the deputy hears which requests returned to the SPoC and which stay with them. */
      readonly kind: 'spoc_back';
      readonly projectId: string;
      readonly spoc: UserId;
      readonly moved: readonly { readonly id: string; readonly question: string }[];
      readonly stayed: readonly { readonly id: string; readonly question: string }[];
    }
  /** In the project's channel: Slack reports one of its people deactivated; the ladder skips them now. */
  | {
      readonly kind: 'person_deactivated';
      readonly projectId: string;
      readonly user: UserId;
      /** Their name in Slack, when it was known (a deactivated person's mention may not show one). */
      readonly name?: string | undefined;
      /** Their roles in the project, as configured. */
      readonly roles: readonly PersonRole[];
    };

/** A person's role in a project's roster. */
export type PersonRole = 'spoc' | 'deputy' | 'sponsor' | 'committee' | 'key_user';

/** A project's decision log as of `at`, opened since `since` (all without), as CSV or JSON. */
export interface FileRequest {
  readonly kind: 'decision_log';
  readonly projectId: string;
  readonly format: 'csv' | 'json';
  readonly since?: Instant | undefined;
  readonly at: Instant;
}

/** A file to upload: its name, type and bytes. */
export interface UploadFile {
  readonly filename: string;
  readonly mimetype: string;
  readonly content: Buffer;
}

export interface Delivery extends NewDelivery {
  readonly id: number;
  readonly attempts: number;
}

export interface TransactOptions {
  /** Read the decision's event log in the same transaction and pass it to `decide` (else it gets none). */
  readonly withEvents?: boolean;
}

export type TransactResult = { readonly found: false } | ({ readonly found: true } & Transition);

/** Some of a list of decisions, and the whole list's length. */
export interface DecisionPage {
  readonly decisions: Decision[];
  readonly total: number;
}

export interface DecisionStore {
  /**
   * Records a new decision with its events and messages. With a `requestKey` (e.g. the Slack view that was
   * submitted), a second call with the same key records nothing and returns false: a replay.
   */
  create(
    decision: Decision,
    events: readonly DecisionEvent[],
    outbox: readonly NewDelivery[],
    now: Instant,
    requestKey?: string,
  ): Promise<boolean>;
  get(id: string): Promise<Decision | undefined>;
  events(decisionId: string): Promise<DecisionEvent[]>;
  /**
   * The events of many decisions in a few queries (digest, stats), each list in log order; a decision
   * without events (or unknown) maps to an empty list.
   */
  eventsOf(decisionIds: readonly string[]): Promise<Map<string, DecisionEvent[]>>;
  /**
   * Read, decide and write under one write lock (compare-and-set on the version). With a `requestKey`, a
   * second call with the same key changes nothing and reports an unchanged decision (a replay).
   */
  transact(
    id: string,
    decide: (current: Decision, events: readonly DecisionEvent[]) => Transition,
    outbox: (transition: Transition & { ok: true }) => readonly NewDelivery[],
    now: Instant,
    requestKey?: string,
    options?: TransactOptions,
  ): Promise<TransactResult>;
  listActive(projectId?: string): Promise<Decision[]>;
  /** Every active decision, read in pages (in id order) so that only a page is in memory at once. */
  eachActive(): AsyncIterable<Decision>;
  /**
   * The first `limit` decisions waiting on the person (domain `waitingOn`), oldest first, and how many there are:
   * an App Home lists a few, whatever the number of open decisions.
   */
  waitingOn(userId: UserId, limit: number): Promise<DecisionPage>;
  /** The first `limit` active decisions the person asked for, oldest first, and how many there are. */
  requestedBy(userId: UserId, limit: number): Promise<DecisionPage>;
  recentlyClosed(projectId: string, limit: number): Promise<Decision[]>;
  /** Decisions of a project closed at or after `since`. */
  closedSince(projectId: string, since: Instant): Promise<Decision[]>;
  /** Decisions of a project opened at or after `since` (every one without), oldest first. */
  openedSince(projectId: string, since?: Instant): Promise<Decision[]>;
  /**
   * For the reconciler, in one snapshot: the event log's last position (`through`) and the decisions with an
   * event after position `after`, plus the open ones whose deadline is before `dueBefore` (an escalation that
   * should have fired). Without `after`, only `through`: where a full pass starts counting.
   */
  changesSince(
    after?: number,
    dueBefore?: Instant,
  ): Promise<{ readonly through: number; readonly decisionIds: string[] }>;
}

/** The configured projects and their calendar. */
export interface ProjectDirectory {
  all(): readonly Project[];
  byId(id: string): Project | undefined;
  byChannel(channel: string): Project | undefined;
  readonly calendar: BusinessClock;
  readonly timezone: string;
  /**
   * The project as the file configures it, people Slack reports deactivated included (the lookups above leave
   * them out); absent where nobody is ever left out.
   */
  asConfigured?(id: string): Project | undefined;
  /** Who Slack reports deactivated (absent: nobody). */
  deactivated?(): ReadonlySet<UserId>;
}

/**
 * What the bot keeps of people (the `people` table): who owns each email address the project file names people
 * by (the cache of `users.lookupByEmail`), and who Slack reports deactivated. Leaves the chosen language alone.
 */
export interface PeopleStore {
  /** The cached owner of an address (lower case), when it was ever resolved. */
  byEmail(email: string): Promise<{ readonly userId: UserId; readonly resolvedAt: Instant } | undefined>;
  /** Slack says `email` belongs to `userId` now; an earlier owner of the address loses it. */
  recordResolved(email: string, userId: UserId, at: Instant): Promise<void>;
  /** Marks a person deactivated (or active again); true when that changed what was recorded. */
  setDeactivated(userId: UserId, deactivated: boolean, at: Instant): Promise<boolean>;
  /** Everyone marked deactivated (read for every project lookup: cheap). */
  deactivated(): Promise<ReadonlySet<UserId>>;
}

/**
 * Slack's directory of people, over `users.lookupByEmail` and `users.info`. Each call throws
 * `PeopleUnavailable` when Slack cannot be asked (network, 5xx, rate limit, a missing scope).
 */
export interface PeopleLookup {
  /** The user with this address; `not_found` when Slack knows no active user with it. */
  byEmail(email: string): Promise<UserId | 'not_found'>;
  /** The user's display name and whether they are deactivated; `not_found` for an unknown ID. */
  info(userId: UserId): Promise<{ readonly name: string; readonly deleted: boolean } | 'not_found'>;
}

/** Slack could not be asked about a person (`reason`: the Slack error or the network's). */
export class PeopleUnavailable extends Error {
  override readonly name = 'PeopleUnavailable';
  constructor(readonly reason: string) {
    super(`Slack could not be asked about a person: ${reason}`);
  }
}

/**
 * The languages people chose to read (`/decide language`). Who reads what is decided in `app/languages.ts`: a
 * person's choice, else their project's `locale`.
 */
export interface Languages {
  /**
   * The person's own choice; undefined when they made none. Read for every message rendered, so answered from
   * memory: a choice made in another process is seen within seconds.
   */
  choiceOf(user: UserId): Locale | undefined;
  /** Records a person's choice; null forgets it (they read their project's language again). */
  choose(user: UserId, locale: Locale | null): Promise<void>;
  /** Reads every choice again (at start-up, before the first message is rendered). */
  refresh(): Promise<void>;
}

export interface Absences {
  isAway(projectId: string, userId: UserId, at: Instant): Promise<boolean>;
  /** The absence running at `at`, if any (`until` null: until marked back). */
  awayAt(
    projectId: string,
    userId: UserId,
    at: Instant,
  ): Promise<{ from: Instant; until: Instant | null } | undefined>;
  markAway(projectId: string, userId: UserId, from: Instant, until: Instant | null): Promise<void>;
  markBack(projectId: string, userId: UserId, at: Instant): Promise<void>;
}

/**
 * People's Slack statuses (for projects that read the SPoC's status as away). Implemented by the Slack layer
 * over `users.profile.get`, with a cache; when Slack cannot be asked, the last known status holds.
 */
export interface SlackStatuses {
  /**
   * The user's status, asked of Slack when the cached one is older than `maxAgeMs` (default and at most 5 min).
   * After `timeoutMs` (or when Slack fails) the last known one is returned; undefined when never known.
   */
  statusOf(
    user: UserId,
    options?: { maxAgeMs?: number; timeoutMs?: number },
  ): Promise<SlackStatus | undefined>;
  /** The last known status, without asking Slack. */
  known(user: UserId): SlackStatus | undefined;
}

/** Wakes the delivery worker for outbox rows just committed. */
export interface DeliveryQueue {
  /** Queues the outbox rows written since the last call (cheap; after every change). */
  enqueue(): Promise<void>;
  /** Queues every pending outbox row (the reconciler: after a restart or a lost Redis). */
  enqueueAll(): Promise<void>;
  /**
   * Runs the row's job now if it is waiting for later (it waits for an earlier message of its conversation, which
   * has just gone out); nothing when it is not waiting. Absent: the waiting job finds out on its own, later.
   */
  wake?(deliveryId: number): Promise<void>;
}

/** Keeps the reminder and escalation timers of a decision in line with its state. */
export interface TimerScheduler {
  sync(decision: Decision): Promise<void>;
  /**
   * Aligns every timer at once (the reconciler's full pass): adds what `active` decisions need and Redis lacks;
   * any decision whose timer differs is re-read with `current` and aligned on its own; other timers go.
   */
  syncAll(
    active: AsyncIterable<Decision>,
    current: (decisionId: string) => Promise<Decision | undefined>,
  ): Promise<{ added: number; replaced: number; active: number }>;
  /** Remembers a decision whose timer may be missing or wrong (a failed sync is remembered by itself). */
  retryLater(decisionId: string): void;
  /** The decisions remembered since the last call, for the reconciler to sync again; forgets them. */
  takeRetries(): string[];
}

export interface Logger {
  debug(message: string, details?: Record<string, unknown>): void;
  info(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
}

/** Where the bot posted about a decision (so it can update those messages). */
export interface SlackMessageRef {
  readonly role: string;
  readonly recipient: string;
  readonly channel: string;
  readonly ts: string;
  /** The outbox row that posted it, when recorded since migration 0009 (PostgreSQL 0005). */
  readonly deliveryId?: number | undefined;
}

export interface StoredDelivery {
  readonly id: number;
  readonly dedupeKey: string;
  readonly kind: string;
  readonly recipient: string;
  readonly decisionId: string | null;
  readonly payload: DeliveryPayload;
  /** How many times Slack was called for it (counted before each call, so a crash mid-call still counts). */
  readonly attempts: number;
  readonly status: 'pending' | 'sent' | 'failed';
  /** When the row was recorded (the message cannot have been posted before). */
  readonly createdAt: Instant;
}

/** The outcome of claiming an outbox row (`OutboxStore.claim`). */
export type DeliveryClaim =
  /** This run may call Slack; `attempts` counts this one. */
  | { readonly kind: 'taken'; readonly attempts: number }
  /** Another run is sending it: look again once its claim has run out. */
  | { readonly kind: 'held'; readonly forMs: number }
  /** No longer pending (sent or failed by another run), or gone. */
  | { readonly kind: 'done' };

export interface OutboxStore {
  get(id: number): Promise<StoredDelivery | undefined>;
  pending(limit?: number): Promise<StoredDelivery[]>;
  /** Ids and kinds of pending rows above `afterId`, in id order. */
  pendingIds(afterId: number, limit: number): Promise<{ readonly id: number; readonly kind: string }[]>;
  /**
   * Takes a pending row for one try at Slack: counts the attempt and claims the row for `holder` for `leaseMs`
   * by the database's clock (shared by every process, whatever the hosts' clocks say), committed before the call
   * is made. Refused while another holder's claim lasts: BullMQ may hand one job to two runs at once (a lock
   * that lapsed in a Redis outage, a stalled-job check), and two runs sending at once would both post.
   */
  claim(id: number, holder: string, leaseMs: number): Promise<DeliveryClaim>;
  /**
   * Extends by `leaseMs` each claim that its holder still has (a claim taken over since is left alone); resolves
   * with the holders whose claims were extended.
   */
  renewClaims(
    claims: readonly { readonly id: number; readonly holder: string }[],
    leaseMs: number,
  ): Promise<string[]>;
  /** The row is sent; its claim ends. */
  markSent(id: number, at: Instant): Promise<void>;
  /**
   * A retryable failure: the row stays pending with its last error (the attempt was counted already); with
   * `holder`, that holder's claim on it ends.
   */
  recordError(id: number, error: string, holder?: string): Promise<void>;
  /** A permanent failure; its claim ends. */
  markFailed(id: number, error: string): Promise<void>;
  rememberMessage(decisionId: string, ref: SlackMessageRef, at: Instant): Promise<void>;
  messagesOf(decisionId: string): Promise<SlackMessageRef[]>;
  /** Status of the decision's first delivery of this kind (e.g. its thread head), if there is one. */
  statusOf(decisionId: string, kind: DeliveryKind): Promise<StoredDelivery['status'] | undefined>;
  /** Whether a pending row of this kind for this recipient was recorded after row `afterId`. */
  hasNewerPending(kind: DeliveryKind, recipient: string, afterId: number): Promise<boolean>;
  /** Records extra messages outside a decision transition (e.g. a failure notice). */
  enqueue(outbox: readonly NewDelivery[], now: Instant): Promise<void>;
  /**
   * How many rows of the conversation, recorded before row `beforeId`, are still pending with fewer than
   * `maxAttempts` attempts (the ones that must reach Slack first). Counted up to `limit`.
   */
  pendingBefore(
    conversation: Conversation,
    beforeId: number,
    maxAttempts: number,
    limit: number,
  ): Promise<number>;
  /** The first pending row of the conversation recorded after row `afterId`, if any. */
  nextPendingAfter(conversation: Conversation, afterId: number): Promise<number | undefined>;
}

/**
 * Where a message lands in Slack, for keeping the outbox's order: the thread of a decision (its thread replies),
 * or a conversation named by its recipient (a DM by the user's ID, a channel's top level by the channel's ID).
 */
export type Conversation = { readonly thread: string } | { readonly recipient: string };

/**
 * Slack refuses a Web API method for a while (HTTP 429 with Retry-After, per method and workspace): every
 * process sending for the workspace holds its calls of that method until the time has passed.
 */
export interface RateLimitHolds {
  /** The longest hold left among these methods, if any is held (`ms`: how long it still lasts). */
  heldFor(methods: readonly string[]): Promise<{ readonly method: string; readonly ms: number } | undefined>;
  /** Slack answered 429 on `method`: hold its calls for `ms`. */
  hold(method: string, ms: number): Promise<void>;
}

/** What one purge removed: the decisions and the rows that referenced them. */
export interface PurgeCounts {
  readonly decisions: number;
  readonly events: number;
  readonly deliveries: number;
  readonly votes: number;
  readonly messages: number;
}

/**
 * Deletes closed decisions past retention with everything that references them (the retention job). The only
 * way the audit log ever loses rows: the database refuses any other DELETE of an event.
 */
export interface RetentionStore {
  /** Ids of the project's decisions closed (decided, withdrawn, expired) before `before`, oldest first. */
  closedBefore(projectId: string, before: Instant): Promise<string[]>;
  /**
   * Deletes those of `decisionIds` that are decisions of the project closed before `before` (others are left
   * alone), with their events, votes, Slack message references and deliveries, in one transaction.
   */
  purge(
    projectId: string,
    decisionIds: readonly string[],
    before: Instant,
    now: Instant,
  ): Promise<PurgeCounts>;
}

/** What a delivery needs to be rendered and sent. */
export interface SendContext {
  readonly delivery: StoredDelivery;
  readonly decision: Decision | undefined;
  readonly project: Project | undefined;
  readonly events: readonly DecisionEvent[];
  /** Messages already posted about the decision. */
  readonly posted: readonly SlackMessageRef[];
  readonly now: Instant;
  /**
   * An earlier attempt called Slack and may have been processed without the bot recording it (a crash, a
   * timeout, an HTTP 5xx after Slack stored the message): the sender must look before posting again.
   */
  readonly maybeSentBefore: boolean;
  /**
   * Whether this run certainly still holds its claim on the row (OutboxStore.claim), asked before each call
   * that posts: a run whose claim may have run out (its renewals failed) must not post, since another run may
   * have taken the row over and be posting it. Absent: always (a run without a claim, in tests).
   */
  readonly stillClaimed?: () => boolean;
}

/** Renders and sends one outbox message to Slack. Implemented by the Slack layer. */
export interface MessageSender {
  /** Resolves with the message it posted (to remember for later updates), if any. Throws SendError. */
  send(context: SendContext): Promise<SlackMessageRef | undefined>;
  /**
   * Whether a method this delivery needs is held after a 429 (see RateLimitHolds), asked before the attempt is
   * counted; absent: never held.
   */
  heldFor?(context: SendContext): Promise<{ readonly method: string; readonly ms: number } | undefined>;
}

/**
 * A failed send. `permanent`: retrying cannot help (channel_not_found, user_not_found…); otherwise the outbox
 * retries later, after `retryAfterMs` when Slack said so (HTTP 429).
 */
export class SendError extends Error {
  constructor(
    readonly code: string,
    readonly permanent: boolean,
    readonly retryAfterMs?: number | undefined,
  ) {
    super(`Slack send failed: ${code}`);
    this.name = 'SendError';
  }
}

/**
 * A refresh that edited some of the decision's copies, then failed on one with a retryable error: the copies
 * left (`copyKey`s) are refreshed by a delivery of their own, so a retry does not edit again the ones already
 * edited. A refresh of many copies under a flaky Slack rarely got through whole, and its backoff grew to
 * minutes (found by the soak: one refresh tried 26 times, then left for four minutes).
 */
export class RefreshIncomplete extends SendError {
  constructor(
    readonly left: readonly string[],
    readonly failure: SendError,
  ) {
    super(failure.code, false, failure.retryAfterMs);
    this.name = 'RefreshIncomplete';
  }
}

/** How a refresh names a posted copy (`DeliveryPayload.copies`). */
export function copyKey(ref: Pick<SlackMessageRef, 'channel' | 'ts'>): string {
  return `${ref.channel}/${ref.ts}`;
}

/**
 * The sender did not call `method`: it is held after a 429 for `retryAfterMs` more. Not a failure of the
 * message: the delivery is put off until the hold ends, without counting an attempt.
 */
export class RateLimitHeld extends SendError {
  constructor(
    readonly method: string,
    ms: number,
  ) {
    super(`rate_limit_hold: ${method}`, false, ms);
    this.name = 'RateLimitHeld';
  }
}

/**
 * A delivery that is not due yet, and is no failure: an earlier message of its conversation has not reached
 * Slack, or a method it needs is held after a 429. Its job runs again after `delayMs`, no attempt counted.
 */
export class DeliveryDeferred extends Error {
  constructor(
    readonly reason: string,
    readonly delayMs: number,
    /**
     * It waits for an earlier message, whose delivery wakes it: the look after `delayMs` is only a fallback,
     * and should not hold up the jobs that can go now.
     */
    readonly untilWoken = false,
  ) {
    super(`delivery put off: ${reason}`);
    this.name = 'DeliveryDeferred';
  }
}

/**
 * The database's write lock is held by another connection (another process's transaction) right now. The
 * store gives up at once instead of sleeping on the event loop; `whenWritable` retries after a short wait.
 */
export class WriteLockBusy extends Error {
  override readonly name = 'WriteLockBusy';
  constructor() {
    super('the database is locked by another writer');
  }
}
