import { describe, expect, it } from 'vitest';
import type { PurgeCounts, RetentionStore } from '../../src/app/ports.js';
import { applyRetention, PURGE_CHUNK, RetentionFailed } from '../../src/app/retention.js';
import { retentionCutoff } from '../../src/domain/retention.js';

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2026, 5, 1);
const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/** A store holding `ids` per project past retention, recording each purge. */
function store(byProject: Record<string, string[]>) {
  const purged: { projectId: string; ids: readonly string[]; before: number }[] = [];
  const retention: RetentionStore = {
    closedBefore: async (projectId) => byProject[projectId] ?? [],
    purge: async (projectId, ids, before): Promise<PurgeCounts> => {
      purged.push({ projectId, ids, before });
      return { decisions: ids.length, events: 2 * ids.length, deliveries: ids.length, votes: 0, messages: 1 };
    },
  };
  return { retention, purged };
}
const projects = (...ids: string[]) => ({ all: () => ids.map((id) => ({ id })) as never });

describe('the retention rule', () => {
  it('counts wall-clock days back from now', () => {
    expect(retentionCutoff(NOW, { days: 30 })).toBe(NOW - 30 * DAY);
  });
});

describe('applyRetention', () => {
  it('exports first, then deletes in chunks, and reports the counts per project', async () => {
    const many = Array.from({ length: PURGE_CHUNK + 3 }, (_, i) => `d${i}`);
    const { retention, purged } = store({ a: many, b: [] });
    const order: string[] = [];
    const report = await applyRetention(
      {
        retention: {
          ...retention,
          purge: async (...args) => {
            order.push('purge');
            return retention.purge(...args);
          },
        },
        projects: projects('a', 'b'),
        clock: { now: () => NOW },
        log: silent,
        archive: async (projectId, ids) => {
          order.push(`archive ${projectId} ${ids.length}`);
          return `/archive/${projectId}.json`;
        },
      },
      { days: 30, exportTo: '/archive' },
    );
    expect(order).toEqual([`archive a ${many.length}`, 'purge', 'purge']);
    expect(purged.map((p) => p.ids.length)).toEqual([PURGE_CHUNK, 3]);
    expect(purged.every((p) => p.before === NOW - 30 * DAY)).toBe(true);
    expect(report).toEqual([
      {
        projectId: 'a',
        decisions: many.length,
        events: 2 * many.length,
        deliveries: many.length,
        votes: 0,
        messages: 2,
        file: '/archive/a.json',
      },
    ]);
  });

  it('deletes nothing of a project whose export fails, goes on with the others, then fails the run', async () => {
    const { retention, purged } = store({ a: ['a1'], b: ['b1'] });
    const run = applyRetention(
      {
        retention,
        projects: projects('a', 'b'),
        clock: { now: () => NOW },
        log: silent,
        archive: async (projectId) => {
          if (projectId === 'a') throw new Error('EACCES: permission denied');
          return '/archive/b.json';
        },
      },
      { days: 30, exportTo: '/archive' },
    );
    await expect(run).rejects.toThrow(RetentionFailed);
    await expect(run).rejects.toThrow('retention failed for a (EACCES: permission denied)');
    expect(purged.map((p) => p.projectId)).toEqual(['b']);
  });
});
