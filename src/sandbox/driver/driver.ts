import type { FakeSlack } from '../fake-slack/fake-slack.js';
import type { StoredView } from '../fake-slack/view-store.js';
import type { Conversation, ExternalTeam, SlackUser, StoredMessage } from '../fake-slack/workspace.js';
import type { Json } from '../json.js';
import { applyCommandAck, applySubmissionAck, type SubmitEffect } from './ack-effects.js';
import {
  type ActionSource,
  actionJson,
  blockActionsPayload,
  eventEnvelope,
  homeOpenedEvent,
  messageActionPayload,
  type PayloadContext,
  shortcutPayload,
  slashCommandFields,
  userMessageEvent,
  viewClosedPayload,
  viewSubmissionPayload,
} from './payloads.js';
import { SocketTransport } from './socket-transport.js';
import { elementState, type InputValue, type Lookups, submissionState } from './state-values.js';
import { type Found, findElement, type Target } from './targets.js';
import {
  type Ack,
  formRequest,
  HttpTransport,
  interactionRequest,
  jsonRequest,
  type SendOptions,
  type SentRequest,
  type SignatureMode,
  type Transport,
} from './transport.js';

interface DriverCommonOptions {
  fake: FakeSlack;
  /** Default: the fake's app id. */
  apiAppId?: string;
  /** The deprecated verification token sent in payloads. Default 'sandbox-verification-token'. */
  verificationToken?: string;
  /** Acks slower than this are violations (Slack shows the user an error after 3 s). Default 3000. */
  slowAckMs?: number;
}

/** HTTP mode: signed requests to the bot's request URL. */
export interface HttpDriverOptions extends DriverCommonOptions {
  socketMode?: false;
  /** The bot's request URL, e.g. 'http://127.0.0.1:PORT/slack/events'; several: used in turn (round-robin). */
  url: string | readonly string[];
  signingSecret: string;
  /** Clock for `x-slack-request-timestamp`: Bolt checks it against its own clock. Default `Date.now`. */
  signingNow?: () => number;
}

/**
 * Socket Mode: the same payloads as envelopes over the bot's WebSocket link to the fake (`fake.socket`); an
 * envelope sent while the bot is not connected waits until it is.
 */
export interface SocketDriverOptions extends DriverCommonOptions {
  socketMode: true;
}

export type SlackDriverOptions = HttpDriverOptions | SocketDriverOptions;

/** Answer to an interaction that handed out a trigger_id (and, for messages and commands, a response_url). */
export interface InteractionAck extends Ack {
  triggerId: string;
  responseUrl?: string;
}

export interface SubmitResult extends Ack, SubmitEffect {
  /** The view as submitted, with the `state.values` the bot received. */
  view: StoredView;
}

export interface EventAck extends Ack {
  eventId: string;
}

/**
 * Acts as Slack toward the bot: sends correctly signed slash commands, interactions and events to its
 * request URL (or, in Socket Mode, the same payloads as envelopes over its WebSocket link), built only from what the fake holds (a test cannot click a button the bot never sent), and
 * applies the bot's answers to the fake's state as Slack would. Every ack is timed; slow or failed acks
 * are recorded as violations on the fake.
 */
export class SlackDriver {
  /** Every answer of the bot, oldest first. */
  readonly acks: Ack[] = [];
  private readonly fake: FakeSlack;
  private readonly transport: Transport;
  private readonly apiAppId: string;
  private readonly token: string;
  private readonly slowAckMs: number;
  private actingTeam: ExternalTeam | undefined;

  constructor(options: SlackDriverOptions) {
    this.fake = options.fake;
    this.transport = options.socketMode
      ? new SocketTransport(options.fake.socket)
      : new HttpTransport(options.url, options.signingSecret, options.signingNow ?? Date.now);
    this.apiAppId = options.apiAppId ?? options.fake.workspace.bot.appId;
    this.token = options.verificationToken ?? 'sandbox-verification-token';
    this.slowAckMs = options.slowAckMs ?? 3000;
  }

  /**
   * The same driver (transport, acks), but every payload says its user acts from `team`: a Slack Connect guest
   * of another workspace whose user ID is also one of this workspace's (IDs are unique per team only).
   */
  fromTeam(team: ExternalTeam): SlackDriver {
    const driver = Object.create(SlackDriver.prototype) as SlackDriver;
    Object.assign(driver, this);
    driver.actingTeam = { ...team };
    return driver;
  }

