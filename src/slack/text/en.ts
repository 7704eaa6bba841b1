import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import type { DecisionStatus } from '../../domain/decision.js';
import type { EditedField } from '../../domain/events.js';
import type { Impact, Level, Locale, UserId } from '../../domain/project.js';
import type { Refusal } from '../../domain/refusal.js';
import { HOUR, type Instant, MINUTE, SECOND } from '../../domain/time.js';
import type { HolderRole, OutcomeWords } from '../blocks/facts.js';
import { channelMention, link, mention, mrkdwnEscape, quote } from '../blocks/kit.js';

/**
 * Every word the Slack surfaces show, in English. Builders call these functions and never write a sentence of
 * their own, so another language is one more object of type `Texts` beside this one.
 *
 * Conventions: functions take raw user text and escape it themselves wherever they return mrkdwn; functions
 * whose result goes into plain_text (titles, labels, buttons, options, headers) do not escape.
 */

const DAY = 24 * HOUR;
const UNITS: readonly (readonly [string, number])[] = [
  ['d', DAY],
  ['h', HOUR],
  ['m', MINUTE],
  ['s', SECOND],
];

/** "2h 15m", "3d 4h", "45s": the two largest units, rounded down; wall-clock days of 24 h. */
function durationShort(ms: number): string {
  const total = Math.max(0, Math.floor(ms / SECOND) * SECOND);
  const i = UNITS.findIndex(([, size]) => total >= size);
  const unit = UNITS[i];
  if (unit === undefined) return '0s';
  const [name, size] = unit;
  const amount = Math.floor(total / size);
  const smaller = UNITS[i + 1];
  const rest = smaller === undefined ? 0 : Math.floor((total - amount * size) / smaller[1]);
  return smaller !== undefined && rest > 0 ? `${amount}${name} ${rest}${smaller[0]}` : `${amount}${name}`;
}

/** "Mon 30 Nov, 14:00" in the given IANA zone. */
function instant(at: Instant, timeZone: string): string {
  return format(new TZDate(at, timeZone), 'EEE d MMM, HH:mm');
}

/**
 * A local date "YYYY-MM-DD" as "Mon 30 Nov 2026" (or in `pattern`; the text itself when it is not such a
 * date).
 */
function localDate(ymd: string, pattern = 'EEE d MMM yyyy'): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd);
  if (match === null) return ymd;
  const date = new TZDate(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 'UTC');
  return Number.isNaN(date.getTime()) ? ymd : format(date, pattern);
}

/** A local date "YYYY-MM-DD" as "Fri 4 Dec" (the text itself when it is not such a date). */
function localDay(ymd: string): string {
  return localDate(ymd, 'EEE d MMM');
}

