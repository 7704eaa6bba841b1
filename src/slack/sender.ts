import { webApi } from '@slack/bolt';
import { projectLocale, readerLocale, recipientLocale } from '../app/languages.js';
import {
  copyKey,
  type FileRequest,
  type Languages,
  type MessageSender,
  type ProjectDirectory,
  RateLimitHeld,
  type RateLimitHolds,
  RefreshIncomplete,
  type SendContext,
  SendError,
  type SlackMessageRef,
  type UploadFile,
} from '../app/ports.js';
import { type Decision, isClosed } from '../domain/decision.js';
import type { DecisionEvent } from '../domain/events.js';
import { decisionLatency } from '../domain/latency.js';
import type { Locale, Project } from '../domain/project.js';
import { decisionMessage } from './blocks/decision-message.js';
import { chartMessage, digestChart, digestMessage } from './blocks/digest.js';
import { fileMessage } from './blocks/ephemeral.js';
import type { Home, KnownBlock, Message } from './blocks/kit.js';
import { personDeactivatedMessage } from './blocks/roster.js';
import {
  parseSignOffRequestRole,
  parseSignOffReturnedRole,
  signOffMessage,
  signOffRequestRole,
  signOffReturnedMessage,
  signOffReturnedRole,
} from './blocks/signoff-message.js';
import {
  consultationRequestMessage,
  infoRequestMessage,
  requesterReceiptMessage,
  spocBackMessage,
} from './blocks/thread.js';
import { directMessage, threadMessage, type ViewBase } from './delivery-templates.js';
import { isPermanent, toSendError } from './send-errors.js';
import { inLocale } from './text/index.js';

/** Roles under which posted messages are remembered, so a refresh knows which copy each one is. */
export const ROLE = {
  threadHead: 'thread_head',
  requester: 'requester',
  /** A decider's copy; per level, since one person can hold a decision at two levels (sponsor, then committee). */
  request: (level: string) => `request-${level}`,
  /** The n-th information request in the thread: its Answer button goes once answered or closed. */
  infoRequest: (n: number) => `info_request-${n}`,
  /** The n-th consultation DM to a key user: its Give opinion button goes once the decision closes. */
  consultation: (n: number) => `consultation-${n}`,
} as const;

/** Roles of the thread replies and DMs with a button of their own, with the event each one renders. */
const BUTTON_MESSAGE = /^(info_request|consultation)-(\d+)$/;

/**
 * Renders outbox messages from the decision as it is now and sends them with the Web API. Any failure is
 * thrown as a SendError; the outbox decides between retrying and giving up.
 */
export class SlackMessageSender implements MessageSender {
  /** Permalinks by "channel/ts" (a message's permalink never changes). */
  private readonly permalinks = new Map<string, string>();

  constructor(
    private readonly client: webApi.WebClient,
    private readonly projects: ProjectDirectory,
    /** Makes the file a `file` delivery asks for (the decision log, from the database at send time). */
    private readonly makeFile: (request: FileRequest) => Promise<UploadFile> = () => {
      throw new SendError('no_file_maker', true);
    },
    /** A person's App Home as it is now (`home` deliveries). */
    private readonly homeView: (user: string) => Promise<Home> = () => {
      throw new SendError('no_home_view', true);
    },
    /** People's chosen languages; absent: everyone reads their project's. */
    private readonly languages?: Languages | undefined,
    /** The workspace's methods held after a 429, shared by every process; absent: nothing is held. */
    private readonly holds?: RateLimitHolds | undefined,
  ) {}

  /**
   * The methods the delivery calls (the look-ups too when an earlier attempt may have posted it), asked before
   * it starts: one that Slack refused with a 429 a moment ago puts the whole delivery off, no call made.
   */
  async heldFor(ctx: SendContext): Promise<{ method: string; ms: number } | undefined> {
    if (this.holds === undefined) return undefined;
    return this.holds.heldFor(methodsOf(ctx));
  }

