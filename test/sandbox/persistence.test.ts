import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StateFileError, snapshotState } from '../../src/sandbox/fake-slack/state-file.js';
import { type FakeSlack, type FakeSlackOptions, startFakeSlack } from '../../src/sandbox/index.js';
import { callApi, webClient } from './helpers/web-api.js';

const modal = (text: string) => ({
  type: 'modal',
  callback_id: 'decide',
  title: { type: 'plain_text', text: 'Decide' },
  blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }],
});
const home = {
  type: 'home',
  blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Open decisions' } }],
};

/** Everything the fake keeps across a restart, as the state file holds it. */
const stateOf = (fake: FakeSlack) => JSON.parse(JSON.stringify(snapshotState(fake))) as unknown;

/** Orders ts values exactly ("1700000000.000100" as an integer of microseconds). */
const micros = (ts: string) => BigInt(ts.replace('.', ''));

describe('fake Slack state file', () => {
  let dir: string;
  let statePath: string;
  let clock: number;
  const running: FakeSlack[] = [];

  const start = async (options: FakeSlackOptions = {}) => {
    const fake = await startFakeSlack({ statePath, now: () => clock, ...options });
    running.push(fake);
    return fake;
  };
  const restart = async (fake: FakeSlack, options: FakeSlackOptions = {}) => {
    await fake.close();
    running.splice(running.indexOf(fake), 1);
    return start(options);
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'fake-slack-state-'));
    statePath = join(dir, 'data', 'sandbox', 'slack.json'); // the folders do not exist yet
    clock = 1_700_000_000_000;
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((fake) => fake.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts empty without a file, then restarts with exactly the saved state', async () => {
    const first = await start();
    expect(first.restored).toBe(false);
    const alice = first.workspace.addUser({
      name: 'alice',
      title: 'SPoC, finance manager',
      tz: 'Asia/Jakarta',
    });
    const channel = first.workspace.addChannel({ name: 'erp-rollout', members: [alice] });
    const client = webClient(first);

    const question = await client.chat.postMessage({ channel, text: 'Go live on 1 March?' });
    await client.chat.postMessage({ channel, text: 'Vote: yes', thread_ts: question.ts ?? '' });
    await client.chat.update({ channel, ts: question.ts ?? '', text: 'Go live on 8 March?' });
    const gone = await client.chat.postMessage({ channel, text: 'typo' });
    await client.chat.delete({ channel, ts: gone.ts ?? '' });
    await client.chat.postEphemeral({ channel, user: alice, text: 'Only you can see this' });
    await client.filesUploadV2({
      channel_id: channel,
      file: Buffer.from('a,b\n1,2\n'),
      filename: 'digest.csv',
    });
    const opened = await callApi(first, 'views.open', {
      trigger_id: first.tickets.issueTrigger(alice),
      view: modal('First draft'),
    });
    await callApi(first, 'views.publish', { user_id: alice, view: home });
    const pendingTrigger = first.tickets.issueTrigger(alice);
    const responseUrl = new URL(first.tickets.issueResponseUrl({ channel, user: alice }));
    const before = {
      state: stateOf(first),
      history: await callApi(first, 'conversations.history', { channel }),
      replies: await callApi(first, 'conversations.replies', { channel, ts: question.ts }),
      user: await callApi(first, 'users.info', { user: alice }),
    };

    const second = await restart(first);
    expect(second.restored).toBe(true);
    expect(stateOf(second)).toEqual(before.state);
    expect(second.workspace.team).toEqual(first.workspace.team);
    expect(second.workspace.bot).toEqual(first.workspace.bot);
    expect(await callApi(second, 'conversations.history', { channel })).toEqual(before.history);
    expect(await callApi(second, 'conversations.replies', { channel, ts: question.ts })).toEqual(
      before.replies,
    );
    expect(await callApi(second, 'users.info', { user: alice })).toEqual(before.user);
    expect(second.ephemeralsFor(alice).map((e) => e.text)).toEqual(['Only you can see this']);
    const [file] = second.messagesIn(channel).flatMap((m) => m.files ?? []);
    expect(second.files.get(String(file?.id))?.bytes?.toString()).toBe('a,b\n1,2\n');
    expect(second.homeView(alice)?.blocks).toEqual(first.homeView(alice)?.blocks);

    // The restored stores act as before: the deleted message, the open view, the tickets.
    expect(await callApi(second, 'chat.update', { channel, ts: gone.ts, text: 'x' })).toEqual({
      ok: false,
      error: 'message_not_found',
    });
    const viewId = (opened.view as { id: string }).id;
    const updated = await callApi(second, 'views.update', { view_id: viewId, view: modal('Second draft') });
    expect(updated).toMatchObject({ ok: true, view: { id: viewId, callback_id: 'decide' } });
    expect(second.openView(alice)?.blocks).toMatchObject([{ text: { text: 'Second draft' } }]);
    const pushed = await callApi(second, 'views.push', { trigger_id: pendingTrigger, view: modal('Step 2') });
    expect(pushed).toMatchObject({ ok: true, view: { root_view_id: viewId, previous_view_id: viewId } });
    const hook = await fetch(`${second.baseUrl}${responseUrl.pathname.slice(1)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'Recorded', response_type: 'in_channel' }),
    });
    expect(hook.status).toBe(200);
    second.assertNoViolations();
  });

  it('never issues an ID or ts again after a restart, even when the clock went back', async () => {
    const issueAll = async (fake: FakeSlack, user: string, channel: string) => {
      const ids: string[] = [];
      const ts: string[] = [];
      for (let i = 0; i < 5; i++) {
        const trigger = fake.tickets.issueTrigger(user);
        const view = await callApi(fake, 'views.open', { trigger_id: trigger, view: modal(`view ${i}`) });
        const upload = await callApi(fake, 'files.getUploadURLExternal', {
          filename: `f${i}.txt`,
          length: 1,
        });
        const posted = await callApi(fake, 'chat.postMessage', { channel, text: `message ${i}` });
        const url = fake.tickets.issueResponseUrl({ channel, user });
        ids.push(trigger, (view.view as { id: string }).id, String(upload.file_id), new URL(url).pathname);
        ts.push(String(posted.ts));
      }
      return { ids, ts };
    };

    clock = 1_700_000_100_000;
    const first = await start();
    const alice = first.workspace.addUser({ name: 'alice' });
    const channel = first.workspace.addChannel({ name: 'proj', members: [alice] });
    const before = await issueAll(first, alice, channel);

    // Control: without the state file, the same seed issues the same IDs again (the bug this prevents).
    const fresh = await startFakeSlack({ now: () => clock });
    running.push(fresh);
    const freshAlice = fresh.workspace.addUser({ name: 'alice' });
    const freshIds = await issueAll(
      fresh,
      freshAlice,
      fresh.workspace.addChannel({ name: 'proj', members: [freshAlice] }),
    );
    expect(freshIds.ids).toEqual(before.ids);

    clock = 1_700_000_000_000; // the wall clock went back 100 s
    const second = await restart(first);
    const after = await issueAll(second, alice, channel);

    expect(after.ids.filter((id) => before.ids.includes(id))).toEqual([]);
    expect(new Set(after.ids).size).toBe(after.ids.length);
    // Strictly increasing across the restart, although the clock now says 100 s earlier.
    const sequence = [...before.ts, ...after.ts].map(micros);
    expect(sequence.every((ts, i) => i === 0 || ts > (sequence[i - 1] ?? ts))).toBe(true);
    second.assertNoViolations();
  });

  it('saves while running, debounced and atomically, and close() saves the last change', async () => {
    const fake = await start();
    const alice = fake.workspace.addUser({ name: 'alice' });
    const channel = fake.workspace.addChannel({ name: 'proj', members: [alice] });
    const savedTexts = () => {
      try {
        const saved = JSON.parse(readFileSync(statePath, 'utf8')) as {
          workspace: { messages: Record<string, { text: string }[]> };
        };
        return (saved.workspace.messages[channel] ?? []).map((m) => m.text);
      } catch {
        return []; // not written yet
      }
    };

    await callApi(fake, 'chat.postMessage', { channel, text: 'while running' });
    expect(await fake.waitFor(() => savedTexts().includes('while running'))).toBe(true);

    const burst = Array.from({ length: 20 }, (_, i) => `burst ${i}`);
    for (const text of burst) await callApi(fake, 'chat.postMessage', { channel, text });
    await fake.close();
    running.splice(running.indexOf(fake), 1);
    expect(savedTexts()).toEqual(['while running', ...burst]);
    expect(readdirSync(join(dir, 'data', 'sandbox'))).toEqual(['slack.json']); // no temp file left
  });

  describe('a state file it cannot use', () => {
    const expectStartToFail = async (problem: RegExp) => {
      const failure = startFakeSlack({ statePath });
      await expect(failure).rejects.toBeInstanceOf(StateFileError);
      await expect(failure).rejects.toThrow(problem);
      await expect(failure).rejects.toThrow(statePath);
      await expect(failure).rejects.toThrow(/--reset flag, or delete the file/);
    };

    beforeEach(() => mkdirSync(join(dir, 'data', 'sandbox'), { recursive: true }));

    it('is not JSON (a hand edit)', async () => {
      writeFileSync(statePath, '{"version": 1, "ids": ');
      await expectStartToFail(/is not valid JSON/);
    });

    it('has an unknown version', async () => {
      writeFileSync(statePath, JSON.stringify({ version: 2 }));
      await expectStartToFail(/has version 2, but this sandbox reads version 1/);
    });

    it('lacks a section', async () => {
      const fake = await start();
      await fake.close();
      running.splice(0);
      const { views: _, ...rest } = JSON.parse(readFileSync(statePath, 'utf8')) as Record<string, unknown>;
      writeFileSync(statePath, JSON.stringify(rest));
      await expectStartToFail(/has no views section/);
    });

    it('holds a state that cannot be restored', async () => {
      const fake = await start();
      await fake.close();
      running.splice(0);
      const saved = JSON.parse(readFileSync(statePath, 'utf8')) as { workspace: Record<string, unknown> };
      saved.workspace.users = 42;
      writeFileSync(statePath, JSON.stringify(saved));
      await expectStartToFail(/holds a state this sandbox cannot restore/);
    });

    it('cannot be read', async () => {
      mkdirSync(statePath); // a folder where the file should be
      await expectStartToFail(/cannot be read/);
    });
  });

  it('keeps only the newest calls with recorderLimit, seq still increasing', async () => {
    const fake = await startFakeSlack({ recorderLimit: 3 });
    running.push(fake);
    for (let i = 0; i < 5; i++) await callApi(fake, 'auth.test');
    expect(fake.calls().map((c) => c.seq)).toEqual([3, 4, 5]);
    fake.recorder.clear();
    await callApi(fake, 'auth.test');
    expect(fake.calls().map((c) => c.seq)).toEqual([6]);
  });
});
