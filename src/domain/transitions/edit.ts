import type { Decision, DecisionOption, DecisionRequest } from '../decision.js';
import type { DecisionEvent, FieldChange } from '../events.js';
import type { Project, UserId } from '../project.js';
import { refuse, type Transition } from '../refusal.js';
import { enterLevel, next, refuseIfClosed, type TransitionContext, unchanged } from './context.js';
import { checkRequest } from './open.js';

/** What the requester's edit form sends: the new value of every editable field (absent: not set). */
export interface RequestEdit {
  readonly question: string;
  readonly context: string;
  readonly options: readonly DecisionOption[];
  readonly budgetImpact?: number | undefined;
  readonly neededBy?: string | undefined;
  readonly defaultOptionId?: string | undefined;
}

/**
 * The requester edits their open request. Refused once a committee member has voted (the votes were cast on
 * what the request said). The event lists what changed. A budget raised above the SPoC's authority while the
 * SPoC level holds it moves it to the sponsors, as routing would have done; the sponsors' time starts now.
 */
export function editRequest(
  decision: Decision,
  project: Project,
  command: { actor: UserId; edit: RequestEdit },
  ctx: TransitionContext,
): Transition {
  const closed = refuseIfClosed(decision);
  if (closed) return closed;
  if (command.actor !== decision.requester) return refuse({ code: 'not_requester' });
  if (decision.votes.length > 0) return refuse({ code: 'votes_cast' });
  const { edit } = command;
  const edited: DecisionRequest = {
    ...decision,
    question: edit.question,
    context: edit.context,
    options: edit.options,
    budgetImpact: edit.budgetImpact,
    neededBy: edit.neededBy,
    defaultOptionId: edit.defaultOptionId,
  };
  const invalid = checkRequest(edited, project);
  if (invalid) return invalid;
  const changes = changesOf(decision, edited);
  if (changes.length === 0) return unchanged(decision);

  const fields: Partial<Decision> = {
    question: edited.question,
    context: edited.context,
    options: edited.options,
    budgetImpact: edited.budgetImpact,
    neededBy: edited.neededBy,
    defaultOptionId: edited.defaultOptionId,
    // A needed-by date moved later than today no longer makes it late; the timer marks it again if it comes.
    late: decision.late && edited.neededBy === decision.neededBy,
  };
  const events: DecisionEvent[] = [
    { type: 'edited', at: ctx.now, actor: command.actor, level: decision.level, data: { changes } },
  ];
  const limit = project.authority.spocMaxBudget;
  const overAuthority =
    limit !== undefined && edited.budgetImpact !== undefined && edited.budgetImpact > limit;
  if (
    decision.level === 'spoc' &&
    overAuthority &&
    decision.ladder.steps.some((s) => s.level === 'sponsor')
  ) {
    const deciders = project.sponsors;
    Object.assign(fields, enterLevel(decision, 'sponsor', deciders, ctx.now));
    events.push({
      type: 'escalated',
      at: ctx.now,
      actor: command.actor,
      level: 'sponsor',
      data: { from: decision.level, deciders, because: 'over_authority' },
    });
  }
  return next(decision, fields, events, ctx.clock);
}

function changesOf(before: DecisionRequest, after: DecisionRequest): FieldChange[] {
  const changes: FieldChange[] = [];
  const add = (field: FieldChange['field'], was: FieldChange['before'], now: FieldChange['after']) => {
    if (JSON.stringify(was) !== JSON.stringify(now)) changes.push({ field, before: was, after: now });
  };
  const labels = (r: DecisionRequest) => r.options.map((o) => o.label);
  const defaultLabel = (r: DecisionRequest) =>
    r.options.find((o) => o.id === r.defaultOptionId)?.label ?? null;
  add('question', before.question, after.question);
  add('context', before.context, after.context);
  add('options', labels(before), labels(after));
  add('budgetImpact', before.budgetImpact ?? null, after.budgetImpact ?? null);
  add('neededBy', before.neededBy ?? null, after.neededBy ?? null);
  add('defaultOption', defaultLabel(before), defaultLabel(after));
  return changes;
}