  /** `/command text` typed by `user` in `channel` (a channel ID, or a user ID for the app's DM). */
  async slashCommand(input: {
    user: string;
    channel: string;
    command: string;
    text?: string;
  }): Promise<InteractionAck> {
    const user = this.user(input.user);
    const channel = this.conversation(input.channel);
    const triggerId = this.fake.tickets.issueTrigger(user.id);
    const responseUrl = this.fake.tickets.issueResponseUrl({ channel: channel.id, user: user.id });
    const fields = slashCommandFields(this.context(), {
      user,
      channel,
      command: input.command,
      text: input.text ?? '',
      triggerId,
      responseUrl,
    });
    const ack = await this.send(formRequest('slash_command', fields));
    applyCommandAck(this.fake, user.id, channel, ack);
    this.fake.changed();
    return { ...ack, triggerId, responseUrl };
  }

  /** Clicks a button the bot sent (see `Target` for where the driver looks). */
  async clickButton(
    user: string,
    query: { actionId: string; blockId?: string; in?: Target },
  ): Promise<InteractionAck> {
    const { request, triggerId, responseUrl } = this.blockAction(user, query, undefined);
    return { ...(await this.send(request)), triggerId, ...(responseUrl ? { responseUrl } : {}) };
  }

  /** Picks a value in a select, overflow, datepicker, checkboxes, radio buttons... that dispatches block_actions. */
  async choose(
    user: string,
    query: { actionId: string; value: InputValue; blockId?: string; in?: Target },
  ): Promise<InteractionAck> {
    const { request, triggerId, responseUrl } = this.blockAction(user, query, query.value);
    return { ...(await this.send(request)), triggerId, ...(responseUrl ? { responseUrl } : {}) };
  }

  /**
   * Two identical block_actions requests for one click, as when a user double-clicks or Slack's client
   * retries: one after the other, or both at once.
   */
  async doubleClick(
    user: string,
    query: { actionId: string; blockId?: string; in?: Target },
    options: { concurrent?: boolean } = {},
  ): Promise<Ack[]> {
    const { request } = this.blockAction(user, query, undefined);
    return this.sendTimes(request, 2, options.concurrent ?? false);
  }

  /**
   * Submits the user's open modal (or `viewId`) with `values` keyed by action_id or block_id, then applies
   * the bot's answer to the modal stack.
   */
  async submitView(
    user: string,
    input: { values?: Record<string, InputValue>; viewId?: string } = {},
  ): Promise<SubmitResult> {
    const slackUser = this.user(user);
    const current =
      input.viewId === undefined ? this.fake.openView(user) : this.fake.views.byId(input.viewId)?.view;
    if (current === undefined) throw new Error(`${user} has no open modal to submit`);
    if (current.type !== 'modal' || current.submit === null)
      throw new Error(`view ${current.id} has no submit button`);
    const values = submissionState(current, input.values ?? {}, this.lookups());
    this.fake.views.setState(current.id, values);
    const view = structuredClone({ ...current, state: { values } });
    const triggerId = this.fake.tickets.issueTrigger(user);
    const ack = await this.send(
      interactionRequest(viewSubmissionPayload(this.context(), { user: slackUser, view, triggerId })),
    );
    const effect = applySubmissionAck(this.fake, user, view, ack);
    this.fake.changed();
    return { ...ack, ...effect, view };
  }

  /**
   * The user closes the open modal (Slack closes it at once). The bot hears of it only if the view set
   * `notify_on_close`; otherwise nothing is sent and the result is undefined.
   */
  async closeView(user: string): Promise<Ack | undefined> {
    const slackUser = this.user(user);
    const view = this.fake.openView(user);
    if (view === undefined) throw new Error(`${user} has no open modal to close`);
    const isCleared = view.clear_on_close === true;
    if (isCleared) this.fake.views.clear(user);
    else this.fake.views.pop(user);
    this.fake.changed();
    if (view.notify_on_close !== true) return undefined;
    return this.send(
      interactionRequest(viewClosedPayload(this.context(), { user: slackUser, view, isCleared })),
    );
  }