  /**
   * Every Web API call a delivery makes goes through here: a method held after a 429 is not called (RateLimitHeld:
   * the delivery is put off until the hold ends), and a 429 holds the method for every process for Retry-After.
   */
  private async call<T>(method: string, run: () => Promise<T>): Promise<T> {
    const held = await this.holds?.heldFor([method]);
    if (held !== undefined) throw new RateLimitHeld(held.method, held.ms);
    try {
      return await run();
    } catch (error) {
      if (this.holds !== undefined && error instanceof webApi.WebAPIRateLimitedError)
        // Unrecorded (Redis away): the refused message still waits Retry-After on its own.
        await this.holds.hold(method, Math.max(1, error.retryAfter) * 1000).catch(() => undefined);
      throw error;
    }
  }

  async send(ctx: SendContext): Promise<SlackMessageRef | undefined> {
    try {
      // Every message is rendered in its reader's language; a refresh re-renders each copy in its own.
      return await inLocale(this.localeOf(ctx), () => this.sendOrThrow(ctx));
    } catch (error) {
      throw toSendError(error);
    }
  }

  /**
   * Who reads the delivery: a channel (thread head and replies) its project's language; a person (a DM, the
   * digest, a file, their App Home) their own choice, else the project's the message is about.
   */
  private localeOf(ctx: SendContext): Locale {
    const { delivery } = ctx;
    const payload = delivery.payload;
    const projectId = payload.digest?.projectId ?? payload.file?.projectId ?? payload.notice?.projectId;
    const project = ctx.project ?? (projectId === undefined ? undefined : this.projects.byId(projectId));
    if (delivery.kind === 'thread_head' || delivery.kind === 'thread_reply') return projectLocale(project);
    return recipientLocale(this.languageDeps, delivery.recipient, project);
  }

  private get languageDeps() {
    return { projects: this.projects, languages: this.languages };
  }

  private async sendOrThrow(ctx: SendContext): Promise<SlackMessageRef | undefined> {
    const { delivery, decision, project } = ctx;
    if (delivery.kind === 'digest') return this.sendDigest(ctx);
    if (delivery.kind === 'file') return this.sendFile(ctx);
    if (delivery.kind === 'notice') return this.sendNotice(ctx);
    if (delivery.kind === 'home') {
      // views.publish replaces the whole tab: sending it twice is harmless.
      const view = await this.homeView(delivery.recipient);
      await this.call('views.publish', () =>
        this.client.views.publish({ user_id: delivery.recipient, view }),
      );
      return undefined;
    }
    if (!decision || !project) {
      // The decision is gone from the database (it never is in practice): nothing sensible to render.
      throw new SendError('decision_not_found', true);
    }
    const base = await this.viewOptions(ctx, decision, project);
    const signoff = decision.kind === 'signoff';
    switch (delivery.kind) {
      case 'decision_request':
        return this.sendRequest(ctx, decision, base);
      case 'thread_head':
        return this.post(
          ctx,
          project.channel,
          signoff
            ? signOffMessage(decision, { ...base, viewer: 'channel', events: ctx.events })
            : decisionMessage(decision, { ...base, viewer: 'channel' }),
          ROLE.threadHead,
          project.channel,
        );
      case 'requester_receipt': {
        if (signoff) {
          const message = signOffMessage(decision, {
            ...base,
            viewer: 'requester',
            viewerId: decision.requester,
            events: ctx.events,
            receipt: true,
          });
          return this.post(ctx, decision.requester, message, ROLE.requester, decision.requester);
        }
        // The requester's copy, led by the receipt: who holds it, until when, and why it went there (deputy,
        // over authority). Later refreshes keep the copy current and drop the one-time receipt line.
        const copy = decisionMessage(decision, {
          ...base,
          viewer: 'requester',
          viewerId: decision.requester,
        });
        const opened = ctx.events.find((e) => e.type === 'opened');
        const receipt = requesterReceiptMessage(decision, {
          project,
          timeZone: this.projects.timezone,
          routedBecause: opened?.type === 'opened' ? opened.data.routedBecause : undefined,
        });
        const message = { text: receipt.text, blocks: [...receipt.blocks.slice(0, 1), ...copy.blocks] };
        return this.post(ctx, decision.requester, message, ROLE.requester, decision.requester);
      }
      case 'thread_reply': {
        const head = ctx.posted.find((m) => m.role === ROLE.threadHead);
        // A message with a button of its own is rendered as its refresh would: posted after the decision moved
        // on (a slow delivery), it has no button to lose, and no later refresh would come for it.
        const n = eventIndex(ctx, 'info_requested');
        const message =
          (n === undefined ? undefined : buttonMessage(decision, ctx.events, 'info_requested', n)) ??
          threadMessage(ctx, decision, base);
        const res = await this.postOnce(
          ctx,
          { channel: head?.channel ?? project.channel, threadTs: head?.ts },
          message,
        );
        return n === undefined ? undefined : posted(ROLE.infoRequest(n), delivery.recipient, res);
      }
      case 'direct_message': {
        const n = eventIndex(ctx, 'consulted');
        const message =
          (n === undefined ? undefined : buttonMessage(decision, ctx.events, 'consulted', n)) ??
          directMessage(ctx, decision, base);
        const res = await this.postOnce(ctx, { channel: delivery.recipient }, message);
        const event = delivery.payload.event;
        if (event?.type === 'round_returned')
          return posted(signOffReturnedRole(event.data.round), delivery.recipient, res);
        return n === undefined ? undefined : posted(ROLE.consultation(n), delivery.recipient, res);
      }
      case 'refresh':
        await this.refresh(ctx, decision, base);
        return undefined;
      default:
        throw toSendError(new Error(`unknown delivery kind ${delivery.kind}`));
    }
  }

