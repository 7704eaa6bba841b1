import { describe, expect, it } from 'vitest';
import type { KnownBlock } from '../../../src/slack/blocks/kit.js';
import { CALLBACK, DECIDE_FIELD } from '../../../src/slack/ids.js';
import {
  DECIDE_LIMIT,
  decideModal,
  encodeDecideMetadata,
  parseDecideMetadata,
  parseDecideSubmission,
} from '../../../src/slack/views/decide-modal.js';
import type { StateValues } from '../../../src/slack/views/state.js';
import { expectValidModal } from '../helpers/block-kit.js';
import { project, U } from '../helpers/decisions.js';

const META = { projectId: 'P1', channel: 'C0PROJECT1' };

function inputIds(blocks: readonly KnownBlock[]): string[] {
  return blocks.flatMap((b) => (b.type === 'input' ? [b.block_id ?? ''] : []));
}

describe('decideModal', () => {
  it.each([
    { name: 'empty', input: { project: project(), metadata: META } },
    {
      name: 'prefilled from the slash command',
      input: { project: project(), prefill: { question: 'Go live on 1 Dec?' }, metadata: META },
    },
    {
      name: 'raised from a message',
      input: {
        project: project(),
        prefill: { context: 'c'.repeat(5000) },
        metadata: {
          ...META,
          source: { channel: 'C0PROJECT1', ts: '1.2', permalink: 'https://x.slack.com/p1' },
        },
      },
    },
    { name: 'without key users', input: { project: project({ keyUsers: {} }), metadata: META } },
  ])('is a valid modal: $name', ({ input }) => {
    const view = decideModal(input);
    expectValidModal(view);
    expect(view.callback_id).toBe(CALLBACK.decideModal);
    for (const b of view.blocks)
      if (b.type === 'input') expect('action_id' in b.element && b.element.action_id).toBe(b.block_id);
  });

  it('has every field, with the domain only when the project has key users', () => {
    const all = Object.values(DECIDE_FIELD);
    expect(inputIds(decideModal({ project: project(), metadata: META }).blocks)).toEqual(all);
    expect(
      inputIds(decideModal({ project: project({ keyUsers: { payroll: [] } }), metadata: META }).blocks),
    ).toEqual(all.filter((f) => f !== DECIDE_FIELD.domain));
  });

  it('offers only the domains that have key users and preselects normal impact', () => {
    const view = decideModal({ project: project(), metadata: META });
    const element = (id: string) => {
      const b = view.blocks.find((x) => x.type === 'input' && x.block_id === id);
      return b?.type === 'input' ? b.element : undefined;
    };
    const domain = element(DECIDE_FIELD.domain);
    expect(domain?.type === 'static_select' && domain.options?.map((o) => o.value)).toEqual([
      'inventory',
      'accounting',
    ]);
    const impact = element(DECIDE_FIELD.impact);
    expect(impact?.type === 'static_select' && impact.initial_option?.value).toBe('normal');
    const budget = element(DECIDE_FIELD.budget);
    expect(budget).toMatchObject({ type: 'number_input', is_decimal_allowed: true, min_value: '0' });
    expect(element(DECIDE_FIELD.question)).toMatchObject({ max_length: 150 });
  });

  it('keeps an over-long typed question whole in the context', () => {
    const question = `${'q'.repeat(200)} end`;
    const view = decideModal({ project: project(), prefill: { question }, metadata: META });
    expectValidModal(view);
    const values = view.blocks.flatMap((b) =>
      b.type === 'input' && b.element.type === 'plain_text_input'
        ? [[b.block_id, b.element.initial_value]]
        : [],
    );
    const byId = Object.fromEntries(values);
    expect(byId[DECIDE_FIELD.question]?.length).toBe(DECIDE_LIMIT.question);
    expect(byId[DECIDE_FIELD.context]).toBe(question);
  });

  it('cuts a 5000-character prefilled context to 3000', () => {
    const view = decideModal({ project: project(), prefill: { context: 'c'.repeat(5000) }, metadata: META });
    const context = view.blocks.find((b) => b.type === 'input' && b.block_id === DECIDE_FIELD.context);
    const value =
      context?.type === 'input' && context.element.type === 'plain_text_input'
        ? context.element.initial_value
        : '';
    expect(value?.length).toBe(3000);
  });
});

