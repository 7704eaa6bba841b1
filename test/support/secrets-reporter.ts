import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Reporter } from 'vitest/node';
import { SUITE_OUTPUT_ENV, SUITE_SECRETS } from './suite-output.js';

/**
 * After every test has run: greps everything the run captured (each worker's stdout and stderr, every log line
 * of the bots under test, the output of their child processes) for the secrets the suite configures. A secret
 * found fails the run (exit code 1), naming it (masked), the file and the line with the secret cut out.
 */
export default class SecretsReporter implements Reporter {
  onTestRunEnd(): void {
    const dir = process.env[SUITE_OUTPUT_ENV];
    if (dir === undefined) return;
    const found: string[] = [];
    let bytes = 0;
    for (const name of readdirSync(dir)) {
      const text = readFileSync(join(dir, name), 'utf8');
      bytes += text.length;
      for (const [i, line] of text.split('\n').entries()) {
        for (const secret of SUITE_SECRETS) {
          if (line.includes(secret))
            found.push(
              `  ${mask(secret)} in ${name}:${i + 1}: ${line.split(secret).join('<secret>').slice(0, 300)}`,
            );
        }
      }
    }
    rmSync(dir, { recursive: true, force: true });
    if (found.length === 0) {
      process.stdout.write(`\nsecrets: none of ${SUITE_SECRETS.length} found in ${kb(bytes)} captured\n`);
      return;
    }
    process.stdout.write(
      `\nsecrets: ${found.length} found in what the suite printed or logged:\n${found.join('\n')}\n`,
    );
    process.env.DECIDE_SECRET_LEAKS = String(found.length);
    process.exitCode = 1;
  }
}

const mask = (secret: string) => `${secret.slice(0, 4)}…`;
const kb = (n: number) => `${Math.round(n / 1024).toLocaleString('en')} KB`;