  /**
   * The digest message, then its chart as an image in the same DM: two Slack posts in one delivery, each with a
   * marker of its own, so a retry after either one reached Slack sends only what is missing.
   */
  private async sendDigest(ctx: SendContext): Promise<undefined> {
    const { digest, threads = {} } = ctx.delivery.payload;
    const project = digest && this.projects.byId(digest.projectId);
    if (!digest || !project) throw new SendError('digest_without_project', true);
    // A digest recorded by an older version (before the insight figures) cannot be rendered any more.
    if (!('current' in digest)) throw new SendError('digest_from_an_older_version', true);
    const links: Record<string, string> = {};
    for (const [id, thread] of Object.entries(threads)) {
      const permalink = await this.permalink(thread.channel, thread.ts);
      if (permalink !== undefined) links[id] = permalink;
    }
    const timeZone = this.projects.timezone;
    const workingDayMs = this.projects.calendar.workingDayMs;
    const message = digestMessage(digest, { projectName: project.name, timeZone, workingDayMs, links });
    await this.postOnce(ctx, { channel: ctx.delivery.recipient }, message);
    const chart = await digestChart(digest, project.name, timeZone, this.projects.calendar.workingDayMs);
    await this.uploadOnce(ctx, ctx.delivery.recipient, chart, chartMessage(), '-chart');
    return undefined;
  }

  /** A DM about several decisions at once, rendered from the delivery alone. */
  private async sendNotice(ctx: SendContext): Promise<undefined> {
    const { notice } = ctx.delivery.payload;
    if (notice === undefined) throw new SendError('notice_without_content', true);
    const message =
      notice.kind === 'person_deactivated' ? personDeactivatedMessage(notice) : spocBackMessage(notice);
    await this.postOnce(ctx, { channel: ctx.delivery.recipient }, message);
    return undefined;
  }

  private async sendFile(ctx: SendContext): Promise<undefined> {
    const request = ctx.delivery.payload.file;
    const project = request && this.projects.byId(request.projectId);
    if (!request || !project) throw new SendError('file_without_project', true);
    const file = await this.makeFile(request);
    const message = fileMessage(project.name, file.filename);
    await this.uploadOnce(ctx, ctx.delivery.recipient, file, message);
    return undefined;
  }

  /**
   * Uploads a file into a conversation once, with a message: Slack's three steps (an upload URL, the bytes,
   * then completing it into the conversation with the message's blocks, whose first carries the delivery's
   * marker). A retry after an attempt that may have reached Slack looks for the marker first, as posts do.
   */
  private async uploadOnce(
    ctx: SendContext,
    channel: string,
    file: UploadFile,
    message: Message,
    markerSuffix = '',
  ): Promise<void> {
    const marker = `${deliveryMarker(ctx.delivery.id)}${markerSuffix}`;
    const dm = /^[UW]/.test(channel) ? await this.dmChannel(channel) : channel;
    if (ctx.maybeSentBefore && (await this.findMarked(ctx, { channel: dm }, marker)) !== undefined) return;
    const ticket = await this.call('files.getUploadURLExternal', () =>
      this.client.files.getUploadURLExternal({ filename: file.filename, length: file.content.length }),
    );
    if (ticket.upload_url === undefined || ticket.file_id === undefined)
      throw toSendError(new Error('getUploadURLExternal returned no upload URL'));
    const uploaded = await fetch(ticket.upload_url, {
      method: 'POST',
      headers: { 'content-type': file.mimetype },
      body: new Uint8Array(file.content),
    });
    if (!uploaded.ok)
      throw new SendError(
        `upload_failed: HTTP ${uploaded.status}`,
        uploaded.status < 500 && uploaded.status !== 429,
      );
    const fileId = ticket.file_id;
    postingStillClaimed(ctx);
    await this.call('files.completeUploadExternal', () =>
      this.client.files.completeUploadExternal({
        files: [{ id: fileId, title: file.filename }],
        channel_id: dm,
        blocks: withMarker(message.blocks, marker),
      }),
    );
  }

