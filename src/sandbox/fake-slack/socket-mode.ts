import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import { isObject, type Json } from '../json.js';
import type { Violation } from './violations.js';

/** What an envelope carries: slash commands, interactions (block_actions, view_submission, shortcuts…), events. */
export type EnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

/**
 * Why Slack ends a connection: `warning` (about 10 s before it does), `refresh_requested` (it recycles links
 * every few hours), `link_disabled` (Socket Mode was turned off for the app).
 */
export type DisconnectReason = 'warning' | 'refresh_requested' | 'link_disabled';

/** One message Slack sends the app over the WebSocket, as Slack's Socket Mode documentation shows it. */
export interface Envelope {
  envelope_id: string;
  type: EnvelopeType;
  payload: Json;
  accepts_response_payload: boolean;
  /** Events only: 0 for the first delivery, then 1, 2… */
  retry_attempt?: number;
  retry_reason?: string;
}

/** The app's answer to an envelope: `{ envelope_id, payload? }`. */
export interface EnvelopeAck {
  envelopeId: string;
  /** The `payload` of the app's answer (a modal's `response_action`, a command's message); undefined if none. */
  payload: Json | undefined;
  /** From the (last) delivery to the ack, in ms: the app's own time. */
  latencyMs: number;
  /** How many times it was written to a connection (more than 1: a connection broke before the ack came). */
  deliveries: number;
  /** How long it waited for an open connection before its last delivery, in ms. */
  waitedMs: number;
}

export interface SocketConnection {
  readonly id: number;
  /** Fake clock, ms. */
  readonly openedAt: number;
  closedAt?: number;
  /** `app`: the app closed it (e.g. after a `disconnect` message); `dropped`: the stand-in cut it; `shutdown`. */
  closedBy?: 'app' | 'dropped' | 'shutdown';
  /** Envelopes written to it (redeliveries included). */
  delivered: number;
}

export interface SocketModeOptions {
  appId: string;
  now: () => number;
  /** 'ws://127.0.0.1:PORT/' */
  baseUrl: string;
  violation: (violation: Omit<Violation, 'at'>) => void;
  /** How often Slack pings each connection (the client drops a link that stays silent 30 s). Default 10 s. */
  pingEveryMs?: number;
  /** After a `disconnect` message, how long the app has to close the link before Slack cuts it. Default 10 s. */
  closeAfterMs?: number;
}

interface Link {
  readonly socket: WebSocket;
  readonly info: SocketConnection;
  /** After `hello` and until a `disconnect` message or the close: envelopes go to it. */
  ready: boolean;
  readonly timers: NodeJS.Timeout[];
}

interface Pending {
  readonly envelope: Envelope;
  deliveries: number;
  /** performance.now() when it began to wait for a connection. */
  waitingSince: number;
  sentAt?: number;
  on?: Link;
  readonly resolve: (ack: EnvelopeAck) => void;
  readonly reject: (error: Error) => void;
  readonly timeout: NodeJS.Timeout;
}

export const LINK_PATH = 'link/';

/**
 * Slack's side of Socket Mode, on the stand-in's HTTP server: `apps.connections.open` hands out a single-use
 * `ws://…/link/?ticket=…` URL; the app connects, gets `hello`, then envelopes, each of which it acknowledges
 * with `{ envelope_id, payload? }`. Envelopes sent while no connection is open wait for the next one (as Slack
 * holds them while the app reconnects); one sent on a connection that breaks before its ack is sent again on the
 * next, with `retry_attempt` counting the earlier deliveries.
 */
export class SocketModeServer {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly tickets = new Set<string>();
  private readonly links = new Set<Link>();
  private readonly pending = new Map<string, Pending>();
  private readonly history: SocketConnection[] = [];
  private readonly pingEveryMs: number;
  private readonly closeAfterMs: number;
  private closed = false;
  private acksToLose = 0;

