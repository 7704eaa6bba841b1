import { describe, expect, it } from 'vitest';
import { contentStamp } from '../../../src/domain/content-stamp.js';
import type { Modal } from '../../../src/slack/blocks/kit.js';
import { CALLBACK, DECIDE_FIELD, FIELD } from '../../../src/slack/ids.js';
import {
  DECISION_NOTE_MAX,
  decideNoteModal,
  parseDecideNoteSubmission,
} from '../../../src/slack/views/decide-note-modal.js';
import { editModal, parseEditSubmission } from '../../../src/slack/views/edit-modal.js';
import { parseSendUpSubmission, sendUpModal } from '../../../src/slack/views/send-up-modal.js';
import { parseDecisionMetadata, type StateValues } from '../../../src/slack/views/state.js';
import {
  parseWithdrawSubmission,
  WITHDRAW_REASON_MAX,
  withdrawModal,
} from '../../../src/slack/views/withdraw-modal.js';
import { expectValidModal } from '../helpers/block-kit.js';
import { later, Story, U } from '../helpers/decisions.js';

/** The forms of a decision's later life: decide with a note, escalate now, withdraw, edit. */
const text = (id: string, value: string | null) => ({ [id]: { [id]: { type: 'plain_text_input', value } } });
const radio = (id: string, value: string | null) => ({
  [id]: { [id]: { type: 'radio_buttons', selected_option: value === null ? null : { value } } },
});
const inputs = (v: Modal) => v.blocks.flatMap((b) => (b.type === 'input' ? [b.block_id] : []));
const body = (v: Modal) => JSON.stringify(v.blocks);

describe('decide with a note', () => {
  const decision = new Story().decision;

  it('offers the options as radio buttons and carries the content stamp of the version shown', () => {
    const view = decideNoteModal({ decision, viewerId: U.spoc });
    expectValidModal(view);
    expect(view.callback_id).toBe(CALLBACK.decideNoteModal);
    expect(inputs(view)).toEqual([FIELD.noteOption, FIELD.note]);
    expect(body(view)).toContain('"type":"radio_buttons"');
    expect(parseDecisionMetadata(view.private_metadata)).toEqual({
      decisionId: 'D1',
      stamp: contentStamp(decision),
    });
  });

  it('at the committee it is a vote, with the member’s current vote chosen', () => {
    const story = new Story().escalate().escalate().vote(U.c1, 'reject', later(5));
    const view = decideNoteModal({ decision: story.decision, viewerId: U.c1 });
    expect(view.title.text).toBe('Vote with a note');
    const radios = view.blocks.find((b) => b.type === 'input' && b.block_id === FIELD.noteOption);
    expect(
      radios?.type === 'input' && radios.element.type === 'radio_buttons' && radios.element.initial_option,
    ).toMatchObject({ value: 'reject' });
  });

  it('needs an option the request has, and a note of at most 1,000 characters', () => {
    const parse = (values: StateValues) => parseDecideNoteSubmission(values, decision);
    expect(parse({ ...radio(FIELD.noteOption, null), ...text(FIELD.note, 'x') })).toEqual({
      ok: false,
      errors: { [FIELD.noteOption]: 'Choose one of the options.' },
    });
    expect(parse({ ...radio(FIELD.noteOption, 'opt9') })).toMatchObject({
      ok: false,
      errors: { [FIELD.noteOption]: expect.stringContaining('no longer on this request') },
    });
    expect(
      parse({
        ...radio(FIELD.noteOption, 'approve'),
        ...text(FIELD.note, 'x'.repeat(DECISION_NOTE_MAX + 1)),
      }),
    ).toEqual({ ok: false, errors: { [FIELD.note]: 'Keep the note to 1000 characters (it has 1001).' } });
    expect(parse({ ...radio(FIELD.noteOption, 'approve'), ...text(FIELD.note, ' Cheaper. ') })).toEqual({
      ok: true,
      value: { optionId: 'approve', note: 'Cheaper.' },
    });
  });
});

