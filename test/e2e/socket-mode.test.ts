import { afterEach, describe, expect, it } from 'vitest';
import { DECIDE_FIELD } from '../../src/slack/ids.js';
import { t } from '../../src/slack/text/index.js';
import {
  copyOf,
  dmsMentioning,
  eventsOf,
  openRequest,
  option,
  refsOf,
  settled,
  shown,
  threadReplies,
} from './decision-flow.js';
import { until } from './flow.js';
import { type Harness, type HarnessOptions, startHarness } from './harness.js';
import { secondsLadder } from './support/inspect.js';

/**
 * The bot in Socket Mode (SLACK_APP_TOKEN set), end to end: it opens its link with apps.connections.open on the
 * stand-in, and every command, interaction and event arrives as an envelope over that WebSocket; the stand-in
 * reads the bot's acks (payloads included) as it reads HTTP answers.
 */
describe('Socket Mode', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.stop();
  });
  const start = async (options: HarnessOptions = {}) => {
    h = await startHarness({ socketMode: true, ...options });
    return h;
  };

  /** The open form, submitted with a needed-by date in the past, then fixed: returns the new decision's id. */
  async function askWithAMistake(question: string): Promise<string> {
    const ack = await h.driver.slashCommand({
      user: h.people.member,
      channel: h.channel,
      command: '/decide',
    });
    expect(ack).toMatchObject({ status: 200, body: '' });
    expect(ack.envelope?.deliveries).toBe(1);
    const form = await until(h, () => h.fake.openView(h.people.member));
    const bad = await h.driver.submitView(h.people.member, {
      values: { question, [DECIDE_FIELD.neededBy]: '2020-01-31' },
    });
    // The errors travel in the ack's payload, and the form stays open with them.
    expect(bad.outcome).toBe('errors');
    expect(bad.errors).toEqual({ [DECIDE_FIELD.neededBy]: t.decideModal.errors.pastDate });
    expect(h.fake.openView(h.people.member)?.id).toBe(form.id);
    expect(await h.bot.deps.decisions.listActive()).toEqual([]);
    const fixed = await h.driver.submitView(h.people.member, {
      values: { question, [DECIDE_FIELD.neededBy]: '2099-12-31' },
    });
    expect(fixed.outcome).toBe('closed');
    const decision = await until(h, async () =>
      (await h.bot.deps.decisions.listActive()).find((d) => d.question === question),
    );
    await until(h, () => copyOf(h, decision.id, 'request-spoc', h.people.spoc));
    await settled(h);
    return decision.id;
  }

  it('runs the decision flow: command, a form error, submission, the SPoC’s button, an escalation by SLA', async () => {
    // Critical requests have 3 s at the SPoC, the others 10 minutes (so the first is answered in time).
    await start({
      project: () => ({
        sla: { ...secondsLadder(600, 600, 600), critical: secondsLadder(3, 600, 600).critical },
      }),
    });
    // One link, opened with the app-level token.
    expect(h.fake.socket.connections()).toHaveLength(1);
    expect(h.fake.calls('apps.connections.open').map((c) => c.response)).toEqual([
      { ok: true, url: expect.stringMatching(/^ws:\/\/127\.0\.0\.1:\d+\/link\/\?ticket=/) },
    ]);

    const first = await askWithAMistake('Socket: use FIFO costing?');
    const click = await h.driver.clickButton(h.people.spoc, {
      actionId: option(0),
      in: copyOf(h, first, 'request-spoc', h.people.spoc),
    });
    expect(click.status).toBe(200);
    await until(h, async () => (await h.bot.deps.decisions.get(first))?.status === 'decided');
    await settled(h);
    expect(await eventsOf(h, first, 'decided')).toHaveLength(1);
    expect(shown(threadReplies(h, first).at(-1))).toContain(`<@${h.people.spoc}>`);

    // A critical request nobody answers moves to the sponsor when the SPoC's 3 s run out.
    const second = await openRequest(h, { question: 'Socket: extend the pilot?', impact: 'critical' });
    const sponsorCopy = await until(h, () => copyOf(h, second.id, 'request-sponsor', h.people.sponsor), 8000);
    expect(shown(sponsorCopy)).toContain('Socket: extend the pilot?');
    await settled(h);
    expect(await h.bot.deps.decisions.get(second.id)).toMatchObject({ level: 'sponsor', status: 'open' });
    expect(await eventsOf(h, second.id, 'escalated')).toHaveLength(1);

    // An event (events_api): the sponsor opens the App Home and sees the request waiting there.
    const opened = await h.driver.appHomeOpened(h.people.sponsor);
    expect(opened.status).toBe(200);
    const home = await until(h, () => h.fake.homeView(h.people.sponsor));
    expect(shown(home)).toContain('Socket: extend the pilot?');

    // Everything went over the one link; nothing is left unacknowledged, and the bot logged no error.
    expect(h.fake.socket.connections()).toHaveLength(1);
    expect(h.fake.socket.unacked).toBe(0);
    expect(h.logs.filter((line) => line.startsWith('error'))).toEqual([]);
    h.fake.assertNoViolations();
  });

  it('the stand-in drops the link mid-flow: the bot reconnects, and the click sent meanwhile decides once', async () => {
    await start();
    const id = await askWithAMistake('Socket: rename the SKUs?');
    const repliesBefore = threadReplies(h, id).length;
    const dm = copyOf(h, id, 'request-spoc', h.people.spoc);

    // The TCP connection breaks with no message; the SPoC clicks before the bot is back.
    h.fake.socket.drop();
    const click = await h.driver.clickButton(h.people.spoc, { actionId: option(1), in: dm });
    // Held until the bot's new link, then delivered there once.
    expect(click.status).toBe(200);
    expect(click.envelope).toMatchObject({ deliveries: 1 });
    expect(click.envelope?.waitedMs).toBeGreaterThan(0);
    const links = h.fake.socket.connections();
    expect(links).toHaveLength(2);
    expect(links[0]?.closedBy).toBe('dropped');
    expect(h.fake.calls('apps.connections.open')).toHaveLength(2);

    await until(h, async () => (await h.bot.deps.decisions.get(id))?.status === 'decided');
    await settled(h);
    expect(await eventsOf(h, id, 'decided')).toHaveLength(1);
    expect(await h.bot.deps.decisions.get(id)).toMatchObject({ status: 'decided' });
    // One outcome in the thread, one copy per person, nobody told "already decided".
    expect(threadReplies(h, id)).toHaveLength(repliesBefore + 1);
    expect(refsOf(h, id).filter((r) => r.role === 'request-spoc')).toHaveLength(1);
    expect(dmsMentioning(h, h.people.spoc, 'Socket: rename the SKUs?')).toHaveLength(1);
    expect(h.fake.ephemeralsFor(h.people.spoc)).toEqual([]);
    expect(h.fake.socket.unacked).toBe(0);
    h.fake.assertNoViolations();
  });

  it('an event whose ack is lost with the link comes again on the new one (retry_attempt 1), and is handled again harmlessly', async () => {
    await start();
    const id = await askWithAMistake('Socket: move the go-live?');
    h.fake.socket.loseNextAck();
    const opened = await h.driver.appHomeOpened(h.people.spoc);
    expect(opened.status).toBe(200);
    expect(opened.envelope?.deliveries).toBe(2);
    expect(h.fake.socket.connections().map((c) => c.closedBy)).toEqual(['dropped', undefined]);
    await until(h, () => shown(h.fake.homeView(h.people.spoc)).includes('Socket: move the go-live?'));
    await settled(h);
    // The retried event republished the same home; the decision and its messages are untouched.
    expect(await h.bot.deps.decisions.get(id)).toMatchObject({ status: 'open', level: 'spoc' });
    expect(dmsMentioning(h, h.people.spoc, 'Socket: move the go-live?')).toHaveLength(1);
    expect(h.fake.socket.unacked).toBe(0);
    h.fake.assertNoViolations();
  });

  it('a `disconnect` message: the bot closes its link, opens a new one, and takes what was sent meanwhile', async () => {
    await start();
    h.fake.socket.disconnect('refresh_requested');
    const home = h.driver.appHomeOpened(h.people.spoc);
    const ack = await home;
    expect(ack.status).toBe(200);
    const links = h.fake.socket.connections();
    expect(links).toHaveLength(2);
    // The bot closed the old link itself, on the message.
    expect(links[0]?.closedBy).toBe('app');
    await until(h, () => h.fake.homeView(h.people.spoc));
    await settled(h);
    expect(h.fake.calls('views.publish')).toHaveLength(1);
    h.fake.assertNoViolations();
  });
});
