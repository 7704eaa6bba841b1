import type { Decision } from './decision.js';
import type { DecisionEvent } from './events.js';
import type { UserId } from './project.js';

/** Why the requester withdrew it, from its log; undefined without a reason or while it is not withdrawn. */
export function withdrawReason(
  decision: Decision,
  history: readonly DecisionEvent[] = [],
): string | undefined {
  if (decision.status !== 'withdrawn') return undefined;
  const e = history.findLast((x) => x.type === 'withdrawn');
  const reason = e?.type === 'withdrawn' ? e.data.reason?.trim() : undefined;
  return reason === '' ? undefined : reason;
}

/** The committee members' notes with their current votes, in the order they voted; `label` names an option. */
export function voteNotes(
  decision: Pick<Decision, 'votes'>,
  label: (optionId: string) => string,
): { member: UserId; label: string; note: string }[] {
  return decision.votes.flatMap((v) =>
    v.note === undefined || v.note.trim() === ''
      ? []
      : [{ member: v.member, label: label(v.optionId), note: v.note }],
  );
}

/**
 * What was said with the outcome, as one line: the requester's reason for withdrawing, the decider's note, or
 * the committee members' notes with their votes ("Approve: <note>; …"). The App Home and the export show it.
 */
export function outcomeNote(
  decision: Decision,
  history: readonly DecisionEvent[],
  label: (optionId: string) => string,
): string | undefined {
  if (decision.status === 'withdrawn') return withdrawReason(decision, history);
  const rationale = decision.outcome?.rationale?.trim();
  if (rationale) return rationale;
  const notes = voteNotes(decision, label);
  return notes.length === 0 ? undefined : notes.map((n) => `${n.label}: ${n.note}`).join('; ');
}