  /**
   * A decider's copy, remembered under the level (and round) it was sent for, and rendered as that copy looks
   * now: sent late, after the decision moved on, it shows where the decision went, without buttons, and does not
   * take the place of the current level's copy (a sponsor who also sits on the committee gets both). The same
   * copy sent to the same person again (the SPoC away, then back) replaces the one they had, which loses its
   * buttons first: only the remembered copy is refreshed later.
   */
  private async sendRequest(ctx: SendContext, decision: Decision, base: ViewBase) {
    const recipient = ctx.delivery.recipient;
    const copy = ctx.delivery.payload.copy ?? {
      level: decision.level,
      round: decision.signoff?.round ?? 1,
    };
    const role =
      decision.kind === 'signoff'
        ? signOffRequestRole({ level: copy.level, signoff: { round: copy.round ?? 1 } })
        : ROLE.request(copy.level);
    const ref = { role, recipient, channel: recipient, ts: '' };
    const message =
      this.copyOf(ctx, decision, base, ref) ?? withoutButtons(decision, base, recipient, ctx.events);
    const sent = await this.post(ctx, recipient, message, role, recipient);
    const earlier = ctx.posted.find(
      (m) =>
        m.role === role && m.recipient === recipient && !(m.channel === sent.channel && m.ts === sent.ts),
    );
    if (earlier !== undefined)
      await this.updateCopy(earlier, withoutButtons(decision, base, recipient, ctx.events));
    return sent;
  }

  /**
   * Re-renders every copy already posted (or those an incomplete refresh left), so buttons disappear once closed
   * and statuses stay current. A retryable failure after some copies were edited ends it with RefreshIncomplete:
   * the rest goes in a refresh of its own.
   */
  private async refresh(ctx: SendContext, decision: Decision, base: ViewBase) {
    const only = ctx.delivery.payload.copies;
    const copies = only === undefined ? ctx.posted : ctx.posted.filter((r) => only.includes(copyKey(r)));
    let edited = false;
    for (const [i, ref] of copies.entries()) {
      const locale =
        ref.role === ROLE.threadHead || /^[CG]/.test(ref.recipient)
          ? projectLocale(base.project)
          : readerLocale(this.languageDeps, ref.recipient, base.project);
      const message = inLocale(locale, () => this.copyOf(ctx, decision, base, ref));
      if (message === undefined) continue;
      try {
        await this.updateCopy(ref, message);
        edited = true;
      } catch (error) {
        if (!edited) throw error;
        throw new RefreshIncomplete(copies.slice(i).map(copyKey), toSendError(error));
      }
    }
  }

  /**
   * Edits a posted copy to `message`, keeping the marker of the outbox row that posted it (when recorded) so a
   * retry of that row still finds it; one deleted meanwhile cannot be edited, and the others still must be.
   */
  private async updateCopy(ref: SlackMessageRef, message: Message) {
    const blocks =
      ref.deliveryId === undefined
        ? message.blocks
        : withMarker(message.blocks, deliveryMarker(ref.deliveryId));
    try {
      await this.call('chat.update', () =>
        this.client.chat.update({
          channel: ref.channel,
          ts: ref.ts,
          text: message.text,
          blocks,
        }),
      );
    } catch (error) {
      if (!isPermanent(error)) throw error;
    }
  }

