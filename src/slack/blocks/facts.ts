import type { Decision, DecisionOption } from '../../domain/decision.js';
import { APPROVE_REJECT, isClosed } from '../../domain/decision.js';
import type { DecisionEvent, FieldChange } from '../../domain/events.js';
import { outcomeNote as domainOutcomeNote, voteNotes as domainVoteNotes } from '../../domain/outcome-note.js';
import type { Level, Project, UserId } from '../../domain/project.js';
import { SIGNOFF_OPTIONS } from '../../domain/signoff.js';
import type { Instant } from '../../domain/time.js';
import { type SendUpTarget, targetLevel } from '../../domain/transitions/index.js';
import { t } from '../text/index.js';

/**
 * Facts about a decision the Slack surfaces show, derived without words (the text module words them) and
 * without a clock (`now` is a parameter).
 */

/** In what capacity someone holds (or held) a decision. */
export type HolderRole = 'spoc' | 'deputy' | 'delegate' | 'sponsor' | 'committee' | 'key_user';

export function holderRole(user: UserId | undefined, level: Level, project: Project): HolderRole {
  if (level === 'key_users') return 'key_user';
  if (level === 'sponsor') return 'sponsor';
  if (level === 'committee') return 'committee';
  if (user === project.spoc) return 'spoc';
  if (user !== undefined && user === project.deputy) return 'deputy';
  return 'delegate';
}

/** The role of the current holders as a group (the first decider's role at the SPoC level). */
export function currentRole(decision: Decision, project: Project): HolderRole {
  return holderRole(decision.deciders[0], decision.level, project);
}

export function isCurrentDecider(decision: Decision, user: UserId | undefined): boolean {
  return user !== undefined && decision.deciders.includes(user);
}

/** Whether a decider can still act: open or waiting for information. */
export function isActionable(decision: Decision): boolean {
  return !isClosed(decision.status);
}

const HOLDER_CHANGES: ReadonlySet<DecisionEvent['type']> = new Set([
  'opened',
  'round_started',
  'escalated',
  'delegated',
  'handed_over',
]);

/** An event of the people holding a request deactivated in Slack (`handed_over` or `escalated`). */
export type DeactivationEvent = Extract<DecisionEvent, { type: 'handed_over' | 'escalated' }> & {
  readonly data: { readonly because: 'decider_deactivated' };
};

/** Whether an event records that some of the people holding a request were deactivated in Slack. */
export function isDeactivation(event: DecisionEvent | undefined): event is DeactivationEvent {
  return (
    (event?.type === 'handed_over' || event?.type === 'escalated') &&
    event.data.because === 'decider_deactivated'
  );
}

/**
 * Since when the current deciders hold it: the level's entry, or a later delegation or hand-over (not one that
 * only left out someone deactivated: the others held it before).
 */
export function holdingSince(decision: Decision, history: readonly DecisionEvent[] = []): Instant {
  let since = decision.levelEnteredAt;
  for (const e of history) {
    const kept = e.type === 'handed_over' && e.data.deciders.every((u) => e.data.from.includes(u));
    if (HOLDER_CHANGES.has(e.type) && !kept && e.at > since) since = e.at;
  }
  return since;
}

/** Domains that have at least one key user (those can be chosen and consulted). */
export function keyUserDomains(project: Project): string[] {
  return Object.entries(project.keyUsers)
    .filter(([, users]) => users.length > 0)
    .map(([domain]) => domain);
}

/**
 * An option's label as the reader reads it: a built-in option (Approve / Reject when no options were typed, a
 * sign-off's two answers), stored by id with its English label, in the reader's language; an option the
 * requester typed, as typed.
 */
export function shownLabel(decision: Pick<Decision, 'kind'>, option: DecisionOption): string {
  const signoff = decision.kind === 'signoff';
  const builtIn = (signoff ? SIGNOFF_OPTIONS : APPROVE_REJECT).find((o) => o.id === option.id);
  if (builtIn === undefined || builtIn.label !== option.label) return option.label;
  return (signoff ? t.signoff.option : t.option)[option.id] ?? option.label;
}

