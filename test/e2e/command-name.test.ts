import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shown } from './decision-flow.js';
import { until } from './flow.js';
import { type Harness, startHarness } from './harness.js';

/**
 * SLASH_COMMAND: another app owns /decide in this workspace, so the installation names the command /keputusan.
 * The bot answers it, with every subcommand, and its words tell people to type /keputusan.
 */
describe('a slash command with another name', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ command: '/keputusan' });
  }, 30_000);
  afterAll(async () => {
    await h?.stop();
  });

  const run = (text: string) =>
    h.driver.slashCommand({ user: h.people.member, channel: h.channel, command: '/keputusan', text });

  it('answers its subcommands and names itself in its help', async () => {
    const help = await run('help');
    expect(help.status).toBe(200);
    expect(JSON.stringify(help.body)).toContain('`/keputusan list`');
    expect(JSON.stringify(help.body)).not.toContain('/decide');
    const bad = await run('export xml');
    expect(JSON.stringify(bad.body)).toContain('/keputusan export');
  });

  it('its help names the command Slack sent (another name the app answers to too); a DM’s, the configured one', async () => {
    const other = await h.driver.slashCommand({
      user: h.people.member,
      channel: h.channel,
      command: '/keputusan-uji',
      text: 'help',
    });
    expect(other.status).toBe(200);
    expect(JSON.stringify(other.body)).toContain('`/keputusan-uji list`');
    expect(JSON.stringify(other.body)).not.toContain('`/keputusan list`');

    const dm = h.fake.workspace.openDm(h.people.member).id;
    await h.driver.userPosts({ user: h.people.member, channel: dm, text: 'help' });
    const answer = await until(h, () =>
      h.fake.dmsTo(h.people.member).find((m) => m.user !== h.people.member),
    );
    expect(shown(answer)).toContain('`/keputusan list`');
    expect(shown(answer)).not.toContain('/keputusan-uji');
  });

  it('opens the request form, and App Home tells people to ask with it', async () => {
    await run('');
    const form = await until(h, () => h.fake.openView(h.people.member));
    expect(form.callback_id).toBe('decide_modal');
    await h.driver.appHomeOpened(h.people.outsider);
    await until(h, () => shown(h.fake.homeView(h.people.outsider)).includes('Ask with `/keputusan`'));
    h.fake.assertNoViolations();
  });
});
