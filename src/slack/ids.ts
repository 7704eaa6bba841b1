/**
 * Identifiers shared by the Block Kit builders (which put them in messages and views) and the listeners
 * (which match on them). One place, so a renamed button cannot silently stop working.
 */
export const COMMAND = '/decide';

/** Any slash command name: the bot answers whatever command Slack sends it (see `SLASH_COMMAND`). */
export const ANY_COMMAND = /^\/[a-z0-9_-]+$/;

let configuredCommand: string = COMMAND;

/**
 * The slash command's name as this installation's manifest declares it (`SLASH_COMMAND`): what the bot's words
 * tell people to type. One bot per process, so it is set once where the Slack side is built from the config.
 */
export function useCommandName(name: string | undefined): void {
  configuredCommand = name ?? COMMAND;
}

export function commandName(): string {
  return configuredCommand;
}

export const CALLBACK = {
  decideModal: 'decide_modal',
  needInfoModal: 'need_info_modal',
  answerInfoModal: 'answer_info_modal',
  delegateModal: 'delegate_modal',
  consultModal: 'consult_modal',
  opinionModal: 'opinion_modal',
  decideNoteModal: 'decide_note_modal',
  sendUpModal: 'send_up_modal',
  withdrawModal: 'withdraw_modal',
  editModal: 'edit_modal',
  askShortcut: 'ask_for_decision',
} as const;

/** Button action ids. Option and vote buttons carry an index suffix because action ids must be unique per block. */
export const ACTION = {
  optionPrefix: 'decision_option_',
  votePrefix: 'decision_vote_',
  needInfo: 'decision_need_info',
  delegate: 'decision_delegate',
  consult: 'decision_consult',
  answerInfo: 'decision_answer_info',
  giveOpinion: 'decision_give_opinion',
  withdraw: 'decision_withdraw',
  decideWithNote: 'decision_decide_with_note',
  sendUp: 'decision_send_up',
  edit: 'decision_edit',
} as const;

/** Regular expressions Bolt matches the prefixed action ids with. */
export const ACTION_PATTERN = {
  option: new RegExp(`^${ACTION.optionPrefix}\\d+$`),
  vote: new RegExp(`^${ACTION.votePrefix}\\d+$`),
} as const;

/** block_id / action_id of every input in the `/decide` modal; errors are reported against the block ids. */
export const DECIDE_FIELD = {
  question: 'question',
  context: 'context',
  options: 'options',
  impact: 'impact',
  domain: 'domain',
  budget: 'budget',
  neededBy: 'needed_by',
  blocks: 'blocks',
  defaultOption: 'default_option',
} as const;

/** block_id / action_id of the inputs in the smaller modals. */
export const FIELD = {
  infoQuestion: 'info_question',
  infoAnswer: 'info_answer',
  delegateTo: 'delegate_to',
  delegateNote: 'delegate_note',
  consultDomain: 'consult_domain',
  consultQuestion: 'consult_question',
  opinion: 'opinion',
  noteOption: 'note_option',
  note: 'note',
  sendUpTarget: 'send_up_target',
  sendUpReason: 'send_up_reason',
  withdrawReason: 'withdraw_reason',
} as const;

/**
 * What a button's `value` carries: the decision and, for option and vote buttons, the option and the content
 * stamp of the version the message showed (an answer to a request edited since is refused).
 */
export interface ButtonValue {
  readonly decisionId: string;
  readonly optionId?: string | undefined;
  readonly stamp?: string | undefined;
}

export function encodeButtonValue(value: ButtonValue): string {
  if (value.optionId === undefined) return value.decisionId;
  const answer = `${value.decisionId}|${value.optionId}`;
  return value.stamp === undefined ? answer : `${answer}|${value.stamp}`;
}

export function decodeButtonValue(raw: string): ButtonValue {
  const [decisionId = '', optionId, stamp] = raw.split('|');
  return stamp === undefined ? { decisionId, optionId } : { decisionId, optionId, stamp };
}

/** Sign-offs: their forms, the message shortcut and the buttons of a sign-off's messages. */
export const SIGNOFF_CALLBACK = {
  requestModal: 'signoff_modal',
  rejectModal: 'signoff_reject_modal',
  newRoundModal: 'signoff_new_round_modal',
  shortcut: 'request_signoff',
} as const;

export const SIGNOFF_ACTION = {
  /** Signs off at once (a key user, or the SPoC/sponsor on their behalf; a committee member votes with it). */
  approve: 'signoff_approve',
  /** Opens the reason form. */
  reject: 'signoff_reject',
  /** The requester's button once a round came back: opens the new-round form. */
  newRound: 'signoff_new_round',
} as const;

/** block_id / action_id of the sign-off forms' inputs. */
export const SIGNOFF_FIELD = {
  title: 'signoff_title',
  link: 'signoff_link',
  notes: 'signoff_notes',
  domain: 'signoff_domain',
  rule: 'signoff_rule',
  count: 'signoff_count',
  impact: 'signoff_impact',
  reason: 'signoff_reason',
  roundNote: 'signoff_round_note',
} as const;

/** A sign-off button's value: the decision and the round it was shown for (a click on an older round is refused). */
export interface RoundValue {
  readonly decisionId: string;
  readonly round: number;
}

export function encodeRoundValue(value: RoundValue): string {
  return `${value.decisionId}|r${value.round}`;
}

/** `round` is NaN-free: a value without a readable round gives undefined (the domain then takes the current one). */
export function decodeRoundValue(raw: string): { decisionId: string; round: number | undefined } {
  const [decisionId = '', tail = ''] = raw.split('|');
  const match = /^r(\d{1,6})$/.exec(tail);
  return { decisionId, round: match ? Number(match[1]) : undefined };
}