  constructor(
    server: Server,
    private readonly options: SocketModeOptions,
  ) {
    this.pingEveryMs = options.pingEveryMs ?? 10_000;
    this.closeAfterMs = options.closeAfterMs ?? 10_000;
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) =>
      this.upgrade(req, socket, head),
    );
  }

  /** What `apps.connections.open` answers: a fresh WebSocket URL with a single-use ticket. */
  openLink(): string {
    const ticket = randomUUID();
    this.tickets.add(ticket);
    return `${this.options.baseUrl}${LINK_PATH}?ticket=${ticket}&app_id=${this.options.appId}`;
  }

  /** Every connection so far, oldest first (closed ones with `closedAt`). */
  connections(): SocketConnection[] {
    return this.history.map((c) => ({ ...c }));
  }

  /** Connections that take envelopes now. */
  get openCount(): number {
    return [...this.links].filter((l) => l.ready).length;
  }

  /** Envelopes sent and not yet acknowledged (waiting for a connection, or for the app's ack). */
  get unacked(): number {
    return this.pending.size;
  }

  /**
   * Sends one envelope and resolves with the app's ack. Without an open connection it waits for one; it
   * rejects after `timeoutMs` (default 15 s) without an ack.
   */
  send(
    type: EnvelopeType,
    payload: Json,
    options: {
      acceptsResponsePayload?: boolean;
      retryAttempt?: number;
      retryReason?: string;
      timeoutMs?: number;
    } = {},
  ): Promise<EnvelopeAck> {
    if (this.closed) return Promise.reject(new Error('the stand-in is closed'));
    const envelope: Envelope = {
      envelope_id: randomUUID(),
      type,
      payload,
      accepts_response_payload: options.acceptsResponsePayload ?? false,
      ...(type === 'events_api'
        ? { retry_attempt: options.retryAttempt ?? 0, retry_reason: options.retryReason ?? '' }
        : {}),
    };
    const timeoutMs = options.timeoutMs ?? 15_000;
    return new Promise<EnvelopeAck>((resolve, reject) => {
      const id = envelope.envelope_id;
      const timeout = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`Socket Mode: no ack for ${type} envelope ${id} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, {
        envelope,
        deliveries: 0,
        waitingSince: performance.now(),
        resolve,
        reject,
        timeout,
      });
      this.flush();
    });
  }

  /**
   * Ends the open connections as Slack does: a `disconnect` message (the app then closes the link and opens a
   * new one; Slack cuts a link still open after `closeAfterMs`), or with `abrupt`, a dropped TCP connection
   * with no message at all.
   */
  disconnect(reason: DisconnectReason = 'refresh_requested', options: { abrupt?: boolean } = {}): void {
    for (const link of [...this.links]) {
      if (options.abrupt) {
        this.end(link, 'dropped');
        continue;
      }
      if (!link.ready) continue;
      link.ready = false;
      link.socket.send(
        JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'applink-sandbox' } }),
      );
      const cut = setTimeout(() => this.end(link, 'dropped'), this.closeAfterMs);
      cut.unref();
      link.timers.push(cut);
    }
  }

  /**
   * The next `times` acks are lost with their connection: the link breaks as the ack is on its way, so Slack
   * never reads it and sends the envelope again on the app's next link (`retry_attempt` 1, 2…).
   */
  loseNextAck(times = 1): void {
    this.acksToLose += times;
  }

  /** Cuts every connection with no message (a network failure): the app notices and reconnects. */
  drop(): void {
    this.disconnect('refresh_requested', { abrupt: true });
  }

  close(): void {
    this.closed = true;
    for (const link of [...this.links]) this.end(link, 'shutdown');
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timeout);
      pending.reject(new Error(`the stand-in closed before envelope ${id} was acknowledged`));
    }
    this.pending.clear();
    this.wss.close();
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://fake');
    const ticket = url.searchParams.get('ticket') ?? '';
    if (this.closed || url.pathname !== `/${LINK_PATH}` || !this.tickets.delete(ticket)) {
      // An unknown or used ticket: Slack refuses the handshake.
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.connected(ws));
  }

  private connected(socket: WebSocket): void {
    const info: SocketConnection = {
      id: this.history.length + 1,
      openedAt: this.options.now(),
      delivered: 0,
    };
    this.history.push(info);
    const link: Link = { socket, info, ready: true, timers: [] };
    this.links.add(link);
    socket.on('message', (data, isBinary) => this.received(link, data, isBinary));
    socket.on('close', () => this.closedLink(link, 'app'));
    socket.on('error', () => this.end(link, 'dropped'));
    const ping = setInterval(() => socket.ping(), this.pingEveryMs);
    ping.unref();
    link.timers.push(ping);
    socket.send(
      JSON.stringify({
        type: 'hello',
        num_connections: this.openCount,
        debug_info: { host: 'applink-sandbox', build_number: 1, approximate_connection_time: 18060 },
        connection_info: { app_id: this.options.appId },
      }),
    );
    this.flush();
  }

  private received(link: Link, data: RawData, isBinary: boolean): void {
    const text = isBinary ? undefined : data.toString();
    let message: unknown;
    try {
      message = text === undefined ? undefined : JSON.parse(text);
    } catch {
      message = undefined;
    }
    const id = isObject(message) ? message.envelope_id : undefined;
    if (!isObject(message) || typeof id !== 'string') {
      this.options.violation({
        source: 'socket_mode',
        method: 'ack',
        error: 'invalid_message',
        details: ['the app sent something other than a JSON `{ envelope_id, payload? }` ack'],
        args: text ?? '<binary>',
      });
      return;
    }
    const pending = this.pending.get(id);
    if (pending === undefined) {
      this.options.violation({
        source: 'socket_mode',
        method: 'ack',
        error: 'unknown_envelope_id',
        details: [`no envelope ${id} is waiting for an ack (acknowledged twice, or never sent)`],
        args: message,
      });
      return;
    }
    if (this.acksToLose > 0) {
      this.acksToLose -= 1;
      this.end(link, 'dropped');
      return;
    }
    this.pending.delete(id);
    clearTimeout(pending.timeout);
    const payload = isObject(message.payload) ? message.payload : undefined;
    pending.resolve({
      envelopeId: id,
      payload,
      latencyMs: performance.now() - (pending.sentAt ?? pending.waitingSince),
      deliveries: pending.deliveries,
      waitedMs: (pending.sentAt ?? pending.waitingSince) - pending.waitingSince,
    });
  }

  /** Writes every envelope that waits for a connection to the newest open one. */
  private flush(): void {
    const link = [...this.links].filter((l) => l.ready).at(-1);
    if (link === undefined) return;
    for (const pending of this.pending.values()) {
      if (pending.on !== undefined) continue;
      pending.on = link;
      pending.deliveries += 1;
      pending.sentAt = performance.now();
      link.info.delivered += 1;
      link.socket.send(JSON.stringify(pending.envelope));
    }
  }

  private end(link: Link, by: 'dropped' | 'shutdown'): void {
    link.socket.terminate();
    this.closedLink(link, by);
  }

  /** A link is gone: what it was given and did not acknowledge waits for the next one, as a retry. */
  private closedLink(link: Link, by: NonNullable<SocketConnection['closedBy']>): void {
    if (!this.links.delete(link)) return;
    link.ready = false;
    for (const timer of link.timers) clearTimeout(timer);
    link.info.closedAt = this.options.now();
    link.info.closedBy = by;
    for (const pending of this.pending.values()) {
      if (pending.on !== link) continue;
      pending.on = undefined;
      pending.waitingSince = performance.now();
      pending.sentAt = undefined;
      pending.envelope.retry_attempt = pending.deliveries;
      pending.envelope.retry_reason = 'timeout';
    }
    this.flush();
  }
}