function budget(amount: number): string {
  return amount.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

/** "a", "a and b", "a, b and c". */
function list(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

function mentions(users: readonly UserId[]): string {
  return users.length === 0 ? 'nobody' : list(users.map(mention));
}

/**
 * People Slack reports deactivated (the ladder skips them), with their name when known: a roster shows them
 * struck out and marked, by name rather than by a mention Slack may no longer render.
 */
export type Deactivated = ReadonlyMap<UserId, string | undefined>;

/** A person of a roster: their mention, or a deactivated one struck out and marked. */
function person(user: UserId, deactivated?: Deactivated): string {
  if (deactivated === undefined || !deactivated.has(user)) return mention(user);
  const name = deactivated.get(user);
  return `~${name === undefined ? mention(user) : mrkdwnEscape(name)}~ (deactivated in Slack, skipped)`;
}

function persons(users: readonly UserId[], deactivated?: Deactivated): string {
  return users.length === 0 ? 'nobody' : list(users.map((u) => person(u, deactivated)));
}

/** A bare link to a URL (its own text as the label). */
function link_(url: string): string {
  return link(url, url);
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

const LEVEL: Record<Level, string> = {
  key_users: 'key users',
  spoc: 'SPoC',
  sponsor: 'sponsor',
  committee: 'steering committee',
};
const ROLE: Record<HolderRole, string> = {
  spoc: 'SPoC',
  deputy: 'deputy',
  delegate: 'delegate',
  sponsor: 'sponsor',
  committee: 'steering committee',
  key_user: 'key user',
};
const IMPACT: Record<Impact, string> = { low: 'Low', normal: 'Normal', high: 'High', critical: 'Critical' };
/** How an escalation that a decider asked for is worded ("above their authority"…). */
type SentUpBecause = 'above_authority' | 'needs_committee';
const SENT_UP: Record<SentUpBecause, string> = {
  above_authority: 'above their authority',
  needs_committee: 'a question for the steering committee',
};

type EditedValue = string | number | readonly string[] | null;
const EDITED_FIELD: Record<EditedField, string> = {
  question: 'question',
  context: 'context',
  options: 'options',
  budgetImpact: 'budget impact',
  neededBy: 'needed by',
  defaultOption: 'default',
};

const STATUS: Record<DecisionStatus, string> = {
  open: 'open',
  needs_info: 'waiting for information',
  decided: 'decided',
  withdrawn: 'withdrawn',
  expired: 'closed by its default',
  returned: 'back with the requester for a new round',
};

/** "<@U1> (SPoC)", "<@S1> and <@S2> (sponsors)", "the steering committee (<@A>, <@B> and <@C>)". */
function holders(users: readonly UserId[], role: HolderRole): string {
  if (role === 'committee') return `the steering committee (${mentions(users)})`;
  const word = users.length > 1 ? `${ROLE[role]}s` : ROLE[role];
  return `${mentions(users)} (${word})`;
}

function outcomeSentence(o: OutcomeWords, timeZone: string): string {
  const when = instant(o.at, timeZone);
  switch (o.how) {
    case 'decided':
      return `*${mrkdwnEscape(o.label)}*, decided by ${o.by === null ? 'nobody' : mention(o.by)} on ${when}.`;
    case 'vote':
      return `*${mrkdwnEscape(o.label)}*, decided by the steering committee's vote on ${when}${o.tally === undefined ? '' : ` (${o.tally})`}.`;
    case 'default':
      return `*${mrkdwnEscape(o.label)}*: nobody decided in time, so the default applied on ${when}.`;
    case 'withdrawn':
      return `Withdrawn by ${mention(o.by)} on ${when}.`;
  }
}

/** Context a refusal may need to be worded well. */
export interface RefusalContext {
  readonly timeZone: string;
  /** Label of an option id of the decision concerned. */
  readonly optionLabel?: ((optionId: string) => string) | undefined;
  /** The decision's requester (to say who withdrew it). */
  readonly requester?: UserId | undefined;
  /** When it was closed (for a withdrawn decision, which has no outcome). */
  readonly closedAt?: Instant | null | undefined;
}

function refusal(r: Refusal, ctx: RefusalContext): string {
  const label = (id: string) => mrkdwnEscape(ctx.optionLabel?.(id) ?? id);
  switch (r.code) {
    case 'not_your_decision':
      return `This decision is not yours to make: it is with ${mentions(r.deciders)}.`;
    case 'already_decided': {
      const o = r.outcome;
      if (r.status === 'withdrawn') {
        const by = ctx.requester === undefined ? '' : ` by ${mention(ctx.requester)}`;
        const when = ctx.closedAt == null ? '' : ` on ${instant(ctx.closedAt, ctx.timeZone)}`;
        return `Too late: this request was withdrawn${by}${when}.`;
      }
      if (o === null) return `Too late: this decision is already ${STATUS[r.status]}.`;
      const when = instant(o.at, ctx.timeZone);
      if (o.how === 'default')
        return `Too late: nobody decided in time and the default *${label(o.optionId)}* applied on ${when}.`;
      if (o.how === 'vote')
        return `Too late: the steering committee already voted *${label(o.optionId)}* on ${when}.`;
      return `Too late: ${o.by === null ? 'someone' : mention(o.by)} already decided *${label(o.optionId)}* on ${when}.`;
    }
    case 'invalid_transition':
      switch (r.attempted) {
        case 'request_info':
          return 'This decision is already waiting for information from the requester.';
        case 'provide_info':
          return 'Nobody is waiting for information on this decision any more.';
        case 'delegate':
          return 'Only the SPoC (or the deputy standing in) can delegate, and only while the decision is at the SPoC level.';
        case 'vote':
          return 'Voting opens only when the decision reaches the steering committee.';
        case 'send_up':
          return 'This decision cannot go any higher: it is already with the steering committee.';
        case 'hand_back':
          return 'This request stays with the deputy.';
        case 'new_round':
          return 'A new round can be sent only when a round came back with a rejection.';
        default:
          return `That is not possible now: the decision is ${STATUS[r.status]}.`;
      }
    case 'not_requester':
      return 'Only the person who asked for this decision can do that.';
    case 'not_committee_member':
      return 'Only members of the steering committee can vote on this decision.';
    case 'votes_cast':
      return 'The steering committee has started voting on this request, so it can no longer be edited.';
    case 'edited_since':
      return 'The requester edited this request after it was shown to you, so your answer was not recorded. Read the updated message and answer again.';
    case 'vote_required':
      return 'The steering committee decides this one by vote: use the vote buttons.';
    case 'unknown_option':
      return `"${mrkdwnEscape(r.optionId)}" is not one of this decision's options.`;
    case 'invalid_delegate':
      return `You cannot delegate to ${mention(r.to)}: choose the deputy or one of the project's key users.`;
    case 'unknown_domain':
      return `This project has no key users for "${mrkdwnEscape(r.domain)}".`;
    case 'not_a_key_user':
      if (r.signoff !== undefined)
        return `Only the ${mrkdwnEscape(r.signoff.domain)} key users asked for this sign-off (${mentions(r.signoff.keyUsers)}) can answer it.`;
      return 'Only the project’s key users can give an opinion on a decision.';
    case 'reminders_exhausted':
      return 'Every reminder for this level has already been sent.';
    case 'not_due':
      return r.dueAt === null
        ? 'This decision is not due: its clock is paused.'
        : `This decision is not due yet: its time runs out on ${instant(r.dueAt, ctx.timeZone)}.`;
    case 'invalid_request':
      return `This request is not valid (${mrkdwnEscape(r.field)}: ${mrkdwnEscape(r.problem)}).`;
    case 'round_over':
      return r.status === 'returned'
        ? `Too late: round ${r.round} of this sign-off has ended; it came back to ${ctx.requester === undefined ? 'the requester' : mention(ctx.requester)} with a rejection. Your answer was not recorded; you will be asked again if a new round is sent.`
        : `Too late: round ${r.round} of this sign-off has ended and a newer round is running. Answer from the newest message about it.`;
    case 'reason_required':
      return 'To reject, please give a reason: the requester needs it to fix the deliverable.';
    case 'already_answered':
      return r.optionId === 'approve'
        ? 'You have already signed this off in this round.'
        : 'You have already rejected this round.';
    case 'is_signoff':
      return 'This is a sign-off: answer it with *Sign off* or *Reject*.';
  }
}

export const en = {
  format: { durationShort, instant, localDate, budget, list, mentions },

  /**
   * The labels of the built-in options of a decision (no options typed: Approve / Reject), stored by id and
   * shown in the reader's language; options a requester typed are shown as typed. (A sign-off's: `signoff.option`.)
   */
  option: { approve: 'Approve', reject: 'Reject' } as Record<string, string>,

  level: (level: Level): string => LEVEL[level],
  role: (role: HolderRole): string => ROLE[role],
  impact: (impact: Impact): string => IMPACT[impact],
  status: (status: DecisionStatus): string => STATUS[status],
  holders,

  /** The decision message (DM to deciders, thread head in the project channel, requester's copy). */
  decision: {
    fallbackRequest: (question: string): string => `Decision needed: ${mrkdwnEscape(question)}`,
    fallbackStatus: (question: string): string => `Decision request: ${mrkdwnEscape(question)}`,
    fallbackClosed: (question: string, outcome: string): string =>
      `${mrkdwnEscape(question)}: ${mrkdwnEscape(outcome)}`,
    /** Short outcome for fallbacks and lists (plain words, no mrkdwn). */
    outcomeShort: (o: OutcomeWords): string =>
      o.how === 'withdrawn' ? 'withdrawn' : o.how === 'default' ? `${o.label} (default)` : o.label,
    context: (text: string): string => quote(text),
    field: {
      requester: (user: UserId): string => `*Requested by*\n${mention(user)}`,
      impact: (impact: Impact): string =>
        `*Impact*\n${impact === 'critical' ? ':rotating_light: ' : impact === 'high' ? ':warning: ' : ''}${IMPACT[impact]}`,
      budget: (amount: number): string => `*Budget impact*\n${budget(amount)}`,
      neededBy: (ymd: string): string => `*Needed by*\n${localDate(ymd)}`,
      /** In place of "Needed by" once the date came while the decision was open. */
      late: (ymd: string): string => `*:warning: Late*\nneeded by ${localDay(ymd)}`,
      blocks: (what: string): string => `*Blocks*\n${mrkdwnEscape(what)}`,
      domain: (domain: string): string => `*Domain*\n${mrkdwnEscape(domain)}`,
      holder: (users: readonly UserId[], role: HolderRole): string => `*With*\n${holders(users, role)}`,
      heldFor: (ms: number): string => `*Held for*\n${durationShort(ms)}`,
      due: (at: Instant, leftMs: number, next: Level | undefined, timeZone: string): string => {
        const title = next === undefined ? 'Deadline' : `Goes to the ${LEVEL[next]}`;
        const left = leftMs > 0 ? `in ${durationShort(leftMs)}` : 'now';
        return `*${title}*\n${instant(at, timeZone)} (${left})`;
      },
      paused: (requester: UserId): string => `*Paused*\nwaiting for information from ${mention(requester)}`,
      overdue: (): string => '*Overdue*\nthe steering committee’s time ran out and there is no default',
      defaultOption: (label: string): string => `*If nobody decides*\n${mrkdwnEscape(label)}`,
    },
    source: (channel: string, permalink: string | undefined): string =>
      permalink === undefined
        ? `Raised from a message in ${channelMention(channel)}.`
        : `Raised from ${link(permalink, 'this message')} in ${channelMention(channel)}.`,
    statusLine: (users: readonly UserId[], role: HolderRole, heldMs: number): string =>
      `:hourglass_flowing_sand: With ${holders(users, role)} for ${durationShort(heldMs)}.`,
    pausedLine: (requester: UserId): string =>
      `:pause_button: Paused: waiting for information from ${mention(requester)}. The clock stops meanwhile.`,
    overdueLine: (): string =>
      ':rotating_light: Overdue: the steering committee’s time ran out and there is no default. It stays open until the committee decides.',
    requesterLine: (users: readonly UserId[], role: HolderRole, heldMs: number): string =>
      `Your request is with ${holders(users, role)}, for ${durationShort(heldMs)} so far.`,
    voteIntro: (quorum: number): string =>
      `The steering committee decides this by vote: the first option to reach ${plural(quorum, 'vote', 'votes')} wins.`,
    tally: (counts: readonly { label: string; count: number }[], quorum: number): string =>
      `${counts.map((c) => `${mrkdwnEscape(c.label)} ${c.count}`).join(' · ')}, quorum ${quorum}`,
    yourVote: (label: string): string =>
      `You voted *${mrkdwnEscape(label)}*. You can change your vote until the quorum is reached.`,
    notVotedYet: (): string => 'You have not voted yet.',
    outcome: (o: OutcomeWords, timeZone: string): string =>
      `:white_check_mark: ${outcomeSentence(o, timeZone)}`,
    rationale: (text: string): string => `Rationale:\n${quote(text)}`,
    withdrawReason: (text: string): string => `Reason:\n${quote(text)}`,
    /** The notes committee members gave with their votes. */
    voteNotes: (notes: readonly { member: UserId; label: string; note: string }[]): string =>
      `Notes with the votes:\n${notes.map((n) => `• ${mention(n.member)} (${mrkdwnEscape(n.label)}): “${mrkdwnEscape(n.note)}”`).join('\n')}`,
    edited: (by: UserId, at: Instant, fields: readonly string[], times: number, timeZone: string): string =>
      `:pencil2: Edited by ${mention(by)} on ${instant(at, timeZone)}${times > 1 ? ` (${times} edits)` : ''}: ${list(fields.map((f) => mrkdwnEscape(f)))} changed.`,
    /** One edited field as the "edited" mark and the thread show it. */
    editedField: (field: EditedField, before: EditedValue, after: EditedValue): string => {
      const shown = (v: EditedValue) =>
        v === null
          ? 'none'
          : typeof v === 'number'
            ? budget(v)
            : Array.isArray(v)
              ? v.join(' / ')
              : field === 'neededBy'
                ? localDate(v as string)
                : (v as string);
      const name = EDITED_FIELD[field];
      if (field === 'question' || field === 'context') return name;
      return `${name} (${shown(before)} → ${shown(after)})`;
    },
    took: (wallMs: number, businessMs: number | undefined): string =>
      businessMs === undefined
        ? `Took ${durationShort(wallMs)}.`
        : `Took ${durationShort(wallMs)} (${durationShort(businessMs)} of business time).`,
    moved: {
      escalated: (users: readonly UserId[], to: Level, from: Level, slaMs: number): string =>
        `:arrow_up: This moved to ${holders(users, to === 'committee' ? 'committee' : 'sponsor')} because the ${LEVEL[from]}’s time (${durationShort(slaMs)}) ran out without an answer.`,
      delegated: (to: UserId): string =>
        `:arrow_right: Delegated to ${mention(to)}, who decides from now on.`,
      handedOver: (users: readonly UserId[]): string =>
        `:arrow_right: Handed over to ${mentions(users)} (deputy) while the SPoC is away.`,
      handedBack: (users: readonly UserId[]): string =>
        `:wave: Handed back to ${mentions(users)} (SPoC), who is back.`,
      deactivated: (gone: readonly UserId[], users: readonly UserId[], role: HolderRole): string =>
        `:bust_in_silhouette: ${mentions(gone)} ${gone.length > 1 ? 'are' : 'is'} deactivated in Slack: this is now with ${holders(users, role)}.`,
      sentUp: (
        users: readonly UserId[],
        to: Level,
        by: UserId | null,
        because: SentUpBecause,
        reason: string,
      ): string =>
        `:arrow_up: ${by === null ? 'Sent up' : `${mention(by)} sent this up`} to ${holders(users, to === 'committee' ? 'committee' : 'sponsor')}: ${SENT_UP[because]}.${reason === '' ? '' : `\n${quote(reason)}`}`,
      other: (users: readonly UserId[], role: HolderRole): string =>
        `This decision is now with ${holders(users, role)}.`,
    },
    history: {
      title: (): string => '*How it got here*',
      held: (
        users: readonly UserId[],
        role: HolderRole,
        ms: number,
        ended: 'escalated' | 'sent_up' | 'delegated' | 'handed_over' | 'deactivated' | 'closed' | 'current',
      ): string => {
        const how =
          ended === 'escalated'
            ? ' and ran out of time'
            : ended === 'sent_up'
              ? ', then sent it up'
              : ended === 'delegated'
                ? ', then delegated it'
                : ended === 'handed_over'
                  ? ', then handed it over'
                  : ended === 'deactivated'
                    ? `, until ${users.length > 1 ? 'one of them was' : 'they were'} deactivated in Slack`
                    : ended === 'current'
                      ? ' so far'
                      : '';
        return `• ${holders(users, role)} held it for ${durationShort(ms)}${how}.`;
      },
      infoAsked: (by: UserId | null, question: string): string =>
        `• ${by === null ? 'Someone' : mention(by)} asked: “${mrkdwnEscape(question)}”`,
      infoAnswered: (by: UserId | null, answer: string): string =>
        `• ${by === null ? 'The requester' : mention(by)} answered: “${mrkdwnEscape(answer)}”`,
      consulted: (by: UserId | null, domain: string, question: string): string =>
        `• ${by === null ? 'A decider' : mention(by)} consulted the ${mrkdwnEscape(domain)} key users: “${mrkdwnEscape(question)}”`,
      opinion: (by: UserId | null, text: string): string =>
        `• ${by === null ? 'A key user' : mention(by)} advised: “${mrkdwnEscape(text)}”`,
      sentUp: (by: UserId | null, because: SentUpBecause, reason: string): string =>
        `• ${by === null ? 'The decider' : mention(by)} sent it up (${SENT_UP[because]})${reason === '' ? '.' : `: “${mrkdwnEscape(reason)}”`}`,
      edited: (by: UserId | null, fields: readonly string[]): string =>
        `• ${by === null ? 'The requester' : mention(by)} edited the request: ${list(fields.map((f) => mrkdwnEscape(f)))}.`,
      delegationNote: (by: UserId | null, to: UserId, note: string): string =>
        `• ${by === null ? 'The SPoC' : mention(by)} delegated to ${mention(to)}${note.trim() === '' ? '.' : `: “${mrkdwnEscape(note)}”`}`,
    },
    button: {
      needInfo: 'Need info',
      delegate: 'Delegate',
      consult: 'Consult key users',
      withdraw: 'Withdraw',
      answerInfo: 'Answer',
      decideWithNote: 'Decide with a note…',
      voteWithNote: 'Vote with a note…',
      sendUp: 'Escalate now…',
      edit: 'Edit',
    },
  },

  /** Thread replies in the project channel and direct messages. */
  thread: {
    voted: (
      member: UserId,
      label: string,
      change: 'new' | 'changed' | 'note',
      tally: string,
      note?: string | undefined,
    ): string =>
      `:ballot_box_with_ballot: ${mention(member)} ${change === 'changed' ? 'changed their vote to' : change === 'note' ? 'added a note to their vote' : 'voted'} *${mrkdwnEscape(label)}*. ${tally}${note === undefined ? '' : `\n${quote(note)}`}`,
    sentUp: (
      by: UserId,
      users: readonly UserId[],
      to: Level,
      because: SentUpBecause,
      reason: string,
    ): string =>
      `:arrow_up: ${mention(by)} sent this decision up to ${holders(users, to === 'committee' ? 'committee' : 'sponsor')} without waiting for the deadline: ${SENT_UP[because]}.\n${quote(reason)}`,
    sentUpFallback: (by: UserId, to: Level): string => `${mention(by)} sent it up to the ${LEVEL[to]}`,
    sentUpToRequester: (
      by: UserId,
      users: readonly UserId[],
      to: Level,
      because: SentUpBecause,
      reason: string,
    ): string =>
      `:arrow_up: Your request went up to ${holders(users, to === 'committee' ? 'committee' : 'sponsor')}: ${mention(by)} said it is ${SENT_UP[because]}.\n${quote(reason)}`,
    overAuthority: (users: readonly UserId[]): string =>
      `:arrow_up: The edited budget impact is above the SPoC’s authority, so this moved to ${holders(users, 'sponsor')}, whose time starts now.`,
    edited: (by: UserId, changes: readonly string[]): string =>
      `:pencil2: ${mention(by)} edited the request: ${list(changes.map((c) => mrkdwnEscape(c)))}.`,
    editedFallback: (by: UserId): string => `${mention(by)} edited the request`,
    withdrawnReason: (text: string): string => `Reason:\n${quote(text)}`,
    /** The SPoC is back: the deputy hears which requests returned and which stay. */
    spocBack: (
      spoc: UserId,
      moved: readonly { question: string; url?: string | undefined }[],
      stayed: readonly { question: string; url?: string | undefined }[],
    ): string => {
      const item = (d: { question: string }) => `• ${mrkdwnEscape(d.question)}`;
      const lines = [`:wave: ${mention(spoc)} (SPoC) is back.`];
      if (moved.length > 0)
        lines.push(`${plural(moved.length, 'request', 'requests')} went back to them:`, ...moved.map(item));
      if (stayed.length > 0)
        lines.push(
          `${plural(stayed.length, 'request stays', 'requests stay')} with you, because you already acted on ${stayed.length === 1 ? 'it' : 'them'} or it was delegated to you:`,
          ...stayed.map(item),
        );
      return lines.join('\n');
    },
    spocBackFallback: (spoc: UserId): string => `${mention(spoc)} is back`,
    votedFallback: (member: UserId): string => `${mention(member)} voted`,
    about: (question: string): string => `Re: *${mrkdwnEscape(question)}*`,
    infoRequested: (asker: UserId, requester: UserId, question: string): string =>
      `:question: ${mention(asker)} needs more information from ${mention(requester)}:\n${quote(question)}\nThe clock is paused until the answer comes.`,
    infoRequestedFallback: (asker: UserId): string => `${mention(asker)} needs more information`,
    infoAnswered: (by: UserId, answer: string): string =>
      `:speech_balloon: ${mention(by)} answered:\n${quote(answer)}\nThe clock runs again.`,
    infoAnsweredFallback: (by: UserId): string => `${mention(by)} answered`,
    delegated: (from: UserId, to: UserId, note: string): string =>
      `:arrow_right: ${mention(from)} delegated this decision to ${mention(to)}, who decides from now on.${note.trim() === '' ? '' : `\n${quote(note)}`}`,
    delegatedFallback: (from: UserId, to: UserId): string => `${mention(from)} delegated to ${mention(to)}`,
    consultRequest: (by: UserId, domain: string, question: string, subject: string): string =>
      `:mag: ${mention(by)} would like your opinion as a key user (${mrkdwnEscape(domain)}) on *${mrkdwnEscape(subject)}*:\n${quote(question)}\nYou advise; the decision stays with them.`,
    consultRequestFallback: (by: UserId): string => `${mention(by)} would like your opinion`,
    consultPosted: (by: UserId, domain: string, keyUsers: readonly UserId[]): string =>
      `:mag: ${mention(by)} asked the ${mrkdwnEscape(domain)} key users (${mentions(keyUsers)}) for their opinion.`,
    opinion: (by: UserId, domain: string | undefined, text: string): string =>
      `:bulb: Opinion from ${mention(by)}${domain === undefined ? '' : ` (${mrkdwnEscape(domain)})`}:\n${quote(text)}`,
    opinionFallback: (by: UserId): string => `Opinion from ${mention(by)}`,
    outcome: (o: OutcomeWords, timeZone: string): string =>
      `:white_check_mark: ${outcomeSentence(o, timeZone)}`,
    reminderNext: (leftMs: number, next: Level): string =>
      `:alarm_clock: Reminder: ${durationShort(leftMs)} left before this goes to the ${LEVEL[next]}.`,
    reminderTop: (leftMs: number, defaultLabel: string | undefined): string =>
      defaultLabel === undefined
        ? `:alarm_clock: Reminder: ${durationShort(leftMs)} left before this decision is overdue.`
        : `:alarm_clock: Reminder: ${durationShort(leftMs)} left before the default *${mrkdwnEscape(defaultLabel)}* applies.`,
    reminderVote: (leftMs: number, defaultLabel: string | undefined): string =>
      `:ballot_box_with_ballot: Reminder: you have not voted yet. ${
        defaultLabel === undefined
          ? `${durationShort(leftMs)} left before this decision is overdue.`
          : `${durationShort(leftMs)} left before the default *${mrkdwnEscape(defaultLabel)}* applies.`
      }`,
    reminderFallback: (question: string): string => `Reminder: ${mrkdwnEscape(question)}`,
    escalated: (users: readonly UserId[], to: Level, from: Level, afterMs: number): string =>
      `:arrow_up: Moved to ${holders(users, to === 'committee' ? 'committee' : 'sponsor')} after ${durationShort(afterMs)} without an answer from the ${LEVEL[from]}.`,
    escalatedFallback: (to: Level): string => `Moved to the ${LEVEL[to]}`,
    handedOver: (
      from: readonly UserId[],
      to: readonly UserId[],
      because: 'spoc_away' | 'spoc_back' | undefined,
    ): string =>
      because === undefined
        ? `:arrow_right: Handed over from ${mentions(from)} to ${mentions(to)}.`
        : because === 'spoc_back'
          ? `:wave: ${mentions(to)} (SPoC) is back and decides this again; ${mentions(from)} no longer holds it.`
          : `:arrow_right: ${mentions(from)} (SPoC) is away: ${mentions(to)} (deputy) decides this meanwhile.`,
    handedOverFallback: (to: readonly UserId[]): string => `Now with ${mentions(to)}`,
    /**
     * Some of the people holding it are deactivated in Slack; the others keep it. `needed`: the committee's
     * lowered quorum, or the approvals that now sign it off, when that changed; `counted`: the answers those
     * people gave before, which still count (`label`: the option voted; a sign-off's approvals need none).
     */
    deactivatedKept: (
      gone: readonly UserId[],
      users: readonly UserId[],
      role: HolderRole,
      needed: number | undefined,
      counted: readonly { member: UserId; label?: string | undefined }[],
    ): string => {
      const signoff = role === 'key_user';
      const lines = [
        `:bust_in_silhouette: ${mentions(gone)} ${gone.length > 1 ? 'are' : 'is'} deactivated in Slack, so this stays with ${holders(users, role)}, without them.`,
      ];
      if (needed !== undefined)
        lines.push(
          signoff
            ? `It is signed off with ${plural(needed, 'approval', 'approvals')} now.`
            : `The quorum is lowered to ${needed} so that the members left can decide.`,
        );
      if (counted.length > 0)
        lines.push(
          `${signoff ? 'Approvals already given' : 'Votes already cast'} still count: ${list(counted.map((c) => (c.label === undefined ? mention(c.member) : `${mention(c.member)} (*${mrkdwnEscape(c.label)}*)`)))}.`,
        );
      return lines.join(' ');
    },
    /** Nobody is left holding it at the SPoC level: it goes to whoever holds that level now. */
    deactivatedHandedOver: (gone: readonly UserId[], users: readonly UserId[], role: HolderRole): string =>
      `:bust_in_silhouette: ${mentions(gone)} ${gone.length > 1 ? 'are' : 'is'} deactivated in Slack, so this moves to ${holders(users, role)}, with the time left at this level.`,
    /** Nobody is left at the level: it goes up to the next one that has someone to decide. */
    deactivatedUp: (
      gone: readonly UserId[],
      from: Level,
      users: readonly UserId[],
      role: HolderRole,
    ): string =>
      `:arrow_up: ${mentions(gone)} ${gone.length > 1 ? 'are' : 'is'} deactivated in Slack and nobody else decides at the ${LEVEL[from]} level, so this moves to ${holders(users, role)}, whose full time starts now.`,
    deactivatedFallback: (gone: readonly UserId[], users: readonly UserId[]): string =>
      `${mentions(gone)} deactivated in Slack: now with ${mentions(users)}`,
    defaultApplied: (label: string): string =>
      `:hourglass: Nobody decided in time: the default *${mrkdwnEscape(label)}* applies.`,
    overdue: (): string =>
      ':rotating_light: The steering committee’s time ran out and there is no default: this decision is now overdue. It stays open until the committee decides.',
    late: (ymd: string): string =>
      `:warning: Now late: this was needed by ${localDay(ymd)} and is still open.`,
    deliveryFailed: (recipient: string, error: string): string =>
      `:warning: I could not deliver a message about this decision to ${recipient.startsWith('C') || recipient.startsWith('G') ? channelMention(recipient) : mention(recipient)} (Slack said \`${mrkdwnEscape(error)}\`). Check that the person is still in the workspace and that the bot is invited to the channel.`,
    deliveryFailedFallback: (): string => 'A message could not be delivered',
    receipt: (users: readonly UserId[], role: HolderRole, dueAt: Instant | null, timeZone: string): string =>
      `:inbox_tray: Your request is with ${holders(users, role)}${dueAt === null ? '' : `; due ${instant(dueAt, timeZone)}`}.`,
    receiptOverAuthority: (): string =>
      'It went straight to the sponsor because its budget impact is above the SPoC’s authority.',
    receiptSpocAway: (): string => 'The SPoC is away, so the deputy decides.',
    receiptSpocAwayNoDeputy: (): string =>
      'The SPoC is marked away and there is no deputy: if nobody answers, it escalates when the time runs out.',
    button: { answer: 'Answer', giveOpinion: 'Give opinion' },
  },

  decideModal: {
    title: 'Ask for a decision',
    submit: 'Send',
    close: 'Cancel',
    intro: (projectName: string): string => `For *${mrkdwnEscape(projectName)}*. It goes to the SPoC first.`,
    question: { label: 'Question', placeholder: 'What needs deciding?' },
    context: { label: 'Context', placeholder: 'Background, links, what happens if we wait…' },
    options: {
      label: 'Options',
      hint: 'One option per line (2 to 5); leave empty for Approve / Reject.',
    },
    impact: { label: 'Impact', hint: 'Higher impact gets shorter deadlines.' },
    domain: { label: 'Domain', placeholder: 'Choose a domain' },
    budget: { label: 'Budget impact', hint: 'A plain number, no currency. Leave empty if none.' },
    neededBy: { label: 'Needed by', placeholder: 'Pick a date' },
    blocks: {
      label: 'Blocks',
      placeholder: 'e.g. the go-live of the Surabaya warehouse',
      hint: 'What waits for this decision. The sponsor’s digest shows what waiting costs.',
    },
    defaultOption: {
      label: 'Default if nobody decides',
      hint: 'Type one of the options exactly, e.g. Approve. Leave empty to keep it open.',
    },
    errors: {
      questionEmpty: 'Please write the question.',
      tooLong: (max: number, length: number): string => `Too long: ${length} characters, at most ${max}.`,
      optionTooLong: (line: number, max: number): string =>
        `Option ${line} is too long: at most ${max} characters.`,
      tooFewOptions: (min: number): string =>
        `Give at least ${min} options, one per line, or leave it empty for Approve / Reject.`,
      tooManyOptions: (max: number, count: number): string => `At most ${max} options (you gave ${count}).`,
      duplicateOption: (label: string): string => `"${label}" appears twice.`,
      defaultNotAnOption: (labels: readonly string[]): string =>
        `Type one of the options exactly: ${list(labels)}.`,
      pastDate: 'Pick today or a later date.',
      badDate: 'Pick a date.',
      badBudget: 'Enter a number of zero or more.',
      badImpact: 'Choose an impact.',
      unknownDomain: 'Choose one of the listed domains.',
    },
  },

  needInfoModal: {
    title: 'Ask for information',
    submit: 'Ask',
    close: 'Cancel',
    intro: (question: string, requester: UserId): string =>
      `*${mrkdwnEscape(question)}*\nYour question goes to ${mention(requester)}; the clock pauses until they answer.`,
    label: 'What do you need to know?',
    errors: { empty: 'Please write your question.', tooLong: (max: number) => `At most ${max} characters.` },
  },

  answerInfoModal: {
    title: 'Answer',
    submit: 'Send',
    close: 'Cancel',
    intro: (subject: string, asker: UserId | undefined, question: string): string =>
      `*${mrkdwnEscape(subject)}*\n${asker === undefined ? 'The decider' : mention(asker)} asked:\n${quote(question)}`,
    label: 'Your answer',
    errors: { empty: 'Please write your answer.', tooLong: (max: number) => `At most ${max} characters.` },
  },

  delegateModal: {
    title: 'Delegate',
    submit: 'Delegate',
    close: 'Cancel',
    intro: (question: string): string =>
      `*${mrkdwnEscape(question)}*\nThe person you choose decides from now on; you stay accountable.`,
    nobody: 'There is nobody to delegate to: the project has no deputy and no key users.',
    toLabel: 'Delegate to',
    toPlaceholder: 'Choose a person',
    /** Plain text (an option label): "Dewi (deputy)", "Budi (key user: inventory)". */
    delegateOption: (name: string, deputy: boolean, domains: readonly string[]): string => {
      const roles = [
        ...(deputy ? ['deputy'] : []),
        ...(domains.length > 0 ? [`key user: ${domains.join(', ')}`] : []),
      ];
      return `${name} (${roles.join('; ')})`;
    },
    noteLabel: 'Note',
    notePlaceholder: 'What they should know',
    errors: {
      choose: 'Choose who decides.',
      notAllowed: 'Choose one of the listed people.',
      tooLong: (max: number) => `At most ${max} characters.`,
    },
  },

  consultModal: {
    title: 'Consult key users',
    submit: 'Ask',
    close: 'Cancel',
    intro: (question: string): string =>
      `*${mrkdwnEscape(question)}*\nThe key users of the domain you choose get your question; they advise, you decide.`,
    domainLabel: 'Domain',
    domainPlaceholder: 'Choose a domain',
    /** Plain text (an option label). */
    domainOption: (domain: string, count: number): string =>
      `${domain} (${plural(count, 'key user', 'key users')})`,
    questionLabel: 'Your question',
    errors: {
      domain: 'Choose one of the listed domains.',
      empty: 'Please write your question.',
      tooLong: (max: number) => `At most ${max} characters.`,
    },
  },

  opinionModal: {
    title: 'Give your opinion',
    submit: 'Send',
    close: 'Cancel',
    intro: (subject: string, question: string | undefined): string =>
      `*${mrkdwnEscape(subject)}*${question === undefined ? '' : `\n${quote(question)}`}`,
    label: 'Your opinion',
    errors: { empty: 'Please write your opinion.', tooLong: (max: number) => `At most ${max} characters.` },
  },

  noteModal: {
    title: 'Decide with a note',
    voteTitle: 'Vote with a note',
    submit: 'Decide',
    voteSubmit: 'Vote',
    close: 'Cancel',
    intro: (question: string): string => `*${mrkdwnEscape(question)}*`,
    optionLabel: 'Your decision',
    voteOptionLabel: 'Your vote',
    noteLabel: 'Note',
    noteHint: 'Why you decided so. It is shown with the outcome everywhere and kept in the decision log.',
    voteNoteHint: 'Why you vote so. It is shown with the votes and kept in the decision log.',
    errors: {
      choose: 'Choose one of the options.',
      unknownOption: 'That option is no longer on this request: close the form and open it again.',
      tooLong: (max: number, actual: number): string =>
        `Keep the note to ${max} characters (it has ${actual}).`,
    },
  },

  sendUpModal: {
    title: 'Escalate now',
    submit: 'Send up',
    close: 'Cancel',
    intro: (question: string): string =>
      `*${mrkdwnEscape(question)}*\nSend it up now instead of waiting for the deadline. The next level gets it with your reason and its full time; the requester is told.`,
    targetLabel: 'Why',
    target: (target: SentUpBecause, to: Level): string =>
      target === 'above_authority'
        ? `Above my authority (to the ${LEVEL[to]})`
        : 'Needs the committee (to the steering committee)',
    reasonLabel: 'Reason',
    reasonHint: 'What the next level should know.',
    errors: {
      choose: 'Choose where it goes.',
      notNow: 'It cannot go there from where it is now: close the form and open it again.',
      empty: 'Say why it goes up: the next level reads it first.',
      tooLong: (max: number): string => `Keep the reason to ${max} characters.`,
    },
  },

  withdrawModal: {
    title: 'Withdraw the request',
    submit: 'Withdraw',
    close: 'Keep it',
    intro: (question: string, deciders: readonly UserId[]): string =>
      `*${mrkdwnEscape(question)}*\nWithdrawing closes it: ${mentions(deciders)} no longer need to decide.`,
    reasonLabel: 'Reason (optional)',
    tooLong: (max: number): string => `Keep the reason to ${max} characters.`,
  },

  editModal: {
    title: 'Edit the request',
    submit: 'Save',
    close: 'Cancel',
    intro: (deciders: readonly UserId[]): string =>
      `Change what the request says. ${mentions(deciders)} see the change at once, marked as edited.`,
    optionsHintCommittee:
      'One option per line (2 to 5). Once a committee member votes, the request can no longer be edited.',
    footer:
      'If the budget impact goes above the SPoC’s authority while the SPoC holds it, the request moves to the sponsor.',
    votesCast:
      'A steering committee member has voted meanwhile, so the request (and its options) can no longer change.',
  },

  digest: {
    title: (project: string): string => `Weekly decisions digest: ${project}`,
    period: (from: Instant, to: Instant, timeZone: string): string =>
      `From ${instant(from, timeZone)} to ${instant(to, timeZone)}; trends against the week before.`,
    quietWeek: (): string => 'No decision was asked for or closed this week.',
    signoffs: (f: {
      signedOff: number;
      rejectedRounds: number;
      medianToSignOffMs: number | null;
      open: number;
    }): string =>
      `*Sign-offs:* ${f.signedOff} signed off · ${plural(f.rejectedRounds, 'round', 'rounds')} rejected · ${f.medianToSignOffMs === null ? 'no median yet' : `median ${durationShort(f.medianToSignOffMs)} to sign-off (business time, from the first round)`} · ${f.open} still open`,
    slowestTitle: '*Slowest this week:*',
    slowestItem: (question: string, businessMs: number, level: Level, url: string | undefined): string =>
      `• *${url === undefined ? mrkdwnEscape(question) : link(url, question)}*: ${durationShort(businessMs)} of business time, reached the ${LEVEL[level]}`,
    openTitle: (count: number): string =>
      `*Still open* (${plural(count, 'decision', 'decisions')}, oldest first):`,
    nothingOpen: (): string => '*Still open:* nothing, every request has an answer. :tada:',
    waitingItem: (
      question: string,
      level: Level,
      deciders: readonly UserId[],
      waitedMs: number,
      overdue: boolean,
      url?: string,
      blocks?: string,
    ): string =>
      `• ${overdue ? ':warning: ' : ''}*${url === undefined ? mrkdwnEscape(question) : link(url, question)}*: with the ${LEVEL[level]} (${mentions(deciders)}) for ${durationShort(waitedMs)}${overdue ? ', *overdue*' : ''}${blocks === undefined ? '' : `; blocks ${mrkdwnEscape(blocks)}`}`,
    more: (count: number): string => `…and ${count} more.`,
    chartAlt: (project: string): string =>
      `Median time to outcome per week over the last 8 weeks for ${project}, by level, against the SPoC's SLA.`,
    chartMessage: (): string => 'Median time to outcome per week, by level (business time).',
  },
  home: {
    title: 'Decisions',
    waitingTitle: 'Waiting on you',
    waitingEmpty: 'Nothing is waiting on you. :sunny:',
    waitingItem: (
      question: string,
      project: string,
      requester: UserId,
      state:
        | { kind: 'due'; at: Instant; leftMs: number; next: Level | undefined }
        | { kind: 'paused' }
        | { kind: 'overdue' },
      timeZone: string,
    ): string => {
      const when =
        state.kind === 'paused'
          ? 'paused: waiting for information'
          : state.kind === 'overdue'
            ? 'overdue'
            : `${state.leftMs > 0 ? `${durationShort(state.leftMs)} left` : 'due now'} (${state.next === undefined ? 'deadline' : `then the ${LEVEL[state.next]}`} ${instant(state.at, timeZone)})`;
      return `*${mrkdwnEscape(question)}*\n${mrkdwnEscape(project)} · asked by ${mention(requester)} · ${when}`;
    },
    openHint: 'Answer from the message I sent you, or open the thread in the project channel.',
    requestsTitle: 'Your open requests',
    requestsEmpty: (command: string): string =>
      `You have no open requests. Ask with \`${command}\` in a project channel.`,
    requestItem: (
      question: string,
      project: string,
      users: readonly UserId[],
      role: HolderRole,
      heldMs: number,
      paused: boolean,
    ): string =>
      `*${mrkdwnEscape(question)}*\n${mrkdwnEscape(project)} · ${paused ? 'waiting for your answer' : `with ${holders(users, role)} for ${durationShort(heldMs)}`}`,
    outcomesTitle: 'Recent outcomes',
    outcomesEmpty: 'No decisions have been closed recently.',
    outcomeItem: (
      question: string,
      project: string,
      outcome: string,
      wallMs: number,
      businessMs: number,
      note?: string | undefined,
    ): string =>
      `*${mrkdwnEscape(question)}*\n${mrkdwnEscape(project)} · ${mrkdwnEscape(outcome)} · took ${durationShort(wallMs)} (${durationShort(businessMs)} business)${note === undefined ? '' : `\n${quote(note)}`}`,
    more: (count: number): string => `…and ${count} more.`,
    updated: (at: Instant, timeZone: string): string => `Updated ${instant(at, timeZone)}`,
    /** Appended to an item whose needed-by date came while it was open. */
    late: (ymd: string): string => ` · :warning: *Late:* needed by ${localDay(ymd)}`,
  },

  /** Ephemeral answers to `/decide` subcommands. */
  command: {
    help: (command: string): string =>
      [
        '*How to use decide-bot*',
        `• \`${command} [question]\`: ask for a decision in this project (opens a form; the question is optional).`,
        `• \`${command} list\`: the open decisions of this project, oldest first, and who holds each.`,
        `• \`${command} stats [7d|30d|90d|2026-11-01..2026-11-30]\`: this project’s figures for the period (default 7d): time to outcome, escalations, authority, cost of waiting.`,
        `• \`${command} digest\`: the weekly digest as of now, by DM (sponsors, steering committee and the SPoC).`,
        `• \`${command} export [csv|json] [since 2026-11-01]\`: the project’s decision log as a file, by DM (sponsors, steering committee and the SPoC).`,
        `• \`${command} signoff [deliverable]\`: ask the key users of a domain to test and sign off a deliverable (opens a form); a rejection comes back to you for a new round.`,
        `• \`${command} away <until>\`: mark yourself away; the deputy decides meanwhile. <until> is a date (\`2026-12-01\`), a number of days (\`3d\`) or a weekday (\`friday\`).`,
        `• \`${command} back\`: you are back; new requests come to you again, and those the deputy holds only because you were away, and has not acted on, return to you.`,
        `• \`${command} who\`: who decides in this project (and who is away), its SLAs and the SPoC’s authority.`,
        `• \`${command} language [en|id]\`: the language I write to you in (English or Bahasa Indonesia); without a choice, your project’s.`,
        `• \`${command} help\`: this help.`,
        'You can also raise a decision from any message: ⋮ → *Ask for a decision*, or a sign-off: ⋮ → *Request sign-off*.',
      ].join('\n'),
    helpFallback: 'How to use decide-bot',
    listTitle: (project: string, count: number): string =>
      `*Open decisions in ${mrkdwnEscape(project)}* (${count})`,
    listEmpty: (project: string): string => `No open decisions in ${mrkdwnEscape(project)}. :tada:`,
    listItem: (
      question: string,
      requester: UserId,
      users: readonly UserId[],
      role: HolderRole,
      heldMs: number,
      state: 'running' | 'paused' | 'overdue',
    ): string =>
      `*${mrkdwnEscape(question)}*\nasked by ${mention(requester)} · with ${holders(users, role)} for ${durationShort(heldMs)}${state === 'paused' ? ' · paused: waiting for information' : state === 'overdue' ? ' · overdue' : ''}`,
    more: (count: number): string => `…and ${count} more.`,
    notAProject: (channels: readonly string[]): string =>
      channels.length === 0
        ? 'This channel is not a project, and no project is configured yet.'
        : `This channel is not a project. Projects: ${list(channels.map(channelMention))}.`,
    howToAddProject: (): string =>
      'To add one, add an entry to `projects` in `decide.config.yml` with this channel’s ID as `channel`, then restart the bot.',
    awaySet: (until: Instant, timeZone: string): string =>
      `:palm_tree: You are marked away until ${instant(until, timeZone)}.`,
    awayDeputy: (deputy: UserId, movedCount: number): string =>
      `${mention(deputy)} decides for you meanwhile${movedCount > 0 ? `; ${plural(movedCount, 'open request', 'open requests')} moved to them` : ''}.`,
    awayNoDeputy: (): string =>
      'There is no deputy: new requests still come to you and escalate when their time runs out.',
    awayInvalid: (input: string, command: string): string =>
      `I could not read "${mrkdwnEscape(input)}" as a date. Use a date (\`2026-12-01\`), a number of days (\`3d\`) or a weekday (\`friday\`), e.g. \`${command} away friday\`.`,
    awayInPast: (): string => 'That date has already passed: give a later one.',
    back: (movedCount: number): string =>
      `:wave: Welcome back: new requests come to you again${movedCount > 0 ? `; ${plural(movedCount, 'open request', 'open requests')} moved back to you` : ''}.`,
    backMoved: (questions: readonly string[]): string =>
      `Back with you from the deputy:\n${questions.map((q) => `• ${mrkdwnEscape(q)}`).join('\n')}`,
    backStayed: (deputy: UserId, questions: readonly string[]): string =>
      `Staying with ${mention(deputy)} (deputy), who already acted on them or had them delegated:\n${questions.map((q) => `• ${mrkdwnEscape(q)}`).join('\n')}`,
    notAway: (): string => 'You were not marked away.',
    notSaved: (text: string): string =>
      `What you wrote was not saved; here it is, to use again:\n${quote(text)}`,
    notSpoc: (spoc: UserId): string =>
      `Only this project’s SPoC (${mention(spoc)}) can mark themselves away or back; the deputy stands in for the SPoC only.`,
    decideFormExpired: (command: string): string =>
      `This form no longer matches a project (the configuration may have changed). Please run \`${command}\` again.`,
    digestSending: (): string =>
      ':bar_chart: I am sending you this project’s digest, as of now, by direct message.',
    digestNotAllowed: (
      spoc: UserId,
      sponsors: readonly UserId[],
      committee: readonly UserId[],
      command: string,
    ): string =>
      `The digest is for the people accountable for this project’s decisions: the SPoC (${mention(spoc)}), the ${sponsors.length === 1 ? 'sponsor' : 'sponsors'} (${mentions(sponsors)}) and the steering committee (${mentions(committee)}). Nothing was sent; \`${command} stats\` shows the figures to anyone in the channel.`,
    exportFile: (project: string, filename: string): string =>
      `:page_facing_up: The decision log of *${mrkdwnEscape(project)}*: \`${mrkdwnEscape(filename)}\`, one row per decision.`,
    exportSending: (format: string): string =>
      `:outbox_tray: I am sending you the decision log as ${format.toUpperCase()} by direct message.`,
    exportNotAllowed: (spoc: UserId, sponsors: readonly UserId[], committee: readonly UserId[]): string =>
      `Only the people accountable for this project’s decisions can export its log: the SPoC (${mention(spoc)}), the ${sponsors.length === 1 ? 'sponsor' : 'sponsors'} (${mentions(sponsors)}) and the steering committee (${mentions(committee)}). Nothing was sent.`,
    exportBadFormat: (given: string, command: string): string =>
      `"${mrkdwnEscape(given)}" is not an export format: use \`csv\` or \`json\`, e.g. \`${command} export csv since 2026-11-01\`. Nothing was sent.`,
    exportBadSince: (given: string, command: string): string =>
      `I could not read "${mrkdwnEscape(given)}" as a date: use \`since YYYY-MM-DD\`, e.g. \`${command} export since 2026-11-01\`. Nothing was sent.`,
    exportFutureSince: (given: string): string =>
      `${mrkdwnEscape(given)} is in the future: give today or an earlier date. Nothing was sent.`,
    /** A request the bot could not read or handle (fields Slack always sends were missing): nothing was done. */
    requestUnreadable: (command: string): string =>
      `I could not read that request, so nothing was done. Please try again (\`${command} help\` lists what I understand); if it keeps happening, tell whoever runs decide-bot.`,
    decisionNotFound: (command: string): string =>
      `I cannot find this decision any more. Run \`${command} list\` to see the open ones.`,
    /** Someone of another organisation's workspace (a Slack Connect channel) tried to act on the project. */
    otherWorkspace: (command: string): string =>
      `You are in this channel from another organisation’s workspace (Slack Connect). I act only for people of the workspace I am installed in, where this project’s roles are held, so nothing was changed. \`${command} who\` shows who holds each role.`,
    /** A person Slack reports deactivated tried to act (a click or form sent before, say). */
    deactivatedActor: (command: string): string =>
      `Your Slack account is deactivated, so you no longer act on this project’s decisions and nothing was changed. \`${command} who\` shows who holds each role now.`,
    /** A language by its name (in this set's language): `/decide language`, the sandbox's switch. */
    languageName: { en: 'English', id: 'Indonesian (Bahasa Indonesia)' } as Record<Locale, string>,
    /** `/decide language en|id` done: said in the new language. */
    languageSet: (locale: Locale): string =>
      `:globe_with_meridians: Language changed to ${locale === 'en' ? 'English' : 'Indonesian'}: my direct messages, forms, replies and App Home are in it from now on. Messages in project channels stay in the project’s language.`,
    /** `/decide language` alone: the current language and how to change it. */
    languageCurrent: (chosen: Locale | undefined, reading: Locale, command: string): string =>
      `:globe_with_meridians: I write to you in ${reading === 'en' ? 'English' : 'Indonesian'}${chosen === undefined ? ', your project’s language (you have not chosen one)' : ', as you chose'}. To change it: \`${command} language en\` (English) or \`${command} language id\` (Bahasa Indonesia).`,
    /** `/decide language xx`: what is accepted; nothing changed. */
    languageInvalid: (given: string, command: string): string =>
      `"${mrkdwnEscape(given)}" is not a language I speak: use \`${command} language en\` (English) or \`${command} language id\` (Bahasa Indonesia). Nothing changed.`,
  },

  /** `/decide who`: the project's roster and policy. */
  roster: {
    title: (project: string): string => `*Who decides in ${mrkdwnEscape(project)}*`,
    spoc: (
      spoc: UserId,
      away:
        | { kind: 'marked'; until: Instant | null }
        | { kind: 'status'; emoji: string; until: Instant | null }
        | undefined,
      timeZone: string,
      deactivated?: Deactivated,
    ): string => {
      const until = (at: Instant | null) => (at === null ? '' : ` until ${instant(at, timeZone)}`);
      const state =
        away === undefined
          ? 'available'
          : away.kind === 'status'
            ? `:palm_tree: away${until(away.until)} (Slack status ${away.emoji})`
            : away.until === null
              ? ':palm_tree: away until marked back'
              : `:palm_tree: away${until(away.until)}`;
      if (deactivated?.has(spoc))
        return `• *SPoC:* ${person(spoc, deactivated)}: the deputy decides in their place`;
      return `• *SPoC:* ${mention(spoc)}, ${state}`;
    },
    deputy: (deputy: UserId | undefined, deactivated?: Deactivated): string =>
      `• *Deputy:* ${deputy === undefined ? 'none (while the SPoC is away, requests still go to the SPoC)' : person(deputy, deactivated)}`,
    sponsors: (sponsors: readonly UserId[], deactivated?: Deactivated): string =>
      `• *${sponsors.length === 1 ? 'Sponsor' : 'Sponsors'}:* ${persons(sponsors, deactivated)}`,
    committee: (members: readonly UserId[], quorum: number, deactivated?: Deactivated): string => {
      const left = members.filter((m) => !deactivated?.has(m)).length;
      const decide = Math.max(1, Math.min(quorum, left));
      const lowered = decide === quorum ? '' : ` (the quorum of ${quorum} is lowered to the members left)`;
      return `• *Steering committee:* ${persons(members, deactivated)}; ${plural(decide, 'vote', 'votes')} of ${left} decide${lowered}`;
    },
    keyUsers: (
      byDomain: readonly (readonly [string, readonly UserId[]])[],
      deactivated?: Deactivated,
    ): string =>
      byDomain.length === 0
        ? '• *Key users:* none'
        : `• *Key users:* ${byDomain.map(([domain, users]) => `${mrkdwnEscape(domain)}: ${persons(users, deactivated)}`).join('; ')}`,
    /** In the project channel, once: Slack reports one of the project's people deactivated. */
    personDeactivated: (user: UserId, name: string | undefined, roles: readonly string[]): string =>
      `:warning: ${name === undefined ? mention(user) : `*${mrkdwnEscape(name)}*`} (${list([...roles])}) is deactivated in Slack. ` +
      'New requests and escalations skip them from now on; update the project file when someone takes their place.',
    personDeactivatedFallback: (user: UserId, name: string | undefined): string =>
      `${name ?? mention(user)} is deactivated in Slack`,
    role: {
      spoc: 'SPoC',
      deputy: 'deputy',
      sponsor: 'sponsor',
      committee: 'steering committee',
      key_user: 'key user',
    },
    /** Business time allowed per impact and level, as configured (`d` = one working day). */
    slaTable: (
      rows: readonly { impact: Impact; durations: readonly string[] }[],
      signoff = false,
      command = '/decide',
    ): string => {
      const header = ['Impact', ...(signoff ? ['Key users'] : []), LEVEL.spoc, 'Sponsor', 'Committee'];
      const lines = [header, ...rows.map((r) => [IMPACT[r.impact], ...r.durations])];
      const widths = header.map((_, i) => Math.max(...lines.map((l) => (l[i] ?? '').length)));
      const table = lines.map((l) =>
        l
          .map((cell, i) => cell.padEnd(widths[i] ?? 0))
          .join('  ')
          .trimEnd(),
      );
      const title = signoff
        ? `*Sign-offs of deliverables* (\`${command} signoff\`): the key users first`
        : '*Time allowed at each level* (business time, `d` = one working day)';
      return `${title}\n\`\`\`\n${table.join('\n')}\n\`\`\``;
    },
    reminders: (fractions: readonly number[]): string =>
      fractions.length === 0
        ? 'No reminders.'
        : `Reminders at ${list(fractions.map((f) => `${Math.round(f * 100)}%`))} of each level’s time.`,
    authority: (limit: number | undefined): string =>
      limit === undefined
        ? 'The SPoC’s authority: no budget limit.'
        : `The SPoC’s authority: budget impact up to ${budget(limit)}; above it, requests go to the sponsor.`,
  },

  /** The sponsor's figures: `/decide stats` and the weekly digest. */
  insight: {
    statsTitle: (project: string): string => `Decisions in ${project}`,
    period: (from: Instant, to: Instant, timeZone: string): string =>
      `${instant(from, timeZone)} to ${instant(to, timeZone)}, compared with the ${durationShort(to - from)} before.`,
    /** "12 ▲ from 9", "3 ▼ from 5", "4 (same)", "2 (new)". */
    trend: (value: string, previous: string | null, direction: 'up' | 'down' | 'same' | 'new'): string =>
      direction === 'up'
        ? `${value} ▲ from ${previous}`
        : direction === 'down'
          ? `${value} ▼ from ${previous}`
          : direction === 'new'
            ? `${value} (new)`
            : `${value} (same)`,
    counts: (opened: string, decided: string, defaulted: string, withdrawn: string, open: string): string =>
      `*Opened:* ${opened}\n*Decided:* ${decided}\n*Closed by default:* ${defaulted}\n*Withdrawn:* ${withdrawn}\n*Still open:* ${open}`,
    timeToOutcome: (median: string | null, p90: string | null): string =>
      median === null
        ? '*Time to outcome:* nothing was decided in this period.'
        : `*Time to outcome* (business time): median ${median}, 90% within ${p90 ?? median}`,
    breachRate: (rate: string | null): string =>
      rate === null ? '' : `*Over the time allowed at some level:* ${rate} of the decisions answered`,
    spocResponse: (median: string | null): string =>
      median === null ? '' : `*SPoC’s first response:* median ${median} of business time`,
    escalations: (sponsor: number, committee: number): string =>
      sponsor + committee === 0
        ? '*Escalations:* none'
        : `*Escalations:* ${sponsor} to the sponsor, ${committee} to the steering committee`,
    closedLate: (count: number): string =>
      `*Answered after their needed-by date:* ${count === 0 ? 'none' : plural(count, 'decision', 'decisions')}`,
    openByAge: (bands: { lt1d: number; '1to3d': number; '3to5d': number; gt5d: number }): string =>
      `*Open, by age* (business days): under 1: ${bands.lt1d} · 1–3: ${bands['1to3d']} · 3–5: ${bands['3to5d']} · over 5: ${bands.gt5d}`,
    authority: (
      share: number | null,
      above: number,
      closed: number,
      by: { over_authority: number; escalated: number; sent_up: number; delegated_up: number },
      addedMs: number | null,
    ): string =>
      share === null
        ? '*Authority:* no decision closed in this period.'
        : `*Authority:* ${Math.round(share * 100)}% of the decisions closed (${above} of ${closed}) needed someone above the SPoC: ${by.over_authority} over the SPoC’s budget authority, ${by.escalated} escalated when time ran out, ${by.sent_up} sent up at once from the SPoC level (above its authority, or for the committee), ${by.delegated_up} handed up.${addedMs === null ? '' : ` They took ${durationShort(Math.abs(addedMs))} of business time ${addedMs >= 0 ? 'longer' : 'less'} (median) than those the SPoC took alone.`}`,
    authorityHigh: (): string =>
      ':bulb: *Give the SPoC more authority.* Too many decisions wait for someone above the SPoC: raise the SPoC’s budget limit or name a deputy with authority, and decisions will not wait for the sponsor.',
    money: (amount: number, currency: string): string =>
      new Intl.NumberFormat('en', { style: 'currency', currency, maximumFractionDigits: 0 }).format(amount),
    cost: (open: string, closed: string, perDay: string): string =>
      `*Cost of waiting* (at ${perDay} per business day): ${open} for the decisions still open, ${closed} for those closed in this period.`,
    costTop: (
      items: readonly { question: string; blocks?: string | undefined; amount: string; waitedMs: number }[],
    ): string =>
      `*Costliest waits:*\n${items.map((i) => `• *${mrkdwnEscape(i.question)}*: ${i.amount} (waited ${durationShort(i.waitedMs)} of business time)${i.blocks === undefined ? '' : `, blocks ${mrkdwnEscape(i.blocks)}`}`).join('\n')}`,
    noCostRate: (): string =>
      'Set `cost_of_delay: { per_day, currency }` for this project in `decide.config.yml` to see what waiting costs.',
    percent: (share: number): string => `${Math.round(share * 100)}%`,
    badRange: (command: string): string =>
      `I could not read that period. Use \`7d\`, \`30d\`, \`90d\` or a range of dates \`2026-11-01..2026-11-30\`, e.g. \`${command} stats 30d\`.`,
    reversedRange: (): string => 'That range ends before it starts: put the earlier date first.',
    futureRange: (): string => 'That range starts in the future: give dates up to today.',
  },

  /** The decision log export (CSV header row, JSON keys stay the field names). */
  export: {
    columns: {
      kind: 'Kind',
      id: 'Decision ID',
      project: 'Project',
      question: 'Question',
      options: 'Options',
      status: 'Status',
      outcome: 'Outcome',
      rationale: 'Rationale',
      blocks: 'Blocks',
      requester: 'Requester',
      decider: 'Decided by',
      levelReached: 'Level reached',
      openedAt: 'Opened',
      closedAt: 'Closed',
      businessHours: 'Time to outcome (business hours)',
      wallHours: 'Time to outcome (hours)',
      escalations: 'Escalations',
      costOfDelay: 'Cost of delay',
      currency: 'Currency',
      rounds: 'Rounds',
    },
    kind: { decision: 'decision', signoff: 'sign-off' },
    /** How an outcome reads in the log: the option, or what ended the decision without one. */
    outcome: (o: { how: 'decided' | 'vote' | 'default' | 'withdrawn' | 'open'; label?: string }): string =>
      o.how === 'withdrawn'
        ? 'withdrawn'
        : o.how === 'open'
          ? ''
          : o.how === 'default'
            ? `${o.label} (default)`
            : (o.label ?? ''),
    optionsSeparator: ' | ',
    /** A sign-off's rationale lines (plain text in a file: user IDs, no mentions). */
    rejection: (round: number, by: string | null, reason: string): string =>
      `Round ${round}, rejected by ${by ?? 'someone'}: ${reason}`,
    approval: (round: number, by: string | null, note: string): string =>
      `Round ${round}, signed off by ${by ?? 'someone'}: ${note}`,
  },

  /** Sign-offs: key users validating a deliverable (`/decide signoff`, the "Request sign-off" shortcut). */
  signoff: {
    /** Labels of the two answers (buttons, export). */
    option: { approve: 'Sign off', reject: 'Reject' } as Record<string, string>,
    header: (title: string): string => `Sign-off: ${title}`,
    fallbackRequest: (title: string): string => `Sign-off needed: ${mrkdwnEscape(title)}`,
    fallbackStatus: (title: string): string => `Sign-off: ${mrkdwnEscape(title)}`,
    fallbackClosed: (title: string, outcome: string): string =>
      `Sign-off: ${mrkdwnEscape(title)}: ${mrkdwnEscape(outcome)}`,
    deliverable: (link: string | undefined, notes: string | undefined): string =>
      [
        link === undefined ? undefined : `*Deliverable:* ${link_(link)}`,
        notes === undefined || notes.trim() === '' ? undefined : quote(notes),
      ]
        .filter((x) => x !== undefined)
        .join('\n'),
    field: {
      round: (round: number): string => `*Round*\n${round}`,
      rule: (rule: { kind: 'all' } | { kind: 'at_least'; count: number }, of: number): string =>
        `*Signed off when*\n${rule.kind === 'all' ? `all ${plural(of, 'key user', 'key users')} approve` : `${rule.count} of ${of} key users approve`}`,
      keyUsers: (domain: string, users: readonly UserId[]): string =>
        `*Key users (${mrkdwnEscape(domain)})*\n${mentions(users)}`,
      holder: (users: readonly UserId[], level: Level): string =>
        `*With*\n${level === 'key_users' ? `the key users (${mentions(users)})` : holders(users, level === 'committee' ? 'committee' : level === 'sponsor' ? 'sponsor' : 'spoc')}`,
      returned: (requester: UserId): string => `*Back with*\n${mention(requester)}, for a new round`,
    },
    progress: (approvals: number, needed: number): string =>
      `:ballot_box_with_check: ${approvals} of ${needed} ${needed === 1 ? 'approval' : 'approvals'} so far.`,
    answered: (user: UserId, how: 'approved' | 'rejected' | 'waiting', note: string | undefined): string =>
      how === 'approved'
        ? `• :white_check_mark: ${mention(user)} signed off${note === undefined ? '' : `: “${mrkdwnEscape(note)}”`}`
        : how === 'rejected'
          ? `• :x: ${mention(user)} rejected: “${mrkdwnEscape(note ?? '')}”`
          : `• :hourglass_flowing_sand: ${mention(user)} has not answered yet`,
    roundNote: (round: number, note: string): string => `*What changed for round ${round}:*\n${quote(note)}`,
    earlierRound: (round: number, reasons: readonly { by: UserId | null; reason: string }[]): string =>
      `Round ${round} came back: ${reasons.map((r) => `${r.by === null ? 'someone' : mention(r.by)}: “${mrkdwnEscape(r.reason)}”`).join('; ')}`,
    historyTitle: (): string => '*Earlier rounds*',
    yourAnswer: (how: 'approved' | 'none'): string =>
      how === 'approved'
        ? 'You signed this off. You can still reject it while the round runs.'
        : 'You have not answered yet: *Sign off*, or *Reject* with a reason.',
    onBehalf: (level: Level): string =>
      `:arrow_up: The key users did not sign this off in time, so it is with you (${LEVEL[level]}): sign it off or reject it on their behalf.`,
    statusLine: (level: Level, users: readonly UserId[]): string =>
      level === 'key_users'
        ? `:hourglass_flowing_sand: Waiting for the key users (${mentions(users)}).`
        : `:arrow_up: The key users did not answer in time: now with ${mentions(users)} (${LEVEL[level]}), on their behalf.`,
    returnedLine: (round: number, requester: UserId): string =>
      `:leftwards_arrow_with_hook: Round ${round} came back to ${mention(requester)} with a rejection. It waits for a new round (the clock is stopped).`,
    returnedToYou: (round: number): string =>
      `:leftwards_arrow_with_hook: Round ${round} came back to you with a rejection. Fix the deliverable and *Send a new round*, or withdraw it.`,
    reasons: (reasons: readonly { by: UserId; reason: string }[]): string =>
      reasons.map((r) => `${mention(r.by)}:\n${quote(r.reason)}`).join('\n'),
    roundEnded: (round: number): string =>
      `This message is about round ${round}, which has ended: the newest message about this sign-off has the current state.`,
    movedOn: (users: readonly UserId[], level: Level): string =>
      `This sign-off is now with ${mentions(users)} (${LEVEL[level]}).`,
    signedOff: (
      by: readonly UserId[],
      round: number,
      at: Instant,
      timeZone: string,
      onBehalf: UserId | undefined,
    ): string =>
      onBehalf === undefined
        ? `:white_check_mark: *Signed off* by ${mentions(by)} on ${instant(at, timeZone)}${round > 1 ? `, in round ${round}` : ''}.`
        : `:white_check_mark: *Signed off* by ${mention(onBehalf)} on the key users’ behalf on ${instant(at, timeZone)}${round > 1 ? `, in round ${round}` : ''}.`,
    withdrawn: (by: UserId, at: Instant, timeZone: string): string =>
      `Withdrawn by ${mention(by)} on ${instant(at, timeZone)}.`,
    outcomeShort: (how: 'signed_off' | 'withdrawn' | 'other', rounds: number): string =>
      how === 'signed_off'
        ? `Signed off${rounds > 1 ? ` after ${plural(rounds, 'round', 'rounds')}` : ''}`
        : how === 'withdrawn'
          ? 'withdrawn'
          : 'closed',
    receipt: (domain: string, users: readonly UserId[], dueAt: Instant | null, timeZone: string): string =>
      `:inbox_tray: Your sign-off request went to the ${mrkdwnEscape(domain)} key users (${mentions(users)})${dueAt === null ? '' : `; if they have not signed it off by ${instant(dueAt, timeZone)}, it goes to the SPoC`}.`,
    button: {
      approve: 'Sign off',
      approveOnBehalf: 'Sign off on their behalf',
      reject: 'Reject',
      newRound: 'Send a new round',
      withdraw: 'Withdraw',
    },
    thread: {
      approved: (
        by: UserId,
        approvals: number,
        needed: number,
        onBehalf: boolean,
        note: string | undefined,
      ): string =>
        `:white_check_mark: ${mention(by)} signed off${onBehalf ? ' on the key users’ behalf' : ` (${approvals} of ${needed})`}${note === undefined ? '' : `:\n${quote(note)}`}`,
      approvedFallback: (by: UserId): string => `${mention(by)} signed off`,
      returned: (
        round: number,
        reasons: readonly { by: UserId; reason: string }[],
        requester: UserId,
      ): string =>
        `:leftwards_arrow_with_hook: Round ${round} was rejected and goes back to ${mention(requester)}:\n${reasons.map((r) => `${mention(r.by)}:\n${quote(r.reason)}`).join('\n')}`,
      returnedFallback: (round: number): string => `Round ${round} was rejected`,
      roundStarted: (round: number, users: readonly UserId[], note: string | undefined): string =>
        `:repeat: Round ${round} sent to ${mentions(users)}${note === undefined ? '.' : `. What changed:\n${quote(note)}`}`,
      roundStartedFallback: (round: number): string => `Round ${round} of the sign-off`,
      escalated: (users: readonly UserId[], level: Level, afterMs: number): string =>
        `:arrow_up: Not signed off within ${durationShort(afterMs)}: now with ${mentions(users)} (${LEVEL[level]}), who can sign off or reject on the key users’ behalf.`,
      escalatedFallback: (level: Level): string => `Sign-off moved to the ${LEVEL[level]}`,
      reminder: (leftMs: number, next: Level | undefined): string =>
        `:alarm_clock: Reminder: please sign off or reject this deliverable. ${durationShort(leftMs)} left${next === undefined ? '' : ` before it goes to the ${LEVEL[next]}`}.`,
    },
    /** The DM telling the requester a round came back. */
    returnedDm: (title: string, round: number): string =>
      `:leftwards_arrow_with_hook: Round ${round} of *${mrkdwnEscape(title)}* came back with a rejection:`,
    returnedDmFallback: (title: string): string => `Sign-off rejected: ${mrkdwnEscape(title)}`,
    returnedDmDone: (round: number): string => `Round ${round + 1} has been sent.`,
    /** An App Home entry under "Your open requests". */
    homeRequest: (
      title: string,
      project: string,
      state:
        | { kind: 'with'; users: readonly UserId[]; level: Level; heldMs: number }
        | { kind: 'returned'; round: number },
    ): string =>
      `*Sign-off: ${mrkdwnEscape(title)}*\n${mrkdwnEscape(project)} · ${state.kind === 'returned' ? `round ${state.round} came back to you: send a new round from my message` : `round with ${state.level === 'key_users' ? 'the key users' : `the ${LEVEL[state.level]}`} (${mentions(state.users)}) for ${durationShort(state.heldMs)}`}`,
  },

  /** The forms of a sign-off: the request, a rejection's reason, a new round. */
  signoffModal: {
    title: 'Request sign-off',
    submit: 'Send',
    close: 'Cancel',
    intro: (projectName: string): string =>
      `For *${mrkdwnEscape(projectName)}*. The key users of the domain you choose test and validate the deliverable; if they do not answer in time, it goes to the SPoC.`,
    noKeyUsers: (projectName: string): string =>
      `*${mrkdwnEscape(projectName)}* has no key users yet, so nobody can sign a deliverable off. Add \`key_users\` to the project in \`decide.config.yml\`.`,
    titleLabel: 'Deliverable',
    titlePlaceholder: 'e.g. Stock transfer report, v2',
    linkLabel: 'Link',
    linkHint: 'Where the key users find it (a document, a test system, a ticket).',
    notesLabel: 'Notes',
    notesPlaceholder: 'What to test, what changed, what is out of scope…',
    domainLabel: 'Domain',
    domainPlaceholder: 'Choose a domain',
    /** Plain text (an option label). */
    domainOption: (domain: string, count: number): string =>
      `${domain} (${plural(count, 'key user', 'key users')})`,
    ruleLabel: 'Signed off when',
    ruleAll: 'All key users of the domain approve',
    ruleAtLeast: 'At least N of them approve',
    countLabel: 'N (for “at least N”)',
    countHint: 'How many approvals sign it off; only used with “at least N”.',
    impactLabel: 'Impact',
    impactHint: 'Sets the time the key users have before it goes to the SPoC.',
    errors: {
      titleEmpty: 'Please name the deliverable.',
      tooLong: (max: number, length: number): string => `Too long: ${length} characters, at most ${max}.`,
      badLink: 'Enter a full web address starting with https:// or http://.',
      domain: 'Choose one of the listed domains.',
      rule: 'Choose when it is signed off.',
      countMissing: 'Enter how many approvals sign it off.',
      countRange: (max: number, domain: string | undefined): string =>
        domain === undefined
          ? `Enter a whole number from 1 to ${max}.`
          : `Enter a whole number from 1 to ${max} (${domain} has ${plural(max, 'key user', 'key users')}).`,
      impact: 'Choose an impact.',
    },
  },

  rejectModal: {
    title: 'Reject',
    submit: 'Reject',
    close: 'Cancel',
    intro: (title: string, round: number, onBehalf: boolean): string =>
      `*${mrkdwnEscape(title)}* (round ${round})\nThe reason goes back to the requester${onBehalf ? ', on the key users’ behalf' : ''}, who can fix it and send a new round.`,
    label: 'Why do you reject it?',
    errors: { empty: 'Please give a reason.', tooLong: (max: number) => `At most ${max} characters.` },
  },

  newRoundModal: {
    title: 'Send a new round',
    submit: 'Send',
    close: 'Cancel',
    intro: (title: string, round: number): string =>
      `*${mrkdwnEscape(title)}*\nRound ${round} goes to the key users again; their answers of the last round are cleared.`,
    label: 'What changed',
    placeholder: 'What you fixed since the last round',
    errors: { tooLong: (max: number) => `At most ${max} characters.` },
  },

  refusal,

  /** The weekly digest's chart, drawn into a PNG: plain words, no mrkdwn. */
  chart: {
    title: (project: string): string => `Time to outcome: ${project}`,
    yAxis: (unit: 'minutes' | 'hours' | 'days'): string =>
      unit === 'days' ? 'Median working days' : unit === 'minutes' ? 'Median minutes' : 'Median hours',
    levels: { spoc: 'SPoC', sponsor: 'Sponsor', committee: 'Steering committee' },
    sla: 'SLA',
    noDecisions: 'none',
    /** "24 Nov": the week's first day in the project's zone. */
    weekLabel: (weekStart: Instant, timeZone: string): string =>
      format(new TZDate(weekStart, timeZone), 'd MMM'),
  },
};

export type Texts = typeof en;
