/**
 * The authorization matrix (issue #14): every action, by every role, in every state where the action exists,
 * and what the bot must do: `'allowed'`, or the refusal it tells the actor (privately) while changing nothing.
 * Data only; test/authz/authorization-matrix.test.ts drives the real bot through each cell.
 */

/** Who acts. Users are identified by team and user ID together: the last three are not who their ID says. */
export const ROLES = [
  'requester',
  'spoc',
  'deputy',
  'sponsor',
  'committee',
  'keyUser',
  'otherKeyUser',
  'noRole',
  'nonMember',
  'guest',
  'guestAsSpoc',
  'deactivated',
] as const;
export type Role = (typeof ROLES)[number];

/** What each role is in the test's project. */
export const ROLE_NOTES: Record<Role, string> = {
  requester: 'a channel member who asked for the decision',
  spoc: 'the SPoC',
  deputy: 'the SPoC’s deputy (the SPoC is not away)',
  sponsor: 'the sponsor (also a steering committee member, as in the harness)',
  committee: 'a steering committee member who is not a sponsor',
  keyUser: 'a key user of the request’s domain (inventory)',
  otherKeyUser: 'a key user of another domain (finance)',
  noRole: 'a channel member with no role',
  nonMember: 'a user of the workspace outside the project channel (types commands in their DM with the bot)',
  guest: 'a Slack Connect guest: another workspace’s user in the shared channel',
  guestAsSpoc: 'another workspace’s user whose user ID is the SPoC’s (same ID, other team)',
  deactivated: 'a steering committee member Slack reports deactivated',
};

/** The state a decision is brought to before the action. `any`: an action on no decision (commands). */
export const STATES = [
  'any',
  'at_spoc',
  'at_sponsor',
  'at_committee',
  'voted',
  'needs_info',
  'delegated',
  'consulted',
  'closed',
  'signoff_key_users',
  'signoff_returned',
] as const;
export type State = (typeof STATES)[number];

/**
 * Refusals the actor must be told about. Domain codes (src/domain/refusal.ts) and the Slack layer's own:
 * `not_spoc` (away/back), `not_accountable` (digest/export), `not_a_project` (a command outside a project
 * channel), `other_workspace` and `deactivated` (the acting-identity guard).
 */
export type Refusal =
  | 'not_your_decision'
  | 'already_decided'
  | 'invalid_transition'
  | 'not_requester'
  | 'not_committee_member'
  | 'votes_cast'
  | 'not_a_key_user'
  | 'round_over'
  | 'not_spoc'
  | 'not_accountable'
  | 'not_a_project'
  | 'other_workspace'
  | 'deactivated';

export type Expected = 'allowed' | Refusal;

export const ACTIONS = [
  'open',
  'decide',
  'decide_with_note',
  'vote',
  'change_vote',
  'need_info',
  'answer_info',
  'delegate',
  'consult',
  'give_opinion',
  'escalate_now',
  'edit',
  'withdraw',
  'away',
  'back',
  'who',
  'stats',
  'digest',
  'export',
  'language',
  'signoff_approve',
  'signoff_reject',
] as const;
export type Action = (typeof ACTIONS)[number];

export interface Row {
  readonly action: Action;
  readonly state: State;
  readonly cells: Readonly<Record<Role, Expected>>;
}

const A = 'allowed' as const;

/**
 * One row: `allowed` roles act, every other role gets `others`, except where `except` says otherwise. The
 * guard's columns default to their refusal (another team, deactivated) for every action that acts.
 */
function row(
  action: Action,
  state: State,
  allowed: readonly Role[],
  others: Refusal,
  except: Partial<Record<Role, Expected>> = {},
): Row {
  const cells = Object.fromEntries(
    ROLES.map((role) => [
      role,
      except[role] ??
        (allowed.includes(role)
          ? A
          : role === 'guest' || role === 'guestAsSpoc'
            ? 'other_workspace'
            : role === 'deactivated'
              ? 'deactivated'
              : others),
    ]),
  ) as Record<Role, Expected>;
  return { action, state, cells };
}

/** Everyone in the workspace acts; nobody is refused but the guard's. */
const EVERYONE: readonly Role[] = [
  'requester',
  'spoc',
  'deputy',
  'sponsor',
  'committee',
  'keyUser',
  'otherKeyUser',
  'noRole',
];
const ACCOUNTABLE: readonly Role[] = ['spoc', 'sponsor', 'committee'];
/** A request's text forms, refused to the guard's columns; `nonMember` types it outside the channel. */
const OUTSIDE = { nonMember: 'not_a_project' } as const;

