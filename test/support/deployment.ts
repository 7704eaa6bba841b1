import type { Decision } from '../../src/domain/decision.js';
import type { Project } from '../../src/domain/project.js';
import type { Transition } from '../../src/domain/refusal.js';
import {
  decide,
  escalate,
  openDecision,
  provideInfo,
  requestInfo,
  vote,
  withdraw,
} from '../../src/domain/transitions/index.js';
import {
  type Database,
  DecisionRepository,
  LocaleRepository,
  OutboxRepository,
  PeopleRepository,
  ProjectRepository,
} from '../../src/storage/index.js';
import { alwaysCalendar, sampleProject, sampleRequest } from './sample-project.js';

export const DEPLOYMENT_T0 = Date.UTC(2026, 10, 2, 9, 0);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const deploymentProjects: readonly Project[] = [
  sampleProject(),
  sampleProject({ id: 'crm-rollout', name: 'CRM rollout — “Fase 2”', channel: 'C0PROJECT2' }),
];

/**
 * Fills a real SQLite database the way a running bot does, through the domain's transitions and the
 * repositories: two projects, `decisions` requests spread over them and through every path (still open,
 * decided with a rationale, paused for information and answered, escalated to the committee and voted,
 * withdrawn, expired to the default), each with its events, outbox rows (some sent, some failed), the Slack
 * messages posted about it and the key of the request that opened it; people with emails, a deactivated one and
 * chosen languages; SPoC absences, ended and running. Text is awkward on purpose (quotes, newlines, emoji,
 * accents). Returns the ids of the decisions, in the order opened.
 */