  /** A posted copy as it should look now, by the role it was posted under. */
  private copyOf(
    ctx: SendContext,
    decision: Decision,
    base: ViewBase,
    ref: SlackMessageRef,
  ): Message | undefined {
    const own = BUTTON_MESSAGE.exec(ref.role);
    return decision.kind === 'signoff'
      ? signOffCopy(decision, ref, base, ctx.events)
      : own
        ? buttonMessage(
            decision,
            ctx.events,
            own[1] === 'info_request' ? 'info_requested' : 'consulted',
            Number(own[2]),
          )
        : ref.role === ROLE.threadHead
          ? decisionMessage(decision, { ...base, viewer: 'channel' })
          : ref.role === ROLE.requester
            ? decisionMessage(decision, { ...base, viewer: 'requester', viewerId: ref.recipient })
            : ref.role === ROLE.request(decision.level)
              ? decisionMessage(decision, { ...base, viewer: 'decider', viewerId: ref.recipient })
              : // A copy from an earlier level (a sponsor who also sits on the committee): it says where the
                // decision went; the buttons are on the current level's copy only, so there is one ballot.
                decisionMessage(decision, { ...base, viewer: 'observer', viewerId: ref.recipient });
  }

  private async post(
    ctx: SendContext,
    channel: string,
    message: Message,
    role: string,
    recipient: string,
  ): Promise<SlackMessageRef> {
    const res = await this.postOnce(ctx, { channel }, message);
    if (!res.ts || !res.channel) throw toSendError(new Error('postMessage returned no ts'));
    return { role, recipient, channel: res.channel, ts: res.ts };
  }

  /**
   * Posts the delivery's message once: its first block carries the delivery's marker, and when an earlier
   * attempt may have reached Slack, the conversation is searched for that marker first; a message found there
   * is updated to the current rendering and returned instead of posting a second copy.
   */
  private async postOnce(ctx: SendContext, target: PostTarget, message: Message): Promise<PostedMessage> {
    const marker = deliveryMarker(ctx.delivery.id);
    const blocks = withMarker(message.blocks, marker);
    if (ctx.maybeSentBefore) {
      const found = await this.findMarked(ctx, target, marker);
      if (found?.channel !== undefined && found.ts !== undefined) {
        // Posted by an earlier attempt, possibly from an older state of the decision (it may have moved on
        // meanwhile, and no refresh could reach a message not yet recorded): bring it up to date.
        const { channel, ts } = found;
        await this.call('chat.update', () =>
          this.client.chat.update({ channel, ts, text: message.text, blocks }),
        );
        return found;
      }
    }
    postingStillClaimed(ctx);
    return this.call('chat.postMessage', () =>
      this.client.chat.postMessage({
        channel: target.channel,
        ...(target.threadTs === undefined ? {} : { thread_ts: target.threadTs }),
        text: message.text,
        blocks,
      }),
    );
  }

  /**
   * The message carrying `marker` in the target conversation (or thread), posted since shortly before the
   * delivery was recorded. A failed search is a retryable SendError: posting blind could duplicate it.
   */
  private async findMarked(
    ctx: SendContext,
    target: PostTarget,
    marker: string,
  ): Promise<PostedMessage | undefined> {
    try {
      const channel = /^[UW]/.test(target.channel) ? await this.dmChannel(target.channel) : target.channel;
      let oldest = slackTs(ctx.delivery.createdAt - LOOKUP.lookbackMs);
      let latest: string | undefined;
      for (let page = 0; page < LOOKUP.maxPages; page++) {
        const range = {
          channel,
          oldest,
          limit: LOOKUP.pageSize,
          ...(latest === undefined ? {} : { latest }),
        };
        // History lists a conversation newest first (earlier pages: an older `latest`); a thread's replies come
        // oldest first (later pages: a newer `oldest`).
        const thread = target.threadTs;
        const res =
          thread === undefined
            ? await this.call('conversations.history', () => this.client.conversations.history(range))
            : await this.call('conversations.replies', () =>
                this.client.conversations.replies({ ...range, ts: thread }),
              );
        const messages = res.messages ?? [];
        const hit = messages.find((m) => m.blocks?.[0]?.block_id === marker);
        if (hit?.ts !== undefined) return { channel, ts: hit.ts };
        const edge = messages.at(-1)?.ts;
        if (!res.has_more || edge === undefined) return undefined;
        if (target.threadTs === undefined) latest = edge;
        else oldest = edge;
      }
      return undefined;
    } catch (error) {
      if (error instanceof RateLimitHeld) throw error;
      const cause = toSendError(error);
      throw new SendError(`lookup_failed: ${cause.code}`, false, cause.retryAfterMs);
    }
  }

