import { expect, it, vi } from 'vitest';
import { contract } from './helpers/dialects.js';

contract('Languages (people.locale)', (stores) => {
  it('stores a choice, changes and forgets it, and leaves the email resolution’s columns alone', async () => {
    const now = 1000;
    const clock = { now: () => now };
    const { insertPerson, peopleRows } = stores();
    await insertPerson({
      userId: 'U1',
      email: 'sari@example.com',
      resolvedAt: 500,
      deactivated: true,
      updatedAt: 500,
    });
    const repo = stores().languages(clock);
    await repo.refresh();
    expect(repo.choiceOf('U1')).toBeUndefined();
    expect(repo.choiceOf('U2')).toBeUndefined();

    await repo.choose('U1', 'id');
    await repo.choose('U2', 'en');
    expect(repo.choiceOf('U1')).toBe('id');
    const fresh = stores().languages(clock);
    await fresh.refresh();
    expect(fresh.choiceOf('U2')).toBe('en');
    expect((await peopleRows()).find((p) => p.userId === 'U1')).toEqual({
      userId: 'U1',
      email: 'sari@example.com',
      resolvedAt: 500,
      deactivated: true,
      locale: 'id',
      updatedAt: 1000,
    });

    await repo.choose('U1', null);
    expect(repo.choiceOf('U1')).toBeUndefined();
    expect((await peopleRows()).find((p) => p.userId === 'U1')?.email).toBe('sari@example.com');
  });

  it('sees a choice another process made once its copy is older than maxAgeMs; ignores unknown values', async () => {
    let now = 0;
    const clock = { now: () => now };
    const web = stores().languages(clock);
    const worker = stores().languages(clock, 10_000);
    await worker.refresh();
    expect(worker.choiceOf('U1')).toBeUndefined();
    await web.choose('U1', 'id');
    now = 5_000;
    expect(worker.choiceOf('U1')).toBeUndefined();
    now = 10_000;
    // The stale copy answers at once and starts a read in the background; a later look sees the choice.
    expect(worker.choiceOf('U1')).toBeUndefined();
    await vi.waitFor(() => expect(worker.choiceOf('U1')).toBe('id'));
    await stores().execute("UPDATE people SET locale = 'fr' WHERE user_id = 'U1'");
    const fresh = stores().languages(clock);
    await fresh.refresh();
    expect(fresh.choiceOf('U1')).toBeUndefined();
  });
});
