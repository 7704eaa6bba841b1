import { expect, it } from 'vitest';
import { contract } from './helpers/dialects.js';

contract('PeopleStore', (stores) => {
  it('caches who owns an address, and moves it when Slack says it belongs to someone else now', async () => {
    const r = stores().people;
    expect(await r.byEmail('budi@majuco.co.id')).toBeUndefined();
    await r.recordResolved('budi@majuco.co.id', 'U0BUDI0001', 1000);
    expect(await r.byEmail('budi@majuco.co.id')).toEqual({ userId: 'U0BUDI0001', resolvedAt: 1000 });
    await r.recordResolved('budi@majuco.co.id', 'U0BUDI0001', 2000);
    expect(await r.byEmail('budi@majuco.co.id')).toEqual({ userId: 'U0BUDI0001', resolvedAt: 2000 });
    await r.recordResolved('budi@majuco.co.id', 'U0BUDI0002', 3000);
    expect(await r.byEmail('budi@majuco.co.id')).toEqual({ userId: 'U0BUDI0002', resolvedAt: 3000 });
  });

  it('marks people deactivated once (true only when it changed), and active again', async () => {
    const r = stores().people;
    expect(await r.deactivated()).toEqual(new Set());
    expect(await r.setDeactivated('U0BUDI0001', false, 1000)).toBe(false);
    expect(await r.setDeactivated('U0BUDI0001', true, 1000)).toBe(true);
    expect(await r.setDeactivated('U0BUDI0001', true, 2000)).toBe(false);
    await r.recordResolved('citra@majuco.co.id', 'U0CITRA001', 1000);
    expect(await r.setDeactivated('U0CITRA001', true, 2000)).toBe(true);
    expect(await r.deactivated()).toEqual(new Set(['U0BUDI0001', 'U0CITRA001']));
    expect(await r.setDeactivated('U0BUDI0001', false, 3000)).toBe(true);
    expect(await r.deactivated()).toEqual(new Set(['U0CITRA001']));
    // The address stays resolved through it.
    expect((await r.byEmail('citra@majuco.co.id'))?.userId).toBe('U0CITRA001');
  });

  it('never overwrites the language a person chose', async () => {
    const { people: r, insertPerson, peopleRows } = stores();
    await insertPerson({ userId: 'U0BUDI0001', locale: 'id', updatedAt: 1 });
    await r.recordResolved('budi@majuco.co.id', 'U0BUDI0001', 1000);
    await r.setDeactivated('U0BUDI0001', true, 2000);
    await r.setDeactivated('U0BUDI0001', false, 3000);
    await r.recordResolved('budi@majuco.co.id', 'U0BUDI0002', 4000);
    const rows = await peopleRows();
    expect(rows.find((p) => p.userId === 'U0BUDI0001')).toMatchObject({ locale: 'id', email: null });
    expect(rows.find((p) => p.userId === 'U0BUDI0002')).toMatchObject({
      locale: null,
      email: 'budi@majuco.co.id',
    });
  });

  it('two processes resolving one address at once leave it with one of them, never fail', async () => {
    const other = await stores().other();
    try {
      for (let round = 0; round < 10; round++) {
        const email = `round${round}@majuco.co.id`;
        await Promise.all([
          stores().people.recordResolved(email, 'U0BUDI0001', 1000 + round),
          other.people.recordResolved(email, 'U0BUDI0002', 1000 + round),
        ]);
        const owner = await stores().people.byEmail(email);
        expect(['U0BUDI0001', 'U0BUDI0002']).toContain(owner?.userId);
      }
    } finally {
      await other.close();
    }
  });
});