  /** The bot's DM conversation (`D…`) with a user: history needs its id, not the user's. */
  private async dmChannel(user: string): Promise<string> {
    const res = await this.call('conversations.open', () => this.client.conversations.open({ users: user }));
    if (res.channel?.id === undefined) throw new Error('conversations.open returned no channel');
    return res.channel.id;
  }

  private async viewOptions(ctx: SendContext, decision: Decision, project: Project): Promise<ViewBase> {
    const latency =
      decision.closedAt === null
        ? undefined
        : (decisionLatency(ctx.events, decision.ladder, decision.requester, this.projects.calendar, ctx.now)
            .outcome ?? undefined);
    return {
      project,
      now: ctx.now,
      timeZone: this.projects.timezone,
      history: showsHistory(decision, ctx.events) ? ctx.events : undefined,
      events: ctx.events,
      latency: latency ? { wallMs: latency.wallMs, businessMs: latency.businessMs } : undefined,
      sourcePermalink: await this.permalinkOf(decision),
    };
  }

  /** Link to the message a request was raised from (message shortcut); none when Slack cannot give one. */
  private async permalinkOf(decision: Decision): Promise<string | undefined> {
    const source = decision.source;
    return source === undefined ? undefined : this.permalink(source.channel, source.ts);
  }

  /** A message's permalink, asked of Slack once per message; undefined when Slack cannot give one. */
  private async permalink(channel: string, ts: string): Promise<string | undefined> {
    const key = `${channel}/${ts}`;
    const known = this.permalinks.get(key);
    if (known !== undefined) return known;
    // A link is a nicety: held after a 429, or refused, the message goes without it.
    const permalink = await this.call('chat.getPermalink', () =>
      this.client.chat.getPermalink({ channel, message_ts: ts }),
    )
      .then((r) => r.permalink)
      .catch(() => undefined);
    if (permalink !== undefined) this.permalinks.set(key, permalink);
    return permalink;
  }
}

/** The methods a delivery calls, for the check before it starts (see `heldFor`). */
function methodsOf(ctx: SendContext): string[] {
  const { kind } = ctx.delivery;
  if (kind === 'home') return ['views.publish'];
  if (kind === 'refresh') return ['chat.update'];
  const upload = ['files.getUploadURLExternal', 'files.completeUploadExternal'];
  const sends =
    kind === 'file' ? upload : kind === 'digest' ? ['chat.postMessage', ...upload] : ['chat.postMessage'];
  if (!ctx.maybeSentBefore) return sends;
  const lookups =
    kind === 'thread_reply' ? ['conversations.replies'] : ['conversations.open', 'conversations.history'];
  return [...sends, ...lookups, 'chat.update'];
}

interface PostTarget {
  /** A channel, a DM (`D…`) or a user ID (the bot's DM with them). */
  readonly channel: string;
  readonly threadTs?: string | undefined;
}

interface PostedMessage {
  readonly channel?: string | undefined;
  readonly ts?: string | undefined;
}

/**
 * A run that may have lost its claim on the row (its renewals failed) posts nothing: another run may have taken
 * the row over and be posting it. Retried later, when the next run claims the row and looks before posting.
 */
function postingStillClaimed(ctx: SendContext): void {
  if (ctx.stillClaimed?.() === false) throw new SendError('claim_lapsed', false);
}

/** How far and how deep to search for a message an earlier attempt may have posted. */
const LOOKUP = {
  /** Before the delivery was recorded (clock skew between the bot and Slack). */
  lookbackMs: 15 * 60_000,
  pageSize: 200,
  maxPages: 5,
} as const;

/**
 * The marker of an outbox row's message: the `block_id` of its first block. Slack echoes block ids back in the
 * conversation's history, so a retry can tell whether an earlier attempt posted it (unique per message, ≤ 255
 * characters).
 */
export function deliveryMarker(deliveryId: number): string {
  return `dlv-${deliveryId}`;
}

