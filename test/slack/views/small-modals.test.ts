import { describe, expect, it } from 'vitest';
import type { Modal as ModalView } from '../../../src/slack/blocks/kit.js';
import { CALLBACK, FIELD } from '../../../src/slack/ids.js';
import { answerInfoModal, parseAnswerInfoSubmission } from '../../../src/slack/views/answer-info-modal.js';
import { consultModal, parseConsultSubmission } from '../../../src/slack/views/consult-modal.js';
import { delegateModal, parseDelegateSubmission } from '../../../src/slack/views/delegate-modal.js';
import { needInfoModal, parseNeedInfoSubmission } from '../../../src/slack/views/need-info-modal.js';
import { opinionModal, parseOpinionSubmission } from '../../../src/slack/views/opinion-modal.js';
import { parseDecisionMetadata, type StateValues } from '../../../src/slack/views/state.js';
import { expectValidModal } from '../helpers/block-kit.js';
import { project, Story, U } from '../helpers/decisions.js';

const decision = new Story().decision;
const text = (id: string, value: string | null) => ({ [id]: { [id]: { type: 'plain_text_input', value } } });
const select = (id: string, value: string | null) => ({
  [id]: { [id]: { type: 'static_select', selected_option: value === null ? null : { value } } },
});
const body = (view: ModalView) => JSON.stringify(view.blocks);

describe('small modals', () => {
  it.each<{ name: string; view: () => ModalView; callback: string; fields: string[] }>([
    {
      name: 'need info',
      view: () => needInfoModal({ decision }),
      callback: CALLBACK.needInfoModal,
      fields: [FIELD.infoQuestion],
    },
    {
      name: 'answer info',
      view: () => answerInfoModal({ decision, question: 'Which warehouse?', asker: U.spoc }),
      callback: CALLBACK.answerInfoModal,
      fields: [FIELD.infoAnswer],
    },
    {
      name: 'delegate',
      view: () => delegateModal({ decision, project: project(), actor: U.spoc }),
      callback: CALLBACK.delegateModal,
      fields: [FIELD.delegateTo, FIELD.delegateNote],
    },
    {
      name: 'delegate with nobody to delegate to',
      view: () =>
        delegateModal({ decision, project: project({ deputy: undefined, keyUsers: {} }), actor: U.spoc }),
      callback: CALLBACK.delegateModal,
      fields: [],
    },
    {
      name: 'consult',
      view: () => consultModal({ decision, project: project() }),
      callback: CALLBACK.consultModal,
      fields: [FIELD.consultDomain, FIELD.consultQuestion],
    },
    {
      name: 'opinion',
      view: () => opinionModal({ decision, question: 'Workable?' }),
      callback: CALLBACK.opinionModal,
      fields: [FIELD.opinion],
    },
  ])(
    '$name: valid, with its callback id, the decision id in the metadata and its fields',
    ({ view, callback, fields }) => {
      const v = view();
      expectValidModal(v);
      expect(v.callback_id).toBe(callback);
      expect(parseDecisionMetadata(v.private_metadata)).toEqual({ decisionId: 'D1' });
      expect(v.blocks.flatMap((b) => (b.type === 'input' ? [b.block_id] : []))).toEqual(fields);
      expect(v.submit === undefined).toBe(fields.length === 0);
    },
  );

  it.each([undefined, '', '{', '"D1"', '{"decisionId":""}', '{"decisionId":7}'])(
    'metadata garbage %j → undefined',
    (raw) => {
      expect(parseDecisionMetadata(raw)).toBeUndefined();
    },
  );

  it('shows the asked question in the answer modal', () => {
    expect(body(answerInfoModal({ decision, question: 'Which <warehouse>?', asker: U.spoc }))).toContain(
      '<@USPOC0001> asked:\\n>Which &lt;warehouse&gt;?',
    );
  });

  it('labels delegates with a display name and role, falling back to the ID, never offering the actor', () => {
    const p = project({ keyUsers: { inventory: [U.inventory, U.deputy], accounting: [U.inventory] } });
    const view = delegateModal({ decision, project: p, actor: U.spoc, names: { [U.deputy]: 'Dewi' } });
    const input = view.blocks.find((b) => b.type === 'input' && b.block_id === FIELD.delegateTo);
    const options =
      input?.type === 'input' && input.element.type === 'static_select' ? input.element.options : [];
    expect(options?.map((o) => [o.value, o.text.text])).toEqual([
      [U.deputy, 'Dewi (deputy; key user: inventory)'],
      [U.inventory, `${U.inventory} (key user: inventory, accounting)`],
    ]);
    const byDeputy = delegateModal({ decision, project: p, actor: U.deputy });
    expect(body(byDeputy)).not.toContain(`"value":"${U.deputy}"`);
  });

  it('preselects the decision’s domain when consulting', () => {
    const view = consultModal({ decision: { ...decision, domain: 'accounting' }, project: project() });
    const input = view.blocks.find((b) => b.type === 'input' && b.block_id === FIELD.consultDomain);
    expect(
      input?.type === 'input' &&
        input.element.type === 'static_select' &&
        input.element.initial_option?.value,
    ).toBe('accounting');
  });
});