  /** A global shortcut (`callback_id` from the app's manifest). */
  async globalShortcut(user: string, callbackId: string): Promise<InteractionAck> {
    const triggerId = this.fake.tickets.issueTrigger(user);
    const payload = shortcutPayload(this.context(), { user: this.user(user), callbackId, triggerId });
    return { ...(await this.send(interactionRequest(payload))), triggerId };
  }

  /** A message shortcut on a stored message. */
  async messageShortcut(
    user: string,
    input: { callbackId: string; message: { channel: string; ts: string } },
  ): Promise<InteractionAck> {
    const message = this.fake.workspace.message(input.message.channel, input.message.ts);
    if (message === undefined) throw new Error(`No message ${input.message.channel}/${input.message.ts}`);
    const channel = this.conversation(message.channel);
    const triggerId = this.fake.tickets.issueTrigger(user);
    const responseUrl = this.fake.tickets.issueResponseUrl({
      channel: channel.id,
      user,
      messageTs: message.ts,
    });
    const payload = messageActionPayload(this.context(), {
      user: this.user(user),
      callbackId: input.callbackId,
      triggerId,
      responseUrl,
      message,
      channel,
    });
    return { ...(await this.send(interactionRequest(payload))), triggerId, responseUrl };
  }

  /** Any event, wrapped in an `event_callback` envelope. */
  async event(event: Json): Promise<EventAck> {
    const eventId = this.fake.ids.next('Ev');
    const ack = await this.send(jsonRequest('event_callback', eventEnvelope(this.context(), event, eventId)));
    return { ...ack, eventId };
  }

  /** The user opens the app's Home tab (or Messages tab). */
  async appHomeOpened(user: string, tab: 'home' | 'messages' = 'home'): Promise<EventAck> {
    const dm = this.fake.workspace.openDm(this.user(user).id);
    const view = this.fake.homeView(user);
    return this.event(
      homeOpenedEvent(this.context(), { user, channel: dm.id, tab, ...(view ? { view } : {}) }),
    );
  }

