import { beforeEach, expect, it } from 'vitest';
import { sampleProject } from '../support/sample-project.js';
import { contract } from './helpers/dialects.js';

const project = sampleProject();

contract('Absences and projects', (stores) => {
  beforeEach(async () => {
    await stores().projects.sync([project], 1);
  });

  it('keeps the configured projects, updated on each sync, removed ones included', async () => {
    const { projects, query } = stores();
    await projects.sync([{ ...project, name: 'Renamed' }, sampleProject({ id: 'wms', channel: 'C0WMS' })], 2);
    await projects.sync([sampleProject({ id: 'wms', channel: 'C0WMS2' })], 3);
    expect(
      await query('SELECT id, name, channel, CAST(updated_at AS INTEGER) AS at FROM projects ORDER BY id'),
    ).toEqual([
      { id: 'odoo-rollout', name: 'Renamed', channel: 'C0PROJECT1', at: 2 },
      { id: 'wms', name: project.name, channel: 'C0WMS2', at: 3 },
    ]);
  });

  it('marks a SPoC away for a while or until back, one absence at a time', async () => {
    const { projects: r } = stores();
    const spoc = project.spoc;
    expect(await r.isAway(project.id, spoc, 100)).toBe(false);
    await r.markAway(project.id, spoc, 100, 200);
    expect(await r.awayAt(project.id, spoc, 100)).toEqual({ from: 100, until: 200 });
    expect(await r.isAway(project.id, spoc, 199)).toBe(true);
    expect(await r.isAway(project.id, spoc, 200)).toBe(false);
    expect(await r.isAway(project.id, 'U0SOMEONE1', 150)).toBe(false);
    // A new absence ends the one running.
    await r.markAway(project.id, spoc, 150, null);
    expect(await r.awayAt(project.id, spoc, 160)).toEqual({ from: 150, until: null });
    expect(await r.awayAt(project.id, spoc, 10_000)).toEqual({ from: 150, until: null });
    await r.markBack(project.id, spoc, 300);
    expect(await r.isAway(project.id, spoc, 300)).toBe(false);
    expect(await r.awayAt(project.id, spoc, 299)).toEqual({ from: 150, until: 300 });
  });
});