/** The decision has the built-in Approve / Reject (no options were typed), as stored. */
export function hasBuiltInOptions(decision: Pick<Decision, 'options' | 'kind'>): boolean {
  return (
    decision.kind !== 'signoff' &&
    decision.options.length === APPROVE_REJECT.length &&
    decision.options.every((o, i) => o.id === APPROVE_REJECT[i]?.id && o.label === APPROVE_REJECT[i]?.label)
  );
}

export function optionLabel(decision: Pick<Decision, 'options' | 'kind'>, optionId: string): string {
  const option = decision.options.find((o) => o.id === optionId);
  return option === undefined ? optionId : shownLabel(decision, option);
}

/** The level the decision was at before the current one, when it climbed the ladder. */
export function previousLevel(decision: Decision): Level | undefined {
  const i = decision.ladder.steps.findIndex((s) => s.level === decision.level);
  return i > 0 ? decision.ladder.steps[i - 1]?.level : undefined;
}

export function slaOf(decision: Decision, level: Level): number {
  return decision.ladder.steps.find((s) => s.level === level)?.slaMs ?? 0;
}

/** The level the decision escalates to when its time runs out here, if any. */
export function nextLevelOf(decision: Decision): Level | undefined {
  const i = decision.ladder.steps.findIndex((s) => s.level === decision.level);
  return decision.ladder.steps[i + 1]?.level;
}

/** Who the SPoC (or the deputy) may hand a decision to, and in what capacity. */
export interface Delegate {
  readonly user: UserId;
  readonly deputy: boolean;
  /** Domains in which the user is a key user. */
  readonly domains: readonly string[];
}

/** The deputy and every key user, once each, never the actor (mirrors the domain's `delegate` check). */
export function allowedDelegates(project: Project, actor: UserId | undefined): Delegate[] {
  const byUser = new Map<UserId, { deputy: boolean; domains: string[] }>();
  const entry = (user: UserId) => {
    const found = byUser.get(user) ?? { deputy: false, domains: [] };
    byUser.set(user, found);
    return found;
  };
  if (project.deputy !== undefined) entry(project.deputy).deputy = true;
  for (const [domain, users] of Object.entries(project.keyUsers)) {
    for (const user of users) entry(user).domains.push(domain);
  }
  return [...byUser.entries()]
    .filter(([user]) => user !== actor)
    .map(([user, e]) => ({ user, deputy: e.deputy, domains: e.domains }));
}

/** One stretch of time during which the same people held the decision. */
export interface HolderStretch {
  readonly holders: readonly UserId[];
  readonly level: Level;
  readonly from: Instant;
  readonly to: Instant;
  /**
   * How the stretch ended: the decision moved on (escalated, delegated, handed over, or some of its holders
   * were deactivated in Slack), closed, or still held.
   */
  readonly ended:
    | 'escalated'
    | 'sent_up'
    | 'delegated'
    | 'handed_over'
    | 'deactivated'
    | 'closed'
    | 'current';
}

/** Who held the decision and for how long, from its event log (ordered by time); `now` ends the last stretch. */
export function holderStretches(history: readonly DecisionEvent[], now: Instant): HolderStretch[] {
  const stretches: HolderStretch[] = [];
  let current: { holders: readonly UserId[]; level: Level; from: Instant } | undefined;
  const close = (to: Instant, ended: HolderStretch['ended']) => {
    if (current !== undefined) stretches.push({ ...current, to, ended });
    current = undefined;
  };
  for (const e of history) {
    switch (e.type) {
      case 'opened':
        current = { holders: e.data.deciders, level: e.level, from: e.at };
        break;
      case 'escalated':
        close(
          e.at,
          e.data.because === 'timeout'
            ? 'escalated'
            : e.data.because === 'decider_deactivated'
              ? 'deactivated'
              : 'sent_up',
        );
        current = { holders: e.data.deciders, level: e.level, from: e.at };
        break;
      case 'delegated':
        close(e.at, 'delegated');
        current = { holders: [e.data.to], level: e.level, from: e.at };
        break;
      case 'handed_over':
        close(e.at, e.data.because === 'decider_deactivated' ? 'deactivated' : 'handed_over');
        current = { holders: e.data.deciders, level: e.level, from: e.at };
        break;
      case 'decided':
      case 'withdrawn':
      case 'expired':
      case 'round_returned':
        close(e.at, 'closed');
        break;
      case 'round_started':
        current = { holders: e.data.deciders, level: e.level, from: e.at };
        break;
      default:
        break;
    }
  }
  close(now, 'current');
  return stretches;
}