  /** The user posts a message (in a thread with `threadTs`); the bot receives the `message` event. */
  async userPosts(input: {
    user: string;
    channel: string;
    text: string;
    threadTs?: string;
  }): Promise<EventAck & { message: StoredMessage }> {
    const user = this.user(input.user);
    const channel = this.conversation(input.channel);
    if (!channel.members.has(user.id)) throw new Error(`${user.id} is not a member of ${channel.id}`);
    const message = this.fake.workspace.postMessage({
      channel: channel.id,
      user: user.id,
      text: input.text,
      blocks: [
        {
          type: 'rich_text',
          block_id: this.fake.ids.shortId(),
          elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: input.text }] }],
        },
      ],
      ...(input.threadTs === undefined ? {} : { threadTs: input.threadTs }),
    });
    this.fake.changed();
    const ack = await this.event(userMessageEvent(this.context(), message, channel));
    return { ...ack, message };
  }

  /** Slack's check of the request URL; a correct app answers the challenge. */
  async urlVerification(challenge = 'sandbox-challenge'): Promise<Ack> {
    const ack = await this.send(
      jsonRequest('url_verification', { token: this.token, challenge, type: 'url_verification' }),
    );
    const echoed =
      typeof ack.body === 'object' && ack.body !== null ? (ack.body as Json).challenge : ack.body;
    if (ack.status === 200 && echoed !== challenge) {
      this.fake.recordViolation({
        source: 'ack',
        method: 'url_verification',
        error: 'ack_failed',
        details: ['challenge not echoed'],
        args: ack.body,
      });
    }
    return ack;
  }

  /** Slack's retry of an event delivery: same body, `X-Slack-Retry-Num` / `X-Slack-Retry-Reason` headers. */
  redeliver(sent: SentRequest | Ack, options: { retryNum?: number; reason?: string } = {}): Promise<Ack> {
    return this.send(requestOf(sent), {
      retryNum: options.retryNum ?? 1,
      retryReason: options.reason ?? 'http_timeout',
    });
  }

  /**
   * Sends an earlier request again, unchanged, `times` times (sequentially or all at once), freshly signed
   * or with a bad signature. Side effects of the answers are not applied again.
   */
  replay(
    sent: SentRequest | Ack,
    options: { times?: number; concurrent?: boolean; signature?: SignatureMode } = {},
  ): Promise<Ack[]> {
    return this.sendTimes(
      requestOf(sent),
      options.times ?? 1,
      options.concurrent ?? false,
      options.signature,
    );
  }

  private blockAction(
    user: string,
    query: { actionId: string; blockId?: string; in?: Target },
    value: InputValue | undefined,
  ) {
    const slackUser = this.user(user);
    const found = findElement(this.fake, user, {
      ...query,
      types: (type) => (value === undefined ? type === 'button' : type !== 'button'),
    });
    const selection = value === undefined ? {} : elementState(found.element.element, value, this.lookups());
    const action = actionJson(this.context(), found.element, selection);
    const triggerId = this.fake.tickets.issueTrigger(user);
    const source = this.actionSource(found, user);
    const payload = blockActionsPayload(this.context(), { user: slackUser, source, action, triggerId });
    return {
      request: interactionRequest(payload),
      triggerId,
      responseUrl: source.kind === 'view' ? undefined : source.responseUrl,
    };
  }

  private actionSource(found: Found, user: string): ActionSource {
    const { surface } = found;
    if (surface.kind === 'view') return { kind: 'view', view: surface.view };
    const channel = this.conversation(surface.message.channel);
    const responseUrl = this.fake.tickets.issueResponseUrl({
      channel: channel.id,
      user,
      messageTs: surface.message.ts,
      ephemeral: surface.kind === 'ephemeral',
    });
    return surface.kind === 'message'
      ? { kind: 'message', message: surface.message, channel, responseUrl }
      : { kind: 'ephemeral', message: surface.message, channel, responseUrl };
  }

  private async sendTimes(
    request: SentRequest,
    times: number,
    concurrent: boolean,
    signature?: SignatureMode,
  ): Promise<Ack[]> {
    const options = signature === undefined ? {} : { signature };
    if (concurrent) return Promise.all(Array.from({ length: times }, () => this.send(request, options)));
    const acks: Ack[] = [];
    for (let i = 0; i < times; i++) acks.push(await this.send(request, options));
    return acks;
  }

  /** Sends, records the ack, and flags slow or failed acks of correctly signed requests. */
  private async send(request: SentRequest, options: SendOptions = {}): Promise<Ack> {
    const ack = await this.transport.send(request, options);
    this.acks.push(ack);
    if ((options.signature ?? 'valid') !== 'valid') return ack;
    const args = { kind: request.kind, payload: request.payload };
    if (ack.latencyMs > this.slowAckMs) {
      this.fake.recordViolation({
        source: 'ack',
        method: request.kind,
        error: 'slow_ack',
        details: [
          `acknowledged after ${Math.round(ack.latencyMs)} ms (Slack gives up after ${this.slowAckMs} ms)`,
        ],
        args,
      });
    }
    if (ack.status < 200 || ack.status >= 300) {
      this.fake.recordViolation({
        source: 'ack',
        method: request.kind,
        error: 'ack_failed',
        details: [`HTTP ${ack.status}`],
        args,
      });
    }
    return ack;
  }

  private context(): PayloadContext {
    return {
      ws: this.fake.workspace,
      apiAppId: this.apiAppId,
      token: this.token,
      now: this.fake.now(),
      ...(this.actingTeam === undefined ? {} : { actingTeam: this.actingTeam }),
    };
  }

  private lookups(): Lookups {
    const ws = this.fake.workspace;
    return {
      userExists: (id) => ws.user(id) !== undefined,
      conversationExists: (id) => ws.conversation(id) !== undefined,
    };
  }

  private user(id: string): SlackUser {
    const user = this.fake.workspace.user(id);
    if (user === undefined) throw new Error(`No user ${id} in the fake workspace`);
    return user;
  }

  /** A channel ID, or a user ID for the app's DM with that user. */
  private conversation(ref: string): Conversation {
    const ws = this.fake.workspace;
    const conversation = /^[UW]/.test(ref) ? ws.openDm(this.user(ref).id) : ws.findConversation(ref);
    if (conversation === undefined) throw new Error(`No conversation ${ref} in the fake workspace`);
    return conversation;
  }
}

function requestOf(sent: SentRequest | Ack): SentRequest {
  return 'request' in sent ? sent.request : sent;
}
