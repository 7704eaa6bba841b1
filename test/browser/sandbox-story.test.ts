import { describe, expect, it } from 'vitest';
import { noBrowser, useSandboxPage } from './sandbox-page.js';

/**
 * The sandbox as a person uses it: a real browser on the page of a fresh sandbox (the real bot, its SQLite
 * file and Redis, the Slack stand-in), walking the demo story and asserting only what the page shows. Each
 * step is saved as a screenshot in the folder printed below, to be looked at.
 */
const PEOPLE = {
  rina: 'Rina Wijaya',
  sari: 'Sari Dewi',
  budi: 'Budi Santoso',
  citra: 'Citra Lestari',
};

describe.skipIf(noBrowser)('the sandbox in a browser', { timeout: 60_000 }, () => {
  const s = useSandboxPage('sandbox-story');
  const { snap, dialog, article, main, switchTo, openChannel, openBotDm } = s;
  const ask = async (question: string) => {
    await s.command('/decide');
    const form = dialog('Ask for a decision');
    await form.getByLabel('Question').fill(question);
    return form;
  };
  const runDueTimers = async () => {
    await s.page.getByRole('button', { name: 'Run due timers now' }).click();
    await expect
      .poll(() => s.page.getByText(/Fired \d+ timers? due within 5 min/).count())
      .toBeGreaterThan(0);
  };

  it('shows the welcome story to a newcomer', async () => {
    const welcome = s.page.getByRole('region', { name: 'About this sandbox' });
    await expect.poll(() => welcome.textContent()).toContain('You are Rina, a consultant');
    await snap('welcome');
    await welcome.getByRole('button', { name: 'Got it' }).click();
  });

  it('the requester asks with /decide; a mistake is shown on its field, fixed, then the request is sent', async () => {
    const form = await ask('Use FIFO costing for the Surabaya warehouse?');
    await form.getByLabel('Context').fill('The auditor asked for one costing method across warehouses.');
    await form.getByLabel('Default if nobody decides').fill('Maybe');
    await form.getByRole('button', { name: 'Send' }).click();
    await expect
      .poll(() => form.getByRole('alert').textContent())
      .toContain('Type one of the options exactly');
    await snap('form-error');
    await form.getByLabel('Default if nobody decides').fill('');
    await form.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => form.count()).toBe(0);
    // The request is announced in the channel, and the requester is told who holds it.
    await expect.poll(() => article('Use FIFO costing').textContent()).toContain(`${PEOPLE.sari} (SPoC)`);
    await snap('asked');
    await openBotDm();
    await expect.poll(() => main().textContent()).toContain('Your request is with');
  });

  it('the SPoC sees the request in her DM and asks for information', async () => {
    await switchTo(PEOPLE.sari);
    await openBotDm();
    const request = article('Use FIFO costing');
    await expect.poll(() => request.getByRole('button', { name: 'Approve' }).count()).toBe(1);
    await snap('spoc-dm');
    await request.getByRole('button', { name: 'Need info' }).click();
    const form = dialog('Ask for information');
    await form.getByRole('textbox').first().fill('Which warehouses use average costing today?');
    await form.getByRole('button', { name: 'Ask' }).click();
    await expect.poll(() => form.count()).toBe(0);
    await expect.poll(() => request.textContent()).toContain('Paused');
  });

  it('the requester answers in the thread; the clock runs again', async () => {
    await switchTo(PEOPLE.rina);
    await openChannel();
    const head = article('Use FIFO costing');
    await head.getByRole('button', { name: /\d+ repl(y|ies)/ }).click();
    const thread = s.page.getByRole('complementary', { name: 'Thread' });
    await expect.poll(() => thread.textContent()).toContain('Which warehouses use average costing today?');
    await thread.getByRole('button', { name: 'Answer' }).first().click();
    const form = dialog('Answer');
    await form.getByRole('textbox').first().fill('Only Surabaya; Jakarta is on FIFO already.');
    await form.getByRole('button', { name: /Send|Answer/ }).click();
    await expect.poll(() => form.count()).toBe(0);
    await expect.poll(() => thread.textContent()).toContain('Only Surabaya; Jakarta is on FIFO already.');
    await snap('answered-in-thread');
  });

  it('the SPoC approves; the thread and the App Home show the outcome and how long it took', async () => {
    await switchTo(PEOPLE.sari);
    await openBotDm();
    const request = article('Use FIFO costing');
    await request.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => request.textContent()).toContain(`Approve, decided by @${PEOPLE.sari}`);
    await expect.poll(() => request.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    await snap('approved');

    await switchTo(PEOPLE.rina);
    await openChannel();
    const head = article('Use FIFO costing');
    await expect.poll(() => head.textContent()).toMatch(/Took \d+[smh]/);
    await head.getByRole('button', { name: /\d+ repl(y|ies)/ }).click();
    const thread = s.page.getByRole('complementary', { name: 'Thread' });
    await expect.poll(() => thread.textContent()).toContain('decided by');
    await snap('outcome-in-thread');

    await s.page.getByRole('link', { name: 'decide-bot' }).click();
    await s.page.getByRole('tab', { name: 'Home' }).click();
    await expect.poll(() => main().textContent()).toContain('Recent outcomes');
    await expect.poll(() => main().textContent()).toMatch(/Use FIFO costing.*Approve · took \d+/s);
    await snap('app-home');
  });

  it('an unanswered request escalates to the sponsor, then the committee, whose two votes close it', async () => {
    await switchTo(PEOPLE.rina);
    const form = await ask('Extend the pilot to the Medan warehouse?');
    await form.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => form.count()).toBe(0);
    await expect.poll(() => article('Extend the pilot').textContent()).toContain('SPoC');

    await runDueTimers();
    await switchTo(PEOPLE.budi);
    await openBotDm();
    const atSponsor = article('Extend the pilot');
    await expect
      .poll(() => atSponsor.textContent())
      .toContain(`${PEOPLE.sari} (SPoC) held it for 5m and ran out of time`);
    await expect.poll(() => atSponsor.getByRole('button', { name: 'Approve' }).count()).toBe(1);
    await snap('escalated-to-sponsor');

    await runDueTimers();
    const vote = article(/Extend the pilot.*vote/s);
    await expect.poll(() => vote.textContent()).toContain('The steering committee decides this by vote');
    await vote.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => vote.textContent()).toContain('You voted Approve');
    await snap('committee-vote');

    await switchTo(PEOPLE.citra);
    await openBotDm();
    const citras = article(/Extend the pilot.*vote/s);
    await citras.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => citras.textContent()).toContain("decided by the steering committee's vote");

    await switchTo(PEOPLE.rina);
    await openChannel();
    await expect.poll(() => article('Extend the pilot').textContent()).toContain("steering committee's vote");
    await snap('closed-by-vote');
  });

  it('the requester edits her request; the SPoC’s copy updates in place, marked edited', async () => {
    await switchTo(PEOPLE.rina);
    const form = await ask('Buy 20 barcode scanners for Surabaya?');
    await form.getByLabel('Budget impact').fill('12000000');
    await form.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => form.count()).toBe(0);
    await openBotDm();
    const mine = article('Buy 20 barcode scanners');
    await mine.getByRole('button', { name: 'Edit' }).click();
    const edit = dialog('Edit the request');
    await expect
      .poll(() => edit.getByLabel('Question').inputValue())
      .toBe('Buy 20 barcode scanners for Surabaya?');
    await edit.getByLabel('Question').fill('Buy 25 barcode scanners for Surabaya?');
    await edit.getByLabel('Budget impact').fill('15000000');
    await snap('edit-form');
    await edit.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => edit.count()).toBe(0);

    await switchTo(PEOPLE.sari);
    await openBotDm();
    const request = article('Buy 25 barcode scanners');
    await expect.poll(() => request.textContent()).toContain('Edited by');
    await expect.poll(() => request.textContent()).toContain('budget impact (12,000,000 → 15,000,000)');
    await snap('edited-request');
  });

  it('the SPoC decides with a note; the note shows with the outcome', async () => {
    await switchTo(PEOPLE.sari);
    await openBotDm();
    const request = article('Buy 25 barcode scanners');
    await request.getByRole('button', { name: 'Decide with a note…' }).click();
    const form = dialog('Decide with a note');
    await form.getByRole('radio', { name: 'Approve' }).check();
    await form.getByLabel('Note').fill('Within the Q1 budget; lease quotes were higher.');
    await snap('decide-with-note');
    await form.getByRole('button', { name: 'Decide' }).click();
    await expect.poll(() => form.count()).toBe(0);
    await expect
      .poll(() => request.textContent())
      .toContain('Within the Q1 budget; lease quotes were higher.');
    await expect.poll(() => request.textContent()).toContain(`Approve, decided by @${PEOPLE.sari}`);
    await snap('decided-with-note');
  });

  it('the SPoC escalates now: above her authority, with a reason the sponsor reads first', async () => {
    await switchTo(PEOPLE.rina);
    const ask2 = await ask('Change the payroll cut-off to the 25th?');
    await ask2.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => ask2.count()).toBe(0);

    await switchTo(PEOPLE.sari);
    await openBotDm();
    const request = article('Change the payroll cut-off');
    await request.getByRole('button', { name: 'Escalate now…' }).click();
    const form = dialog('Escalate now');
    await form.getByRole('radio', { name: /Above my authority/ }).check();
    await form.getByLabel('Reason').fill('Payroll belongs to HR; I cannot commit their budget.');
    await snap('escalate-now');
    await form.getByRole('button', { name: 'Send up' }).click();
    await expect.poll(() => form.count()).toBe(0);
    await expect.poll(() => request.textContent()).toContain('sent this up');

    await switchTo(PEOPLE.budi);
    await openBotDm();
    const atSponsor = article(/Change the payroll cut-off.*Approve/s);
    await expect
      .poll(() => atSponsor.textContent())
      .toContain('Payroll belongs to HR; I cannot commit their budget.');
    await snap('sent-up-to-sponsor');
    await atSponsor.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => atSponsor.textContent()).toContain(`Approve, decided by @${PEOPLE.budi}`);
  });

  it('Send digest now: the sponsor reads the weekly digest with its chart in the DM', async () => {
    await switchTo(PEOPLE.budi);
    await openBotDm();
    await s.page.getByRole('button', { name: 'Send digest now' }).click();
    await expect
      .poll(() => s.page.getByText(/Ran the weekly digest for 1 project/).count())
      .toBeGreaterThan(0);
    const digest = article('Weekly decisions digest');
    await expect.poll(() => digest.textContent()).toContain('Decided:');
    await expect.poll(() => digest.textContent()).toContain('Slowest this week');
    const chart = s.page.locator('main img[src*="/sandbox/api/files/"]').last();
    await expect
      .poll(() => chart.evaluate((img) => (img as { naturalWidth?: number }).naturalWidth))
      .toBe(960);
    await chart.scrollIntoViewIfNeeded();
    await snap('digest-with-chart');
    await digest.scrollIntoViewIfNeeded();
    await snap('digest');
  });

  it('the SPoC sets her Slack status to On holiday: her requests go to the deputy', async () => {
    await switchTo(PEOPLE.sari);
    await s.page.getByRole('button', { name: 'Set a status' }).click();
    await s.page.getByRole('menuitem', { name: /On holiday/ }).click();
    await expect.poll(() => s.page.getByRole('button', { name: /^Status: On holiday/ }).count()).toBe(1);
    await snap('status-on-holiday');

    await switchTo(PEOPLE.rina);
    const form = await ask('Move the stocktake to Saturday?');
    await form.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => form.count()).toBe(0);
    // The status check (every few seconds in the sandbox) hands it over if routing still saw her present.
    await expect
      .poll(() => article('Move the stocktake').textContent(), { timeout: 30_000 })
      .toContain('(deputy)');
    await snap('routed-to-deputy');

    await switchTo(PEOPLE.sari);
    await s.page.getByRole('button', { name: /^Status: On holiday/ }).click();
    await s.page.getByRole('menuitem', { name: 'Clear status' }).click();
    await expect.poll(() => s.page.getByRole('button', { name: 'Set a status' }).count()).toBe(1);
  });

  it('nothing the bot sent was refused by the stand-in, and the page threw no error', () => {
    expect(s.sandbox.fake.violations).toEqual([]);
    expect(s.logs.filter((l) => l.startsWith('pageerror') || l.startsWith('error'))).toEqual([]);
  });
});
