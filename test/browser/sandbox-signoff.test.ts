import { describe, expect, it } from 'vitest';
import { noBrowser, useSandboxPage } from './sandbox-page.js';

/**
 * A key-user sign-off in the sandbox, as people use it in a real browser: Rina requests it with
 * `/decide signoff`, Kiki rejects round 1 with a reason, Rina reads the reason and sends round 2, Kiki and
 * Wahyu sign it off; the thread and the App Home say so. Its own sandbox, data folder and Redis prefix;
 * screenshots in the folder printed below.
 */
const PEOPLE = { rina: 'Rina Wijaya', kiki: 'Kiki Hartono', wahyu: 'Wahyu Setiawan' };
const TITLE = 'Stock transfer report v2';

describe.skipIf(noBrowser)('a sign-off in the sandbox', { timeout: 60_000 }, () => {
  const s = useSandboxPage('sandbox-signoff');
  const { snap, dialog, article, main, switchTo, openChannel, openBotDm } = s;
  const requestSignOff = async (title: string) => {
    await s.command(`/decide signoff ${title}`);
    return dialog('Request sign-off');
  };

  it('Rina requests a sign-off; a missing N is shown on its field, then it goes to the inventory key users', async () => {
    await s.page
      .getByRole('region', { name: 'About this sandbox' })
      .getByRole('button', { name: 'Got it' })
      .click();
    const form = await requestSignOff(TITLE);
    await expect.poll(() => form.getByLabel('Deliverable', { exact: true }).inputValue()).toBe(TITLE);
    await form.getByLabel(/^Link/).fill('https://docs.example.com/stock-transfer-v2');
    await form.getByLabel(/^Notes/).fill('Please test transfers between the Surabaya bins.');
    await form.getByLabel('Domain', { exact: true }).selectOption('inventory');
    await form.getByLabel('At least N of them approve').check();
    await form.getByRole('button', { name: 'Send' }).click();
    await expect
      .poll(() => form.getByRole('alert').textContent())
      .toContain('Enter how many approvals sign it off');
    await snap('form-error');
    await form.getByLabel('All key users of the domain approve').check();
    await form.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => form.count()).toBe(0);
    await expect
      .poll(() => article(`Sign-off: ${TITLE}`).textContent())
      .toContain('Waiting for the key users');
    await snap('requested');
  });

  it('Kiki rejects round 1 with a reason', async () => {
    await switchTo(PEOPLE.kiki);
    await openBotDm();
    const request = article(`Sign-off: ${TITLE}`);
    await expect.poll(() => request.getByRole('button', { name: 'Sign off' }).count()).toBe(1);
    await expect.poll(() => request.textContent()).toContain('0 of 2 approvals');
    await snap('key-user-dm');
    await request.getByRole('button', { name: 'Reject' }).click();
    const form = dialog('Reject');
    await form.getByRole('textbox').first().fill('Transfers between bins are missing from the totals.');
    await form.getByRole('button', { name: 'Reject' }).click();
    await expect.poll(() => form.count()).toBe(0);
    await expect.poll(() => request.textContent()).toContain('Round 1 came back');
    await expect
      .poll(() =>
        request
          .getByRole('button')
          .filter({ hasText: /Sign off|Reject/ })
          .count(),
      )
      .toBe(0);
    await snap('rejected');
  });

  it('Rina reads the reason and sends a new round', async () => {
    await switchTo(PEOPLE.rina);
    await openBotDm();
    const returned = article('came back with a rejection');
    await expect.poll(() => returned.textContent()).toContain('Transfers between bins are missing');
    await snap('returned-to-requester');
    await returned.getByRole('button', { name: 'Send a new round' }).click();
    const form = dialog('Send a new round');
    await form.getByRole('textbox').first().fill('Bin transfers are now in the totals.');
    await form.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => form.count()).toBe(0);
    await expect.poll(() => returned.textContent()).toContain('Round 2 has been sent');
  });

  it('Kiki and Wahyu sign round 2 off', async () => {
    for (const person of [PEOPLE.kiki, PEOPLE.wahyu]) {
      await switchTo(person);
      await openBotDm();
      const request = article(/Sign-off: Stock transfer report v2.*Round\s*2/s);
      await expect.poll(() => request.textContent()).toContain('Bin transfers are now in the totals.');
      await request.getByRole('button', { name: 'Sign off' }).click();
      await expect.poll(() => request.getByRole('button', { name: 'Sign off' }).count()).toBe(0);
      await snap(`round-2-${person.split(' ')[0]?.toLowerCase()}`);
    }
    await expect.poll(() => article(`Sign-off: ${TITLE}`).textContent()).toContain('Signed off');
  });

  it('the thread and the App Home show it signed off, after two rounds', async () => {
    await switchTo(PEOPLE.rina);
    await openChannel();
    const head = article(`Sign-off: ${TITLE}`);
    await expect.poll(() => head.textContent()).toContain('Signed off');
    await head.getByRole('button', { name: /\d+ repl(y|ies)/ }).click();
    const thread = s.page.getByRole('complementary', { name: 'Thread' });
    await expect.poll(() => thread.textContent()).toContain('Round 1 was rejected');
    await expect.poll(() => thread.textContent()).toContain('Round 2 sent to');
    await expect.poll(() => thread.textContent()).toContain('Signed off');
    await snap('signed-off-thread');

    await s.page.getByRole('link', { name: 'decide-bot' }).click();
    await s.page.getByRole('tab', { name: 'Home' }).click();
    await expect
      .poll(() => main().textContent())
      .toMatch(/Sign-off: Stock transfer report v2.*Signed off after 2 rounds · took/s);
    await snap('app-home');
  });

  it('nothing the bot sent was refused by the stand-in, and the page threw no error', () => {
    expect(s.sandbox.fake.violations).toEqual([]);
    expect(s.logs.filter((l) => l.startsWith('pageerror') || l.startsWith('error'))).toEqual([]);
  });
});