describe('decide metadata', () => {
  it.each([
    META,
    { ...META, source: { channel: 'C1', ts: '1.2' } },
    { ...META, source: { channel: 'C1', ts: '1.2', permalink: 'https://x.slack.com/p1' } },
  ])('round-trips %j', (metadata) => {
    expect(parseDecideMetadata(encodeDecideMetadata(metadata))).toEqual(metadata);
  });

  it('drops an over-long permalink to stay within 3000 characters', () => {
    const metadata = {
      ...META,
      source: { channel: 'C1', ts: '1.2', permalink: `https://x/${'p'.repeat(4000)}` },
    };
    const raw = encodeDecideMetadata(metadata);
    expect(raw.length).toBeLessThanOrEqual(3000);
    expect(parseDecideMetadata(raw)).toEqual({ ...META, source: { channel: 'C1', ts: '1.2' } });
    expectValidModal(decideModal({ project: project(), metadata }));
  });

  it.each([
    undefined,
    '',
    'not json',
    '[]',
    'null',
    '{}',
    '{"projectId":"P1"}',
    '{"projectId":1,"channel":"C"}',
    '{"projectId":"P1","channel":"C","source":"x"}',
    '{"projectId":"P1","channel":"C","source":{"channel":"C"}}',
  ])('returns undefined on %j', (raw) => {
    expect(parseDecideMetadata(raw)).toBeUndefined();
  });
});

/** Slack's view.state.values for the form, from the fields a test sets. */
function state(fields: {
  question?: string;
  context?: string;
  options?: string;
  impact?: string | null;
  domain?: string;
  budget?: string;
  neededBy?: string;
  blocks?: string;
  defaultOption?: string;
}): StateValues {
  const text = (id: string, value: string | undefined) => ({
    [id]: { [id]: { type: 'plain_text_input', value: value ?? null } },
  });
  const select = (id: string, value: string | null | undefined) => ({
    [id]: {
      [id]: {
        type: 'static_select',
        selected_option: value == null ? null : { text: { type: 'plain_text', text: value }, value },
      },
    },
  });
  return {
    ...text(DECIDE_FIELD.question, fields.question ?? 'Go live on 1 December?'),
    ...text(DECIDE_FIELD.context, fields.context),
    ...text(DECIDE_FIELD.options, fields.options),
    ...select(DECIDE_FIELD.impact, fields.impact === undefined ? 'normal' : fields.impact),
    ...select(DECIDE_FIELD.domain, fields.domain),
    ...{
      [DECIDE_FIELD.budget]: {
        [DECIDE_FIELD.budget]: { type: 'number_input', value: fields.budget ?? null },
      },
    },
    ...{
      [DECIDE_FIELD.neededBy]: {
        [DECIDE_FIELD.neededBy]: { type: 'datepicker', selected_date: fields.neededBy ?? null },
      },
    },
    ...text(DECIDE_FIELD.blocks, fields.blocks),
    ...text(DECIDE_FIELD.defaultOption, fields.defaultOption),
  };
}

const CTX = { project: project(), today: '2026-11-30', requester: U.requester };