/** The blocks with the marker as the first block's id (the builders stay pure and marker-free). */
function withMarker(blocks: readonly KnownBlock[], marker: string): KnownBlock[] {
  const [first, ...rest] = blocks;
  return first === undefined ? [] : [{ ...first, block_id: marker }, ...rest];
}

/** A Slack timestamp ("seconds.micros") for an instant in ms. */
function slackTs(ms: number): string {
  const clamped = Math.max(0, ms);
  return `${Math.floor(clamped / 1000)}.${String((clamped % 1000) * 1000).padStart(6, '0')}`;
}

/**
 * The index of the delivery's event among the decision's events of that type (the thread reply asking for
 * information, the DM asking a key user), so a refresh can re-render it; undefined for other messages.
 */
function eventIndex(ctx: SendContext, type: 'info_requested' | 'consulted'): number | undefined {
  const event = ctx.delivery.payload.event;
  if (event?.type !== type) return undefined;
  const i = ctx.events
    .filter((e) => e.type === type)
    .findIndex((e) => e.at === event.at && e.actor === event.actor);
  return i < 0 ? undefined : i;
}

/** A decision as someone who follows it sees it: where it is, no buttons. */
function withoutButtons(
  decision: Decision,
  base: ViewBase,
  viewerId: string,
  events: readonly DecisionEvent[],
): Message {
  const options = { ...base, viewer: 'observer', viewerId } as const;
  return decision.kind === 'signoff'
    ? signOffMessage(decision, { ...options, events })
    : decisionMessage(decision, options);
}

/** A sign-off's copy as it should look now, by the role it was posted under; undefined for other messages. */
function signOffCopy(
  decision: Decision,
  ref: SlackMessageRef,
  base: ViewBase,
  events: readonly DecisionEvent[],
): Message | undefined {
  const returned = parseSignOffReturnedRole(ref.role);
  if (returned !== undefined) return signOffReturnedMessage(decision, returned, events);
  const options = { ...base, events, viewerId: ref.recipient };
  if (ref.role === ROLE.threadHead) return signOffMessage(decision, { ...options, viewer: 'channel' });
  if (ref.role === ROLE.requester) return signOffMessage(decision, { ...options, viewer: 'requester' });
  const copy = parseSignOffRequestRole(ref.role);
  if (copy === undefined) return undefined;
  return signOffMessage(decision, { ...options, viewer: 'decider', viewerId: ref.recipient, copy });
}

function posted(
  role: string,
  recipient: string,
  res: { ts?: string | undefined; channel?: string | undefined },
): SlackMessageRef | undefined {
  return res.ts && res.channel ? { role, recipient, channel: res.channel, ts: res.ts } : undefined;
}

/**
 * An information request or a consultation as it should look now: Answer only while that request is the one
 * awaited, Give opinion only while the decision is open. Undefined when the event is not in the log.
 */
function buttonMessage(
  decision: Decision,
  events: readonly DecisionEvent[],
  type: 'info_requested' | 'consulted',
  n: number,
): Message | undefined {
  const ofType = events.filter((e) => e.type === type);
  const event = ofType[n];
  if (event?.type === 'info_requested') {
    const awaited = decision.status === 'needs_info' && n === ofType.length - 1;
    return infoRequestMessage(decision, {
      asker: event.actor ?? '',
      question: event.data.question,
      answerButton: awaited,
    });
  }
  if (event?.type === 'consulted') {
    return consultationRequestMessage(decision, {
      by: event.actor ?? '',
      domain: event.data.domain,
      question: event.data.question,
      opinionButton: !isClosed(decision.status),
    });
  }
  return undefined;
}

/** Events that change who holds a decision or what its deciders know: worth a "How it got here". */
const HISTORY_EVENTS: ReadonlySet<DecisionEvent['type']> = new Set([
  'edited',
  'delegated',
  'handed_over',
  'info_requested',
  'info_provided',
  'consulted',
  'opinion_given',
]);

/**
 * The event log is shown (and used for "held for" and "where it went") once the decision climbed the ladder,
 * and also at its first level once it was delegated, handed over, paused for information or discussed with key
 * users: otherwise a delegate would never see the note, nor the SPoC where their copy went.
 */
function showsHistory(decision: Decision, events: readonly DecisionEvent[]): boolean {
  return decision.level !== decision.ladder.steps[0]?.level || events.some((e) => HISTORY_EVENTS.has(e.type));
}