export const MATRIX: readonly Row[] = [
  // ── open: /decide (the form, then submitted) in the project channel ──────────────────────────────────
  row('open', 'any', EVERYONE, 'not_a_project', OUTSIDE),

  // ── decide: an option button on the request ──────────────────────────────────────────────────────────
  row('decide', 'at_spoc', ['spoc'], 'not_your_decision'),
  row('decide', 'at_sponsor', ['sponsor'], 'not_your_decision'),
  row('decide', 'delegated', ['keyUser'], 'not_your_decision'),
  row('decide', 'needs_info', ['spoc'], 'not_your_decision'),
  row('decide', 'closed', [], 'already_decided'),

  // ── decide with a note: its button (a dry run refuses before the form), then the form ────────────────
  row('decide_with_note', 'at_spoc', ['spoc'], 'not_your_decision'),
  row('decide_with_note', 'at_sponsor', ['sponsor'], 'not_your_decision'),
  // At the committee the form votes with a note.
  row('decide_with_note', 'at_committee', ['sponsor', 'committee'], 'not_committee_member'),
  row('decide_with_note', 'closed', [], 'already_decided'),

  // ── vote: a vote button, at the steering committee ───────────────────────────────────────────────────
  row('vote', 'at_committee', ['sponsor', 'committee'], 'not_committee_member'),

  // ── change vote: a member who voted votes another option ─────────────────────────────────────────────
  row('change_vote', 'voted', ['sponsor', 'committee'], 'not_committee_member'),

  // ── need info: its button (dry run), then the question ───────────────────────────────────────────────
  row('need_info', 'at_spoc', ['spoc'], 'not_your_decision'),
  row('need_info', 'at_sponsor', ['sponsor'], 'not_your_decision'),
  row('need_info', 'closed', [], 'already_decided'),

  // ── answer info: the requester's button while a decider waits for information ─────────────────────────
  row('answer_info', 'needs_info', ['requester'], 'not_requester'),

  // ── delegate: the SPoC hands the request to the deputy or a key user ──────────────────────────────────
  row('delegate', 'at_spoc', ['spoc'], 'not_your_decision'),

  // ── consult: a decider asks a domain's key users ─────────────────────────────────────────────────────
  row('consult', 'at_spoc', ['spoc'], 'not_your_decision'),
  row('consult', 'at_sponsor', ['sponsor'], 'not_your_decision'),

  // ── give opinion: the project's key users (the domain's rule: any key user may add an opinion to the log,
  //    consulted or not; test/domain/transitions.test.ts says so) ────────────────────────────────────────
  row('give_opinion', 'consulted', ['keyUser', 'otherKeyUser'], 'not_a_key_user'),

  // ── escalate now: the current decider sends the request up at once ───────────────────────────────────
  row('escalate_now', 'at_spoc', ['spoc'], 'not_your_decision'),
  row('escalate_now', 'at_sponsor', ['sponsor'], 'not_your_decision'),

  // ── edit: the requester's button ─────────────────────────────────────────────────────────────────────
  row('edit', 'at_spoc', ['requester'], 'not_requester'),
  // Its button is gone once a member voted: this is a click on the copy shown before.
  row('edit', 'voted', [], 'not_requester', { requester: 'votes_cast' }),
  row('edit', 'closed', [], 'already_decided'),

  // ── withdraw: the requester's button ─────────────────────────────────────────────────────────────────
  row('withdraw', 'at_spoc', ['requester'], 'not_requester'),
  row('withdraw', 'closed', [], 'already_decided'),

  // ── away / back: the SPoC only ───────────────────────────────────────────────────────────────────────
  row('away', 'any', ['spoc'], 'not_spoc', OUTSIDE),
  row('back', 'any', ['spoc'], 'not_spoc', OUTSIDE),

  // ── who / stats: they only show; anyone in the channel, guests and deactivated people too ────────────
  row('who', 'any', [...EVERYONE, 'guest', 'guestAsSpoc', 'deactivated'], 'not_a_project', OUTSIDE),
  row('stats', 'any', [...EVERYONE, 'guest', 'guestAsSpoc', 'deactivated'], 'not_a_project', OUTSIDE),

  // ── digest / export: the people accountable (SPoC, sponsors, committee) ──────────────────────────────
  row('digest', 'any', ACCOUNTABLE, 'not_accountable', OUTSIDE),
  row('export', 'any', ACCOUNTABLE, 'not_accountable', OUTSIDE),

  // ── language: one's own choice, anywhere (outside a project channel too) ─────────────────────────────
  row('language', 'any', [...EVERYONE, 'nonMember'], 'not_a_project'),

  // ── sign-off: a key user of the domain signs off or rejects (with a reason, in a form) ───────────────
  row('signoff_approve', 'signoff_key_users', ['keyUser'], 'not_a_key_user'),
  row('signoff_approve', 'signoff_returned', [], 'round_over'),
  row('signoff_reject', 'signoff_key_users', ['keyUser'], 'not_a_key_user'),
  row('signoff_reject', 'signoff_returned', [], 'round_over'),
];

/** Cells, allowed and refused, for the test's summary line. */
export function sizeOf(matrix: readonly Row[]): { cells: number; allowed: number; refused: number } {
  const all = matrix.flatMap((r) => Object.values(r.cells));
  const allowed = all.filter((e) => e === 'allowed').length;
  return { cells: all.length, allowed, refused: all.length - allowed };
}