describe('parseDecideSubmission', () => {
  it('builds an approve/reject request from the minimal form', () => {
    expect(parseDecideSubmission(state({}), CTX)).toEqual({
      ok: true,
      request: {
        projectId: 'P1',
        requester: U.requester,
        question: 'Go live on 1 December?',
        context: '',
        options: [
          { id: 'approve', label: 'Approve' },
          { id: 'reject', label: 'Reject' },
        ],
        impact: 'normal',
      },
    });
  });

  it('builds a full request with custom options, the default as an option id, and the source', () => {
    const result = parseDecideSubmission(
      state({
        context: '  Costing workshop  ',
        options: '- Go live\n\n2. Wait a week\n • Cancel ',
        impact: 'high',
        domain: 'inventory',
        budget: '1250.5',
        neededBy: '2026-11-30',
        blocks: '  the go-live of the Surabaya warehouse ',
        defaultOption: 'wait A WEEK',
      }),
      { ...CTX, source: { channel: 'C1', ts: '1.2' } },
    );
    expect(result).toEqual({
      ok: true,
      request: {
        projectId: 'P1',
        requester: U.requester,
        question: 'Go live on 1 December?',
        context: 'Costing workshop',
        options: [
          { id: 'opt1', label: 'Go live' },
          { id: 'opt2', label: 'Wait a week' },
          { id: 'opt3', label: 'Cancel' },
        ],
        impact: 'high',
        domain: 'inventory',
        budgetImpact: 1250.5,
        neededBy: '2026-11-30',
        blocks: 'the go-live of the Surabaya warehouse',
        defaultOptionId: 'opt2',
        source: { channel: 'C1', ts: '1.2' },
      },
    });
  });

  it('keeps the approve/reject ids when they are typed out', () => {
    const result = parseDecideSubmission(
      state({ options: 'reject\nApprove', defaultOption: 'approve' }),
      CTX,
    );
    expect(result.ok && result.request.options.map((o) => o.id)).toEqual(['reject', 'approve']);
    expect(result.ok && result.request.defaultOptionId).toBe('approve');
  });

  it.each<{ name: string; fields: Parameters<typeof state>[0]; field: string; message: RegExp }>([
    {
      name: 'empty question',
      fields: { question: '   ' },
      field: DECIDE_FIELD.question,
      message: /write the question/,
    },
    {
      name: 'question over 150',
      fields: { question: 'q'.repeat(151) },
      field: DECIDE_FIELD.question,
      message: /at most 150/,
    },
    {
      name: 'context over 3000',
      fields: { context: 'c'.repeat(3001) },
      field: DECIDE_FIELD.context,
      message: /at most 3000/,
    },
    {
      name: 'one option',
      fields: { options: 'Only one' },
      field: DECIDE_FIELD.options,
      message: /at least 2/,
    },
    {
      name: 'six options',
      fields: { options: 'a\nb\nc\nd\ne\nf' },
      field: DECIDE_FIELD.options,
      message: /At most 5 options \(you gave 6\)/,
    },
    {
      name: 'duplicate options',
      fields: { options: 'Yes\nno\nYES' },
      field: DECIDE_FIELD.options,
      message: /"YES" appears twice/,
    },
    {
      name: 'option over 75',
      fields: { options: `a\n${'b'.repeat(76)}` },
      field: DECIDE_FIELD.options,
      message: /Option 2 is too long/,
    },
    {
      name: 'default not an option',
      fields: { options: 'A\nB', defaultOption: 'C' },
      field: DECIDE_FIELD.defaultOption,
      message: /A and B/,
    },
    {
      name: 'default not approve/reject',
      fields: { defaultOption: 'Maybe' },
      field: DECIDE_FIELD.defaultOption,
      message: /Approve and Reject/,
    },
    {
      name: 'what it blocks, too long',
      fields: { blocks: 'x'.repeat(201) },
      field: DECIDE_FIELD.blocks,
      message: /at most 200/,
    },
    {
      name: 'needed by yesterday',
      fields: { neededBy: '2026-11-29' },
      field: DECIDE_FIELD.neededBy,
      message: /today or a later date/,
    },
    {
      name: 'needed by a non-date',
      fields: { neededBy: '2026-02-30' },
      field: DECIDE_FIELD.neededBy,
      message: /Pick a date/,
    },
    {
      name: 'negative budget',
      fields: { budget: '-1' },
      field: DECIDE_FIELD.budget,
      message: /zero or more/,
    },
    {
      name: 'non-numeric budget',
      fields: { budget: '12k' },
      field: DECIDE_FIELD.budget,
      message: /zero or more/,
    },
    { name: 'unknown impact', fields: { impact: 'urgent' }, field: DECIDE_FIELD.impact, message: /impact/ },
    { name: 'missing impact', fields: { impact: null }, field: DECIDE_FIELD.impact, message: /impact/ },
    {
      name: 'domain without key users',
      fields: { domain: 'payroll' },
      field: DECIDE_FIELD.domain,
      message: /listed domains/,
    },
  ])('reports $name against its field', ({ fields, field, message }) => {
    const result = parseDecideSubmission(state(fields), CTX);
    expect(result.ok).toBe(false);
    const errors = result.ok ? {} : result.errors;
    expect(Object.keys(errors)).toEqual([field]);
    expect(errors[field]).toMatch(message);
  });

  it('reports several problems at once, each on its own block', () => {
    const result = parseDecideSubmission(state({ question: '', budget: '-3', neededBy: '2020-01-01' }), CTX);
    expect(result.ok ? [] : Object.keys(result.errors).sort()).toEqual(
      [DECIDE_FIELD.question, DECIDE_FIELD.budget, DECIDE_FIELD.neededBy].sort(),
    );
  });

  it('accepts a zero budget and today as needed-by', () => {
    const result = parseDecideSubmission(state({ budget: '0', neededBy: CTX.today }), CTX);
    expect(result.ok && [result.request.budgetImpact, result.request.neededBy]).toEqual([0, CTX.today]);
  });

  it('treats a missing block as an empty field', () => {
    const result = parseDecideSubmission({}, CTX);
    expect(result.ok ? {} : result.errors).toHaveProperty(DECIDE_FIELD.question);
  });
});
