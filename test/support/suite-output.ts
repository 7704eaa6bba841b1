import { appendFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Everything the suite's processes print and every log line the bots under test write, kept in one folder for
 * the run (`DECIDE_SUITE_OUTPUT`, made by the global setup) so the secrets reporter can read it all at the end.
 */
export const SUITE_OUTPUT_ENV = 'DECIDE_SUITE_OUTPUT';

/**
 * Secrets the suite configures its bots with: none may appear in anything captured. The harness's signing secret
 * and the stand-in's tokens, and the canaries test/secrets.test.ts starts a real bot process with.
 */
export const SUITE_SECRETS: readonly string[] = [
  'e2e-signing-secret',
  'xoxb-sandbox',
  'xapp-1-sandbox',
  'canary-signing-secret-4f9a2c7e1b',
  'xoxb-7-canary-bot-token-d3e8a1',
  'xapp-1-A7-canary-app-token-5c2f',
  'canary-db-password-8c1d',
];

/** Appends to this process's capture file (nothing outside a test run). */
export function recordOutput(text: string): void {
  const dir = process.env[SUITE_OUTPUT_ENV];
  if (dir === undefined) return;
  try {
    appendFileSync(join(dir, `${process.pid}.log`), text.endsWith('\n') ? text : `${text}\n`);
  } catch {
    // The folder is gone (the run is ending): nothing left to check against.
  }
}
