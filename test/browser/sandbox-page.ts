import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import type { Logger } from '../../src/app/ports.js';
import { type RunningSandbox, startSandbox } from '../../src/sandbox-mode/start.js';
import { deleteKeys } from '../e2e/harness.js';
import { findChromium, INSTALL_HINT, launchChromium } from './chromium.js';

/**
 * What the browser stories share: a fresh demo sandbox (the real bot, its SQLite file and Redis under a prefix
 * of its own, the Slack stand-in) and Chromium on its page as Rina in #erp-rollout, started once per file;
 * screenshots numbered in `data/screenshots/<name>/`; and the moves a person makes on the page.
 */
export const chromium = findChromium();
const inCi = process.env.CI === 'true';
/** Skip a story only where there is no browser and it is not CI (where a missing browser is a failure). */
export const noBrowser = chromium === undefined && !inCi;
if (noBrowser) console.warn(`browser test skipped. ${INSTALL_HINT}`);

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface SandboxPage {
  readonly page: Page;
  readonly sandbox: RunningSandbox;
  /** Warnings and errors the bot logged, and errors the page threw (`pageerror …`). */
  readonly logs: string[];
  /** Saves the page as the next numbered screenshot, to be looked at. */
  snap(name: string): Promise<void>;
  dialog(title: string): Locator;
  /** The last message on the page that shows `text`. */
  article(text: string | RegExp): Locator;
  main(): Locator;
  switchTo(name: string): Promise<void>;
  openChannel(): Promise<void>;
  openBotDm(): Promise<void>;
  /** Types a slash command in #erp-rollout. */
  command(text: string): Promise<void>;
}

/** Registers the file's beforeAll/afterAll; call it inside the story's `describe`. */
export function useSandboxPage(name: string): SandboxPage {
  const shots = resolve(import.meta.dirname, `../../data/screenshots/${name}`);
  const prefix = `${name.replaceAll(/[^a-z]/g, '')}${process.pid}`;
  const logs: string[] = [];
  let sandbox: RunningSandbox | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  let dataDir: string | undefined;
  let shot = 0;

  beforeAll(async () => {
    if (chromium === undefined) throw new Error(INSTALL_HINT); // CI=true: a missing browser is a failure
    dataDir = mkdtempSync(join(tmpdir(), `decide-${name}-`));
    rmSync(shots, { recursive: true, force: true });
    mkdirSync(shots, { recursive: true });
    console.log(`sandbox screenshots: ${shots}`);
    sandbox = await startSandbox({
      dataDir,
      demo: true,
      port: 0,
      env: { QUEUE_PREFIX: prefix, REDIS_URL },
      logger: captureLogger(logs),
    });
    browser = await launchChromium(chromium);
    page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => logs.push(`pageerror ${error.message}`));
    await page.goto(`${sandbox.url}?as=U0RINA0001&c=C0ERPROLL1`);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await sandbox?.stop();
    await deleteKeys(REDIS_URL, prefix);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const p = (): Page => {
    if (page === undefined) throw new Error('the sandbox page is not open yet');
    return page;
  };
  const openChannel = () => p().getByRole('link', { name: '# erp-rollout' }).click();
  return {
    get page() {
      return p();
    },
    get sandbox() {
      if (sandbox === undefined) throw new Error('the sandbox is not started yet');
      return sandbox;
    },
    logs,
    snap: async (shotName) => {
      shot += 1;
      await p().screenshot({ path: join(shots, `${String(shot).padStart(2, '0')}-${shotName}.png`) });
    },
    dialog: (title) => p().getByRole('dialog', { name: title }),
    article: (text) => p().getByRole('article').filter({ hasText: text }).last(),
    main: () => p().locator('main'),
    switchTo: async (person) => {
      await p()
        .getByRole('button', { name: /Switch person/ })
        .click();
      await p()
        .getByRole('menuitem', { name: new RegExp(`^${person}`) })
        .click();
      await expect
        .poll(() =>
          p()
            .getByRole('button', { name: /Switch person/ })
            .getAttribute('aria-label'),
        )
        .toContain(person);
    },
    openChannel,
    openBotDm: async () => {
      await p().getByRole('link', { name: 'decide-bot' }).click();
      await p().getByRole('tab', { name: 'Messages' }).click();
    },
    command: async (text) => {
      await openChannel();
      const composer = p().getByRole('textbox', { name: 'Message #erp-rollout' });
      await composer.fill(text);
      await composer.press('Enter');
    },
  };
}

function captureLogger(lines: string[]): Logger {
  const at = (level: string) => (message: string, details?: Record<string, unknown>) => {
    lines.push(`${level} ${message}${details ? ` ${JSON.stringify(details)}` : ''}`);
  };
  return { debug: () => {}, info: () => {}, warn: at('warn'), error: at('error') };
}
