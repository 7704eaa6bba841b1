import { describe, expect, it } from 'vitest';
import { textsOf } from '../../src/slack/text/index.js';
import { noBrowser, useSandboxPage } from './sandbox-page.js';

/**
 * A persona switched to Indonesian with the page's language switch (which sends `/decide language id` as that
 * person): the bot's DM to them and its forms are in Indonesian, the requester's side stays English. The words
 * expected come from the text sets, so the story holds whatever the translation says.
 */
const id = textsOf('id');
const en = textsOf('en');
/** A sentence as the page shows it: no leading emoji code, no mrkdwn stars. */
const plainStart = (mrkdwn: string) =>
  mrkdwn
    .replace(/^:[a-z0-9_+-]+:\s*/, '')
    .replaceAll('*', '')
    .slice(0, 20);

describe.skipIf(noBrowser)('the sandbox in a browser: a persona in Indonesian', { timeout: 60_000 }, () => {
  const s = useSandboxPage('sandbox-language');
  const { snap, dialog, article, main, switchTo, openBotDm } = s;

  it('the SPoC switches to Bahasa Indonesia from the persona menu; the bot confirms in it', async () => {
    const welcome = s.page.getByRole('region', { name: 'About this sandbox' });
    if ((await welcome.count()) > 0) await welcome.getByRole('button', { name: 'Got it' }).click();
    await switchTo('Sari Dewi');
    await s.openChannel();
    await s.page.getByRole('button', { name: /language/i }).click();
    await s.page.getByRole('menuitem', { name: 'Bahasa Indonesia' }).click();
    await expect.poll(() => main().textContent()).toContain(plainStart(id.command.languageSet('id')));
    await expect
      .poll(() => s.page.getByRole('button', { name: /language/i }).textContent())
      .toContain('Bahasa Indonesia');
    await snap('language-switched');
  });

  it('a request from an English reader reaches her DM in Indonesian, and its form is Indonesian', async () => {
    await switchTo('Rina Wijaya');
    await s.command('/decide');
    const ask = dialog(en.decideModal.title);
    await ask.getByLabel(en.decideModal.question.label).fill('Use FIFO costing for the Surabaya warehouse?');
    await ask.getByRole('button', { name: en.decideModal.submit }).click();
    await expect.poll(() => ask.count()).toBe(0);
    await openBotDm();
    await expect
      .poll(() => main().textContent())
      .toContain(plainStart(en.thread.receipt([], 'spoc', null, 'UTC')));

    await switchTo('Sari Dewi');
    await openBotDm();
    const request = article('Use FIFO costing');
    await expect
      .poll(() => request.getByRole('button', { name: id.decision.button.needInfo }).count())
      .toBe(1);
    await expect.poll(() => request.getByRole('button', { name: id.option.approve }).count()).toBe(1);
    await snap('spoc-dm-indonesian');
    await request.getByRole('button', { name: id.decision.button.needInfo }).click();
    const form = dialog(id.needInfoModal.title);
    await expect.poll(() => form.textContent()).toContain(id.needInfoModal.label);
    await snap('need-info-modal-indonesian');
    await form.getByRole('button', { name: id.needInfoModal.close }).click();
    expect(s.logs.filter((l) => l.startsWith('pageerror'))).toEqual([]);
  });
});
