import { afterEach, describe, expect, it } from 'vitest';
import { PeopleRepository } from '../../src/storage/index.js';
import { people } from '../../src/storage/schema.js';
import { tempDatabase } from '../support/temp-db.js';

describe('PeopleRepository', () => {
  let cleanup = () => {};
  afterEach(() => cleanup());
  function repo() {
    const temp = tempDatabase();
    cleanup = temp.cleanup;
    return { repo: new PeopleRepository(temp.database.db), db: temp.database.db };
  }

  it('caches who owns an address, and moves it when Slack says it belongs to someone else now', async () => {
    const { repo: r } = repo();
    expect(await r.byEmail('budi@majuco.co.id')).toBeUndefined();
    await r.recordResolved('budi@majuco.co.id', 'U0BUDI0001', 1000);
    expect(await r.byEmail('budi@majuco.co.id')).toEqual({ userId: 'U0BUDI0001', resolvedAt: 1000 });
    await r.recordResolved('budi@majuco.co.id', 'U0BUDI0001', 2000);
    expect(await r.byEmail('budi@majuco.co.id')).toEqual({ userId: 'U0BUDI0001', resolvedAt: 2000 });
    await r.recordResolved('budi@majuco.co.id', 'U0BUDI0002', 3000);
    expect(await r.byEmail('budi@majuco.co.id')).toEqual({ userId: 'U0BUDI0002', resolvedAt: 3000 });
  });

  it('marks people deactivated once (true only when it changed), and active again', async () => {
    const { repo: r } = repo();
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
    const { repo: r, db } = repo();
    db.insert(people).values({ userId: 'U0BUDI0001', locale: 'id', updatedAt: 1 }).run();
    await r.recordResolved('budi@majuco.co.id', 'U0BUDI0001', 1000);
    await r.setDeactivated('U0BUDI0001', true, 2000);
    await r.setDeactivated('U0BUDI0001', false, 3000);
    await r.recordResolved('budi@majuco.co.id', 'U0BUDI0002', 4000);
    const rows = db.select().from(people).all();
    expect(rows.find((p) => p.userId === 'U0BUDI0001')).toMatchObject({ locale: 'id', email: null });
    expect(rows.find((p) => p.userId === 'U0BUDI0002')).toMatchObject({
      locale: null,
      email: 'budi@majuco.co.id',
    });
  });
});
