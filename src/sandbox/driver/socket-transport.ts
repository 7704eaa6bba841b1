import type { EnvelopeType, SocketModeServer } from '../fake-slack/socket-mode.js';
import type { Ack, SendOptions, SentRequest, Transport } from './transport.js';

/** Interactions whose ack may carry a payload Slack acts on (`response_action`, options). */
const RESPONDING_INTERACTIONS = new Set(['view_submission', 'block_suggestion']);

/**
 * Sends what the HTTP transport would POST as Socket Mode envelopes instead: slash commands as `slash_commands`
 * (the form fields as a JSON object), interactions as `interactive`, events as `events_api`. The app's ack
 * `payload` becomes the ack body, as an HTTP answer's body would be (none, or `{}`, is an empty 200).
 */
export class SocketTransport implements Transport {
  constructor(
    private readonly socket: SocketModeServer,
    private readonly timeoutMs = 15_000,
  ) {}

  async send(request: SentRequest, options: SendOptions = {}): Promise<Ack> {
    if ((options.signature ?? 'valid') !== 'valid') {
      throw new Error('Socket Mode has no request signatures: a badly signed request cannot be sent over it');
    }
    const type = envelopeType(request.kind);
    const ack = await this.socket.send(type, request.payload, {
      acceptsResponsePayload: type === 'slash_commands' || RESPONDING_INTERACTIONS.has(request.kind),
      ...(options.retryNum === undefined
        ? {}
        : { retryAttempt: options.retryNum, retryReason: options.retryReason ?? 'timeout' }),
      timeoutMs: this.timeoutMs,
    });
    const empty = ack.payload === undefined || Object.keys(ack.payload).length === 0;
    return {
      status: 200,
      body: empty ? '' : ack.payload,
      latencyMs: ack.latencyMs,
      request,
      envelope: { id: ack.envelopeId, deliveries: ack.deliveries, waitedMs: ack.waitedMs },
    };
  }
}

function envelopeType(kind: string): EnvelopeType {
  if (kind === 'slash_command') return 'slash_commands';
  if (kind === 'event_callback') return 'events_api';
  if (kind === 'url_verification') {
    throw new Error('Socket Mode has no url_verification: Slack checks request URLs in HTTP mode only');
  }
  return 'interactive';
}