describe('small modal parsers', () => {
  it.each<{ name: string; parse: (v: StateValues) => unknown; values: StateValues; expected: unknown }>([
    {
      name: 'need info',
      parse: parseNeedInfoSubmission,
      values: text(FIELD.infoQuestion, ' Which warehouse? '),
      expected: { ok: true, value: { question: 'Which warehouse?' } },
    },
    {
      name: 'answer info',
      parse: parseAnswerInfoSubmission,
      values: text(FIELD.infoAnswer, 'Main'),
      expected: { ok: true, value: { answer: 'Main' } },
    },
    {
      name: 'opinion',
      parse: parseOpinionSubmission,
      values: text(FIELD.opinion, 'Yes'),
      expected: { ok: true, value: { text: 'Yes' } },
    },
    {
      name: 'consult',
      parse: (v) => parseConsultSubmission(v, { project: project() }),
      values: { ...select(FIELD.consultDomain, 'inventory'), ...text(FIELD.consultQuestion, 'Workable?') },
      expected: { ok: true, value: { domain: 'inventory', question: 'Workable?' } },
    },
    {
      name: 'delegate',
      parse: (v) => parseDelegateSubmission(v, { project: project(), actor: U.spoc }),
      values: { ...select(FIELD.delegateTo, U.inventory), ...text(FIELD.delegateNote, null) },
      expected: { ok: true, value: { to: U.inventory, note: '' } },
    },
  ])('$name accepts a valid submission', ({ parse, values, expected }) => {
    expect(parse(values)).toEqual(expected);
  });

  it.each<{ name: string; parse: (v: StateValues) => unknown; values: StateValues; errors: string[] }>([
    {
      name: 'need info: empty',
      parse: parseNeedInfoSubmission,
      values: text(FIELD.infoQuestion, '  '),
      errors: [FIELD.infoQuestion],
    },
    {
      name: 'need info: too long',
      parse: parseNeedInfoSubmission,
      values: text(FIELD.infoQuestion, 'q'.repeat(2001)),
      errors: [FIELD.infoQuestion],
    },
    { name: 'answer: empty', parse: parseAnswerInfoSubmission, values: {}, errors: [FIELD.infoAnswer] },
    {
      name: 'opinion: empty',
      parse: parseOpinionSubmission,
      values: text(FIELD.opinion, null),
      errors: [FIELD.opinion],
    },
    {
      name: 'consult: domain without key users, empty question',
      parse: (v) => parseConsultSubmission(v, { project: project() }),
      values: { ...select(FIELD.consultDomain, 'payroll'), ...text(FIELD.consultQuestion, '') },
      errors: [FIELD.consultDomain, FIELD.consultQuestion],
    },
    {
      name: 'delegate: nobody chosen',
      parse: (v) => parseDelegateSubmission(v, { project: project(), actor: U.spoc }),
      values: select(FIELD.delegateTo, null),
      errors: [FIELD.delegateTo],
    },
    {
      name: 'delegate: an outsider, and a note too long',
      parse: (v) => parseDelegateSubmission(v, { project: project(), actor: U.spoc }),
      values: { ...select(FIELD.delegateTo, U.outsider), ...text(FIELD.delegateNote, 'n'.repeat(1001)) },
      errors: [FIELD.delegateTo, FIELD.delegateNote],
    },
    {
      name: 'delegate: to oneself',
      parse: (v) => parseDelegateSubmission(v, { project: project(), actor: U.deputy }),
      values: select(FIELD.delegateTo, U.deputy),
      errors: [FIELD.delegateTo],
    },
  ])('$name → errors on the right blocks', ({ parse, values, errors }) => {
    const result = parse(values) as { ok: boolean; errors?: Record<string, string> };
    expect(result.ok).toBe(false);
    expect(Object.keys(result.errors ?? {})).toEqual(errors);
    for (const message of Object.values(result.errors ?? {})) expect(message.length).toBeGreaterThan(0);
  });
});
