import type { Decision } from '../domain/decision.js';
import type { DecisionEvent } from '../domain/events.js';
import { costOfDelay, decisionFigures } from '../domain/insight/index.js';
import { outcomeNote } from '../domain/outcome-note.js';
import type { Level, UserId } from '../domain/project.js';
import type { Instant } from '../domain/time.js';
import type { AppDeps } from './deps.js';

/** One row of a project's decision log: what the export writes, one per decision. */
export interface DecisionLogRow {
  /** A decision, or a key-user sign-off of a deliverable (question = the deliverable's title). */
  readonly kind: 'decision' | 'signoff';
  readonly id: string;
  readonly project: string;
  readonly question: string;
  readonly options: readonly string[];
  readonly status: Decision['status'];
  /** How it ended: an option (by a decider, a vote or the default), withdrawn, or still open. */
  readonly outcome: { how: 'decided' | 'vote' | 'default' | 'withdrawn' | 'open'; label?: string };
  readonly rationale: string | null;
  /** What the decision blocks, as its requester wrote it. */
  readonly blocks: string | null;
  readonly requester: UserId;
  readonly decider: UserId | null;
  readonly levelReached: Level;
  readonly openedAt: Instant;
  readonly closedAt: Instant | null;
  /** Open to outcome (null while open): business time without the pauses for information, and wall time. */
  readonly businessMs: number | null;
  readonly wallMs: number | null;
  readonly escalations: number;
  /** Business days waited × the project's daily cost of delay; null when the project sets none. */
  readonly costOfDelay: { amount: number; currency: string } | null;
  /** A sign-off's rounds and what its key users said (rejections with reasons, approvals with notes). */
  readonly signoff: SignOffLog | null;
}

export interface SignOffLog {
  readonly rounds: number;
  readonly link: string | null;
  readonly rejections: readonly { round: number; by: UserId | null; reason: string }[];
  readonly approvals: readonly { round: number; by: UserId | null; note: string }[];
}

/**
 * The decision log of a project, oldest first: every decision opened since `since` (all without), with the
 * figures of its event log. Reads only the database and the configuration: the command-line export runs
 * without Slack. `optionName` names an option inside the row's text (the rationale's vote notes: "Approve:
 * <note>") as the file's reader reads it; without it, as stored.
 */
export async function decisionLog(
  deps: Pick<AppDeps, 'decisions' | 'projects' | 'clock'>,
  projectId: string,
  since?: Instant,
  optionName?: (decision: Decision, optionId: string) => string,
): Promise<DecisionLogRow[]> {
  const project = deps.projects.byId(projectId);
  if (project === undefined) return [];
  const now = deps.clock.now();
  const clock = deps.projects.calendar;
  const opened = await deps.decisions.openedSince(projectId, since);
  const logs = await deps.decisions.eventsOf(opened.map((d) => d.id));
  return opened.map((decision) => {
    const events = logs.get(decision.id) ?? [];
    const figures = decisionFigures(decision, events, clock, now, project);
    const cost = costOfDelay(figures.waitedBusinessMs, clock.workingDayMs, project.costOfDelay);
    const label = (id: string) => decision.options.find((o) => o.id === id)?.label ?? id;
    const named = optionName === undefined ? label : (id: string) => optionName(decision, id);
    const o = decision.outcome;
    return {
      kind: decision.kind ?? 'decision',
      id: decision.id,
      project: project.id,
      question: decision.question,
      options: decision.options.map((option) => option.label),
      status: decision.status,
      outcome:
        decision.status === 'withdrawn'
          ? { how: 'withdrawn' }
          : o === null
            ? { how: 'open' }
            : { how: o.how, label: label(o.optionId) },
      rationale: outcomeNote(decision, events, named) ?? null,
      blocks: decision.blocks ?? null,
      requester: decision.requester,
      decider: o?.by ?? null,
      levelReached: figures.reachedLevel,
      openedAt: decision.openedAt,
      closedAt: decision.closedAt,
      businessMs: figures.latency.outcome?.businessMs ?? null,
      wallMs: figures.latency.outcome?.wallMs ?? null,
      escalations: figures.escalations,
      costOfDelay: cost === null ? null : { amount: cost.amount, currency: cost.currency },
      signoff: signOffLog(decision, events),
    };
  });
}

/** What a sign-off's log shows of its rounds: their count and every rejection and approval note. */
function signOffLog(decision: Decision, events: readonly DecisionEvent[]): SignOffLog | null {
  if (decision.kind !== 'signoff' || decision.signoff === undefined) return null;
  const rejections: { round: number; by: UserId | null; reason: string }[] = [];
  const approvals: { round: number; by: UserId | null; note: string }[] = [];
  for (const e of events) {
    if (e.type === 'signoff_rejected')
      rejections.push({ round: e.data.round, by: e.actor, reason: e.data.reason });
    if (e.type === 'signoff_approved' && e.data.note !== undefined)
      approvals.push({ round: e.data.round, by: e.actor, note: e.data.note });
  }
  return {
    rounds: decision.signoff.round,
    link: decision.signoff.deliverable.link ?? null,
    rejections,
    approvals,
  };
}
