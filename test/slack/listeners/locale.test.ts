import { describe, expect, it } from 'vitest';
import type { Decision } from '../../../src/domain/decision.js';
import type { Project } from '../../../src/domain/project.js';
import type { ListenerDeps } from '../../../src/slack/context.js';
import { encodeButtonValue } from '../../../src/slack/ids.js';
import { requestLocale } from '../../../src/slack/listeners/locale.js';
import { sampleProject } from '../../support/sample-project.js';

/**
 * The language a request is answered in, decided before its ack: the decision at hand is read only when the
 * projects speak different languages (on PostgreSQL that read waits for a pooled connection).
 */
describe('requestLocale', () => {
  function depsWith(projects: Project[], decisionProject: Record<string, string>) {
    const reads: string[] = [];
    const deps = {
      projects: {
        all: () => projects,
        byId: (id: string) => projects.find((p) => p.id === id),
        byChannel: (channel: string) => projects.find((p) => p.channel === channel),
      },
      languages: { choiceOf: (user: string) => (user === 'UCHOSE' ? 'en' : undefined) },
      decisions: {
        get: async (id: string) => {
          reads.push(id);
          const projectId = decisionProject[id];
          return projectId === undefined ? undefined : ({ id, projectId } as unknown as Decision);
        },
      },
    } as unknown as ListenerDeps;
    return { deps, reads };
  }
  const click = (user: string, decisionId: string) => ({
    type: 'block_actions',
    user: { id: user },
    actions: [{ value: encodeButtonValue({ decisionId, optionId: 'approve' }) }],
  });

  it('one language across the projects: that language, and no read of the decision', async () => {
    const { deps, reads } = depsWith(
      [
        sampleProject({ id: 'a', channel: 'CA', locale: 'id' }),
        sampleProject({ id: 'b', channel: 'CB', locale: 'id' }),
      ],
      { d1: 'b' },
    );
    expect(await requestLocale(deps, click('UNOBODY', 'd1'))).toBe('id');
    expect(reads).toEqual([]);
  });

  it('projects in different languages: the language of the decision’s project, read to find it', async () => {
    const { deps, reads } = depsWith(
      [
        sampleProject({ id: 'a', channel: 'CA', locale: 'en' }),
        sampleProject({ id: 'b', channel: 'CB', locale: 'id' }),
      ],
      { d1: 'b', d2: 'a' },
    );
    expect(await requestLocale(deps, click('UNOBODY', 'd1'))).toBe('id');
    expect(await requestLocale(deps, click('UNOBODY', 'd2'))).toBe('en');
    expect(reads).toEqual(['d1', 'd2']);
  });

  it('a person’s own choice wins, with no read', async () => {
    const { deps, reads } = depsWith(
      [
        sampleProject({ id: 'a', channel: 'CA', locale: 'en' }),
        sampleProject({ id: 'b', channel: 'CB', locale: 'id' }),
      ],
      { d1: 'b' },
    );
    expect(await requestLocale(deps, click('UCHOSE', 'd1'))).toBe('en');
    expect(reads).toEqual([]);
  });
});
