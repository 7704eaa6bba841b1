/** Local Slack stand-in: a fake Web API that validates every call, and a driver that acts as Slack toward the bot. */
export type { SubmitOutcome } from './driver/ack-effects.js';
export {
  type EventAck,
  type HttpDriverOptions,
  type InteractionAck,
  SlackDriver,
  type SlackDriverOptions,
  type SocketDriverOptions,
  type SubmitResult,
} from './driver/driver.js';
export type { InputValue } from './driver/state-values.js';
export type { Target } from './driver/targets.js';
export type { Ack, SentRequest, SignatureMode } from './driver/transport.js';
export type { ButtonInfo } from './fake-slack/blocks.js';
export { FakeSlack, type FakeSlackOptions, startFakeSlack } from './fake-slack/fake-slack.js';
export { type Fault, mulberry32, type RandomFaults } from './fake-slack/faults.js';
export type { RecordedCall } from './fake-slack/recorder.js';
export type {
  DisconnectReason,
  Envelope,
  EnvelopeAck,
  EnvelopeType,
  SocketConnection,
  SocketModeServer,
} from './fake-slack/socket-mode.js';
export type { StoredView } from './fake-slack/view-store.js';
export type { Violation } from './fake-slack/violations.js';
export type {
  ChannelInit,
  EphemeralMessage,
  ExternalTeam,
  StoredMessage,
  UserInit,
} from './fake-slack/workspace.js';
export { createSandboxPage, type SandboxPage, type SandboxPageOptions } from './page/server.js';