export async function populateDeployment(database: Database, decisions: number): Promise<string[]> {
  const T0 = DEPLOYMENT_T0;
  const { db } = database;
  const repo = new DecisionRepository(database);
  const outbox = new OutboxRepository(db);
  await new ProjectRepository(db).sync(deploymentProjects, T0);

  const people = new PeopleRepository(db);
  await people.recordResolved('spoc@maju.example', 'U0SPOC0001', T0);
  await people.recordResolved('cfo@maju.example', 'U0CFO00001', T0 + 1);
  await people.setDeactivated('U0GONE0001', true, T0 + 2);
  const languages = new LocaleRepository(db, { now: () => T0 + 3 });
  await languages.choose('U0MEMBER01', 'id');
  await languages.choose('U0SPONSOR1', 'en');

  const absences = new ProjectRepository(db);
  await absences.markAway('odoo-rollout', 'U0SPOC0001', T0 - 48 * HOUR, T0 - 24 * HOUR);
  await absences.markAway('crm-rollout', 'U0SPOC0001', T0 - 2 * HOUR, null);
  await absences.markBack('crm-rollout', 'U0SPOC0001', T0 - HOUR);
  await absences.markAway('odoo-rollout', 'U0DEPUTY01', T0 + 72 * HOUR, null);

  const ids: string[] = [];
  for (let i = 0; i < decisions; i++) {
    const project = deploymentProjects[i % deploymentProjects.length] as Project;
    const id = `D${String(i).padStart(6, '0')}`;
    const at = T0 + i * MINUTE;
    const ctx = (now: number) => ({ now, clock: alwaysCalendar });
    const path = i % 7;
    const opened = openDecision(
      sampleRequest({
        projectId: project.id,
        question: i % 3 === 0 ? `Costing method #${i}: “FIFO” or 'AVCO'? 🤔` : `Approve change ${i}?`,
        context: `Line one\nLine two, ação ${i}\t(tab) "quoted" \\ backslash`,
        budgetImpact: i % 4 === 0 ? 1234.56 + i : undefined,
        domain: i % 5 === 0 ? 'inventory' : undefined,
        neededBy: i % 2 === 0 ? '2026-12-01' : undefined,
        blocks: i % 6 === 0 ? 'Go-live of the warehouse' : undefined,
        source: i % 8 === 0 ? { channel: project.channel, ts: `${at / 1000}.000100` } : undefined,
        ...(path === 6 ? { defaultOptionId: 'approve' } : {}),
      }),
      id,
      project,
      false,
      ctx(at),
    );
    let d = must(opened);
    await repo.create(
      d,
      opened.ok ? opened.events : [],
      [
        {
          dedupeKey: `request-${id}`,
          kind: 'decision_request',
          recipient: d.deciders[0] ?? 'U0SPOC0001',
          decisionId: id,
          payload: {},
        },
        {
          dedupeKey: `head-${id}`,
          kind: 'thread_head',
          recipient: project.channel,
          decisionId: id,
          payload: {},
        },
      ],
      at,
      `view-submission-${id}`,
    );
    await outbox.rememberMessage(
      id,
      {
        role: 'channel_thread_head',
        recipient: project.channel,
        channel: project.channel,
        ts: `${at / 1000}.0001`,
      },
      at,
    );
    await outbox.rememberMessage(
      id,
      {
        role: 'decider_request',
        recipient: d.deciders[0] ?? 'U0SPOC0001',
        channel: 'D0SPOC',
        ts: `${at / 1000}.0002`,
      },
      at + 1,
    );
    const save = async (t: Transition, now: number) => {
      const next = must(t);
      await repo.save(d.version, t, [], now);
      d = next;
    };
    const spoc = d.deciders[0] ?? 'U0SPOC0001';
    if (path === 1)
      await save(
        decide(d, { actor: spoc, optionId: 'approve', rationale: 'Sí — “ok” 👍' }, ctx(at + 5 * MINUTE)),
        at + 5 * MINUTE,
      );
    if (path === 2) {
      await save(
        requestInfo(d, { actor: spoc, question: 'Which warehouse?' }, ctx(at + MINUTE)),
        at + MINUTE,
      );
      await save(
        provideInfo(d, { actor: d.requester, answer: 'Surabaya' }, ctx(at + 2 * MINUTE)),
        at + 2 * MINUTE,
      );
      await save(decide(d, { actor: spoc, optionId: 'reject' }, ctx(at + 3 * MINUTE)), at + 3 * MINUTE);
    }
    if (path === 3 || path === 6) {
      // Ran out of time at each level: up to the sponsor, then the committee.
      for (let step = 0; step < 2 && d.level !== 'committee'; step++) {
        const due = d.dueAt ?? at;
        await save(escalate(d, project, { level: d.level, spocAway: false }, ctx(due)), due);
      }
      if (path === 3) {
        const now = (d.dueAt ?? at) - MINUTE;
        await save(vote(d, { actor: 'U0CFO00001', optionId: 'reject', note: 'Too “early”' }, ctx(now)), now);
        if (i % 2 === 1)
          await save(vote(d, { actor: 'U0PMDIR001', optionId: 'reject' }, ctx(now + 1)), now + 1);
      } else {
        const due = d.dueAt ?? at;
        await save(escalate(d, project, { level: d.level, spocAway: false }, ctx(due)), due);
      }
    }
    if (path === 4)
      await save(
        withdraw(d, { actor: d.requester, reason: 'No longer needed' }, ctx(at + MINUTE)),
        at + MINUTE,
      );
    ids.push(id);
  }

  // The outbox as a running bot leaves it: most delivered, one failed for good, one still retrying.
  const pending = await outbox.pendingIds(0, Number.MAX_SAFE_INTEGER);
  for (const [n, { id }] of pending.entries()) {
    if (n % 10 === 9) continue; // still pending
    await outbox.claim(id, 'fixture', 60_000);
    if (n % 10 === 8) await outbox.recordError(id, 'ratelimited', 'fixture');
    else if (n % 25 === 7) await outbox.markFailed(id, 'channel_not_found');
    else await outbox.markSent(id, T0 + n);
  }
  return ids;
}

function must(t: Transition): Decision {
  if (!t.ok) throw new Error(`the fixture's transition was refused: ${t.refusal.code}`);
  return t.decision;
}