describe('escalate now', () => {
  it('offers both ways up at the SPoC level and only the committee above it; a reason is required', () => {
    const atSpoc = sendUpModal({ decision: new Story().decision });
    expectValidModal(atSpoc);
    expect(inputs(atSpoc)).toEqual([FIELD.sendUpTarget, FIELD.sendUpReason]);
    expect(body(atSpoc)).toContain('Above my authority (to the sponsor)');
    expect(body(atSpoc)).toContain('Needs the committee');
    const atSponsor = sendUpModal({ decision: new Story().escalate().decision });
    expect(body(atSponsor)).not.toContain('Above my authority');
    expect(body(atSponsor)).toContain('"initial_option"');

    const decision = new Story().decision;
    expect(
      parseSendUpSubmission(
        { ...radio(FIELD.sendUpTarget, null), ...text(FIELD.sendUpReason, '') },
        decision,
      ),
    ).toEqual({
      ok: false,
      errors: {
        [FIELD.sendUpTarget]: 'Choose where it goes.',
        [FIELD.sendUpReason]: 'Say why it goes up: the next level reads it first.',
      },
    });
    expect(
      parseSendUpSubmission(
        { ...radio(FIELD.sendUpTarget, 'above_authority'), ...text(FIELD.sendUpReason, 'r') },
        new Story().escalate().escalate().decision,
      ),
    ).toMatchObject({
      ok: false,
      errors: { [FIELD.sendUpTarget]: expect.stringContaining('cannot go there') },
    });
    expect(
      parseSendUpSubmission(
        { ...radio(FIELD.sendUpTarget, 'needs_committee'), ...text(FIELD.sendUpReason, 'r') },
        decision,
      ),
    ).toEqual({ ok: true, value: { target: 'needs_committee', reason: 'r' } });
  });
});

describe('withdraw', () => {
  it('asks for an optional reason, at most 1,000 characters', () => {
    const view = withdrawModal({ decision: new Story().decision });
    expectValidModal(view);
    expect(inputs(view)).toEqual([FIELD.withdrawReason]);
    expect(parseWithdrawSubmission(text(FIELD.withdrawReason, null))).toEqual({
      ok: true,
      value: { reason: undefined },
    });
    expect(
      parseWithdrawSubmission(text(FIELD.withdrawReason, 'x'.repeat(WITHDRAW_REASON_MAX + 1))),
    ).toMatchObject({
      ok: false,
    });
  });
});

describe('edit', () => {
  const story = new Story({
    request: {
      budgetImpact: 2500,
      neededBy: '2026-11-30',
      options: [
        { id: 'opt1', label: 'Buy' },
        { id: 'opt2', label: 'Lease' },
      ],
      defaultOptionId: 'opt2',
    },
  });

  it('is filled in with what the request says now', () => {
    const view = editModal({ decision: story.decision });
    expectValidModal(view);
    expect(view.callback_id).toBe(CALLBACK.editModal);
    expect(inputs(view)).toEqual([
      DECIDE_FIELD.question,
      DECIDE_FIELD.context,
      DECIDE_FIELD.options,
      DECIDE_FIELD.budget,
      DECIDE_FIELD.neededBy,
      DECIDE_FIELD.defaultOption,
    ]);
    const shown = body(view);
    expect(shown).toContain('"initial_value":"Buy\\nLease"');
    expect(shown).toContain('"initial_value":"2500"');
    expect(shown).toContain('"initial_date":"2026-11-30"');
    expect(shown).toContain('"initial_value":"Lease"');
  });

  it('says so on the options when a committee member voted while the form was open', () => {
    const voted = new Story().escalate().escalate().vote(U.c1, 'approve', later(5)).decision;
    const values: StateValues = { ...text(DECIDE_FIELD.question, 'Buy the scanners?') };
    expect(parseEditSubmission(values, { today: '2026-12-02', decision: voted })).toEqual({
      ok: false,
      errors: { [DECIDE_FIELD.options]: expect.stringContaining('can no longer change') },
    });
  });

  it('keeps a needed-by date that has passed, and refuses a new one in the past', () => {
    const values = (neededBy: string): StateValues => ({
      ...text(DECIDE_FIELD.question, 'Buy the scanners?'),
      [DECIDE_FIELD.neededBy]: { [DECIDE_FIELD.neededBy]: { type: 'datepicker', selected_date: neededBy } },
    });
    const ctx = { today: '2026-12-02', decision: story.decision };
    expect(parseEditSubmission(values('2026-11-30'), ctx)).toMatchObject({
      ok: true,
      value: { neededBy: '2026-11-30' },
    });
    expect(parseEditSubmission(values('2026-11-29'), ctx)).toMatchObject({
      ok: false,
      errors: { [DECIDE_FIELD.neededBy]: expect.any(String) },
    });
  });
});
