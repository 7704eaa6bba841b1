import type { InputValue, StoredMessage } from '../../src/sandbox/index.js';
import type { Harness } from './harness.js';

/** The last message in a conversation whose text mentions `needle` (DMs by user ID, channels by ID). */
export function lastMessage(h: Harness, conversation: string, needle?: string): StoredMessage | undefined {
  const messages = h.fake
    .messagesIn(conversation)
    .filter((m) => !needle || JSON.stringify(m).includes(needle));
  return messages.at(-1);
}

/** Waits until `probe` returns something, with the stand-in's polling (listeners run after the ack). */
export function until<T>(
  h: Harness,
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  timeoutMs = 5000,
): Promise<T> {
  return h.fake.waitFor(probe, timeoutMs) as Promise<T>;
}

/** `/decide <text>` in the project channel, then the modal submitted with `values`. */
export async function ask(
  h: Harness,
  values: Record<string, InputValue> = {},
  by: string = h.people.member,
): Promise<void> {
  await h.driver.slashCommand({ user: by, channel: h.channel, command: '/decide', text: '' });
  await until(h, () => h.fake.openView(by));
  const result = await h.driver.submitView(by, {
    values: { question: 'Use FIFO costing for the main warehouse?', ...values },
  });
  if (result.outcome !== 'closed') throw new Error(`the form was not accepted: ${JSON.stringify(result)}`);
}

/** Buttons (action ids) on a message. */
export function buttonsOf(h: Harness, message: StoredMessage | undefined): string[] {
  return message ? h.fake.findButtons(message).map((b) => b.actionId) : [];
}
