import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Where a Chromium is: CHROMIUM_PATH, Debian's /usr/bin/chromium, or Playwright's own download. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = [env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', playwrightsOwn()];
  return candidates.find((path): path is string => path !== undefined && path !== '' && existsSync(path));
}

function playwrightsOwn(): string | undefined {
  try {
    return chromium.executablePath();
  } catch {
    return undefined;
  }
}

export const INSTALL_HINT =
  'No Chromium found for the browser test: install one (apt-get install chromium, or npx playwright install chromium) or set CHROMIUM_PATH.';

/**
 * Headless Chromium with the flags this machine needs (root, no GPU, a closed network). Playwright gives each
 * launch a fresh, empty profile folder of its own (it refuses a --user-data-dir argument) and removes it.
 */
export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