/** How a closed decision ended, as the text module words it. */
export type OutcomeWords =
  | { readonly how: 'decided'; readonly by: UserId | null; readonly label: string; readonly at: Instant }
  | {
      readonly how: 'vote';
      readonly label: string;
      readonly at: Instant;
      readonly tally?: string | undefined;
    }
  | { readonly how: 'default'; readonly label: string; readonly at: Instant }
  | { readonly how: 'withdrawn'; readonly by: UserId; readonly at: Instant };

/** The outcome of a closed decision; undefined while it is open. `tally` words a committee's final count. */
export function outcomeWords(
  decision: Decision,
  tally?: (counts: { label: string; count: number }[]) => string,
): OutcomeWords | undefined {
  if (decision.status === 'withdrawn') {
    return { how: 'withdrawn', by: decision.requester, at: decision.closedAt ?? decision.levelEnteredAt };
  }
  const o = decision.outcome;
  if (o === null || !isClosed(decision.status)) return undefined;
  const label = optionLabel(decision, o.optionId);
  if (o.how === 'vote') return { how: 'vote', label, at: o.at, tally: tally?.(voteCounts(decision)) };
  if (o.how === 'default') return { how: 'default', label, at: o.at };
  return { how: 'decided', by: o.by, label, at: o.at };
}

/** Votes per option (the latest vote of each member), in the order of the options. */
export function voteCounts(
  decision: Pick<Decision, 'options' | 'votes' | 'kind'>,
): { label: string; count: number }[] {
  const latest = new Map<UserId, string>();
  for (const v of decision.votes) latest.set(v.member, v.optionId);
  const values = [...latest.values()];
  return decision.options.map((o) => ({
    label: shownLabel(decision, o),
    count: values.filter((id) => id === o.id).length,
  }));
}

/** The option the viewer voted for, if any. */
export function voteOf(decision: Pick<Decision, 'votes'>, user: UserId | undefined): string | undefined {
  let optionId: string | undefined;
  for (const v of decision.votes) if (v.member === user) optionId = v.optionId;
  return optionId;
}

export { withdrawReason } from '../../domain/outcome-note.js';

/** What was said with the outcome (`domain/outcome-note.ts`), options named in the reader's language. */
export function outcomeNote(decision: Decision, history: readonly DecisionEvent[] = []): string | undefined {
  return domainOutcomeNote(decision, history, (id) => optionLabel(decision, id));
}

/** The committee members' notes with their current votes, options named in the reader's language. */
export function voteNotes(
  decision: Pick<Decision, 'options' | 'votes' | 'kind'>,
): { member: UserId; label: string; note: string }[] {
  return domainVoteNotes(decision, (id) => optionLabel(decision, id));
}

/** The requester's edits, from the log: the last one (who, when, what) and how many there were. */
export function lastEdit(
  history: readonly DecisionEvent[] = [],
): { by: UserId | null; at: Instant; changes: readonly FieldChange[]; count: number } | undefined {
  const edits = history.filter((e) => e.type === 'edited');
  const last = edits.at(-1);
  if (last?.type !== 'edited') return undefined;
  return { by: last.actor, at: last.at, changes: last.data.changes, count: edits.length };
}

/** Whether the requester can still edit: open and no committee vote cast (mirrors the domain's check). */
export function isEditable(decision: Decision): boolean {
  return !isClosed(decision.status) && decision.votes.length === 0;
}

/**
 * Where the current decider can send the decision at once. Where both ways lead to the committee (from the
 * sponsor level), only "needs the committee" is offered. Empty at the committee.
 */
export function sendUpTargets(decision: Decision): SendUpTarget[] {
  const up = targetLevel(decision, 'above_authority');
  const committee = targetLevel(decision, 'needs_committee');
  const targets: SendUpTarget[] = [];
  if (up !== undefined && up !== committee) targets.push('above_authority');
  if (committee !== undefined) targets.push('needs_committee');
  return targets;
}
