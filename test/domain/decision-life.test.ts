import { describe, expect, it } from 'vitest';
import { contentStamp } from '../../src/domain/content-stamp.js';
import type { Decision } from '../../src/domain/decision.js';
import type { DecisionEvent } from '../../src/domain/events.js';
import { decisionFigures } from '../../src/domain/insight/index.js';
import { pendingTimers } from '../../src/domain/ladder.js';
import { HOUR } from '../../src/domain/time.js';
import {
  consultKeyUsers,
  decide,
  delegate,
  editRequest,
  escalate,
  handBackToSpoc,
  handOverToDeputy,
  type RequestEdit,
  requestInfo,
  sendUp,
  vote,
  withdraw,
} from '../../src/domain/transitions/index.js';
import {
  accepted,
  at,
  COMMITTEE,
  ok,
  opened,
  project,
  refused,
  Scenario,
  SPONSORS,
  T0,
  U,
  wallClock,
} from './fixtures.js';

/**
 * The rest of a decision's life: a note with the answer, a decider sending it up at once, the requester
 * editing it, and the SPoC's return taking back what the deputy held only because of the absence.
 */
const P = project();
const SPOC_DUE = T0 + 8 * HOUR;
const SPONSOR_DUE = SPOC_DUE + 24 * HOUR;
const now = at(T0 + HOUR);

const atSponsor = (d: Decision = opened()) =>
  ok(escalate(d, P, { level: 'spoc', spocAway: false }, at(SPOC_DUE)));
const atCommittee = (d: Decision = opened()) =>
  ok(escalate(atSponsor(d), P, { level: 'sponsor', spocAway: false }, at(SPONSOR_DUE)));

const editOf = (d: Decision, changes: Partial<RequestEdit> = {}): RequestEdit => ({
  question: d.question,
  context: d.context,
  options: d.options,
  budgetImpact: d.budgetImpact,
  neededBy: d.neededBy,
  defaultOptionId: d.defaultOptionId,
  ...changes,
});

describe('deciding with a note', () => {
  it('keeps the decider’s note, trimmed, as the outcome’s rationale and in the event', () => {
    const { decision, events } = accepted(
      decide(opened(), { actor: U.spoc, optionId: 'approve', rationale: '  Cheaper to run.  ' }, now),
    );
    expect(decision.outcome).toMatchObject({ optionId: 'approve', rationale: 'Cheaper to run.' });
    expect(events[0]).toMatchObject({ type: 'decided', data: { rationale: 'Cheaper to run.' } });
  });

  it('an empty note is no rationale', () => {
    const d = ok(decide(opened(), { actor: U.spoc, optionId: 'approve', rationale: '   ' }, now));
    expect(d.outcome?.rationale).toBeUndefined();
  });

  it('a committee vote keeps its note on the vote and in the event; a new note on the same vote replaces it', () => {
    const committee = atCommittee();
    const voted = accepted(
      vote(committee, { actor: U.c1, optionId: 'approve', note: 'Within budget.' }, now),
    );
    expect(voted.decision.votes).toEqual([
      { member: U.c1, optionId: 'approve', at: T0 + HOUR, note: 'Within budget.' },
    ]);
    expect(voted.events[0]).toMatchObject({
      type: 'voted',
      data: { optionId: 'approve', previous: null, note: 'Within budget.' },
    });
    // The same vote with the same note, or with none, changes nothing.
    for (const note of ['Within budget.', undefined]) {
      expect(accepted(vote(voted.decision, { actor: U.c1, optionId: 'approve', note }, now)).events).toEqual(
        [],
      );
    }
    const renoted = accepted(
      vote(voted.decision, { actor: U.c1, optionId: 'approve', note: 'And on time.' }, now),
    );
    expect(renoted.decision.votes).toEqual([
      { member: U.c1, optionId: 'approve', at: T0 + HOUR, note: 'And on time.' },
    ]);
    expect(renoted.events[0]).toMatchObject({ data: { previous: 'approve', note: 'And on time.' } });
  });

  it('the notes stay with the votes that close the decision', () => {
    const s = new Scenario({ ok: true, decision: atCommittee(), events: [] });
    s.step((d) => vote(d, { actor: COMMITTEE[0], optionId: 'approve', note: 'Yes.' }, now));
    s.step((d) => vote(d, { actor: COMMITTEE[1], optionId: 'approve' }, now));
    const closed = s.step((d) => vote(d, { actor: COMMITTEE[2], optionId: 'approve', note: 'Fine.' }, now));
    expect(closed.status).toBe('decided');
    expect(closed.votes.map((v) => v.note)).toEqual(['Yes.', undefined, 'Fine.']);
  });
});

describe('an answer given on a version the requester edited since', () => {
  const d = opened();
  const stamp = contentStamp(d);
  const edited = ok(
    editRequest(d, P, { actor: U.requester, edit: editOf(d, { question: 'FIFO for all?' }) }, now),
  );

  it('is refused, for a decision and for a vote', () => {
    expect(refused(decide(edited, { actor: U.spoc, optionId: 'approve', seen: stamp }, now))).toEqual({
      code: 'edited_since',
    });
    const committee = atCommittee(edited);
    const oldCommitteeStamp = contentStamp(d);
    expect(
      refused(vote(committee, { actor: U.c1, optionId: 'approve', seen: oldCommitteeStamp }, now)),
    ).toEqual({
      code: 'edited_since',
    });
  });

  it('is accepted with the stamp of the current version, or without one', () => {
    expect(
      ok(decide(edited, { actor: U.spoc, optionId: 'approve', seen: contentStamp(edited) }, now)).status,
    ).toBe('decided');
    expect(ok(decide(edited, { actor: U.spoc, optionId: 'approve' }, now)).status).toBe('decided');
  });

  it('the stamp changes with every field a decider reads, and only with those', () => {
    const base = contentStamp(d);
    for (const change of [
      { question: 'Other?' },
      { context: 'More' },
      { options: [...d.options, { id: 'opt3', label: 'Later' }] },
      { budgetImpact: 5 },
      { neededBy: '2026-11-20' },
      { defaultOptionId: 'reject' },
    ]) {
      expect(contentStamp({ ...d, ...change })).not.toBe(base);
    }
    expect(contentStamp({ ...d, impact: 'high', blocks: 'go-live' })).toBe(base);
  });
});

describe('sendUp (escalate now)', () => {
  it('the SPoC sends it to the sponsors at once with a reason; their full time starts now', () => {
    const { decision, events } = accepted(
      sendUp(opened(), P, { actor: U.spoc, target: 'above_authority', reason: ' Touches payroll. ' }, now),
    );
    expect(decision).toMatchObject({
      level: 'sponsor',
      deciders: SPONSORS,
      levelEnteredAt: T0 + HOUR,
      levelUsedMs: 0,
      clockStartedAt: T0 + HOUR,
      remindersSent: 0,
      dueAt: T0 + HOUR + 24 * HOUR,
    });
    expect(events).toEqual([
      {
        type: 'escalated',
        at: T0 + HOUR,
        actor: U.spoc,
        level: 'sponsor',
        data: { from: 'spoc', deciders: SPONSORS, because: 'above_authority', reason: 'Touches payroll.' },
      },
    ]);
    expect(pendingTimers(decision, wallClock).map((t) => t.level)).toEqual(['sponsor', 'sponsor', 'sponsor']);
  });

  it('"needs the committee" skips the sponsors', () => {
    const d = ok(sendUp(opened(), P, { actor: U.spoc, target: 'needs_committee', reason: 'Strategy.' }, now));
    expect(d).toMatchObject({ level: 'committee', deciders: COMMITTEE, votes: [] });
  });

  it('the sponsor sends it to the committee, either way', () => {
    for (const target of ['above_authority', 'needs_committee'] as const) {
      const d = ok(sendUp(atSponsor(), P, { actor: U.sponsor1, target, reason: 'Board matter.' }, now));
      expect(d.level).toBe('committee');
    }
  });

  it('the deputy standing in and a delegate may send it up too', () => {
    expect(
      ok(
        sendUp(
          opened({ spocAway: true }),
          P,
          { actor: U.deputy, target: 'above_authority', reason: 'r' },
          now,
        ),
      ).level,
    ).toBe('sponsor');
    const delegated = ok(delegate(opened(), P, { actor: U.spoc, to: U.inventory, note: '' }, now));
    expect(
      ok(sendUp(delegated, P, { actor: U.inventory, target: 'above_authority', reason: 'r' }, now)).level,
    ).toBe('sponsor');
  });

  it('a paused decision stays paused at the next level: its clock starts when the requester answers', () => {
    const paused = ok(requestInfo(opened(), { actor: U.spoc, question: 'Cost?' }, now));
    const d = ok(
      sendUp(paused, P, { actor: U.spoc, target: 'above_authority', reason: 'r' }, at(T0 + 2 * HOUR)),
    );
    expect(d).toMatchObject({ level: 'sponsor', status: 'needs_info', clockStartedAt: null, dueAt: null });
    expect(pendingTimers(d, wallClock)).toEqual([]);
  });

  it.each<[string, () => Decision, string, Parameters<typeof sendUp>[2]['target'], string]>([
    ['someone who does not hold it', () => opened(), U.sponsor1, 'above_authority', 'not_your_decision'],
    [
      'a committee member: nothing is above the committee',
      () => atCommittee(),
      U.c1,
      'needs_committee',
      'invalid_transition',
    ],
    [
      'a closed decision',
      () => ok(withdraw(opened(), { actor: U.requester }, now)),
      U.spoc,
      'above_authority',
      'already_decided',
    ],
  ])('is refused for %s', (_name, build, actor, target, code) => {
    expect(refused(sendUp(build(), P, { actor, target, reason: 'r' }, now)).code).toBe(code);
  });

  it('needs a reason', () => {
    expect(
      refused(sendUp(opened(), P, { actor: U.spoc, target: 'above_authority', reason: '  ' }, now)),
    ).toEqual({
      code: 'invalid_request',
      field: 'reason',
      problem: 'empty',
    });
  });

  it('counts in the authority insight as a decision the SPoC could not take alone', () => {
    const first = accepted(
      // The log as storage keeps it: the opened event, then the send-up and the sponsor's answer.
      sendUp(opened(), P, { actor: U.spoc, target: 'above_authority', reason: 'r' }, now),
    );
    const decided = accepted(
      decide(first.decision, { actor: U.sponsor1, optionId: 'approve' }, at(T0 + 2 * HOUR)),
    );
    const log: DecisionEvent[] = [openedEvent(), ...first.events, ...decided.events];
    const figures = decisionFigures(decided.decision, log, wallClock, T0 + 3 * HOUR, P);
    expect(figures.spocAlone).toBe(false);
    expect(figures.aboveSpocBecause).toBe('sent_up');
  });
});

function openedEvent(): DecisionEvent {
  return {
    type: 'opened',
    at: T0,
    actor: U.requester,
    level: 'spoc',
    data: { deciders: [U.spoc], routedBecause: 'spoc' },
  };
}

describe('editRequest', () => {
  it('records what changed, before and after, and keeps the clock', () => {
    const d = opened({ request: { budgetImpact: 2000, defaultOptionId: 'reject' } });
    const { decision, events } = accepted(
      editRequest(
        d,
        P,
        {
          actor: U.requester,
          edit: editOf(d, {
            question: 'FIFO for raw materials only?',
            options: [...d.options, { id: 'later', label: 'Later' }],
            budgetImpact: 3000,
            neededBy: '2026-11-20',
            defaultOptionId: undefined,
          }),
        },
        now,
      ),
    );
    expect(decision).toMatchObject({
      question: 'FIFO for raw materials only?',
      budgetImpact: 3000,
      neededBy: '2026-11-20',
      defaultOptionId: undefined,
      level: 'spoc',
      deciders: [U.spoc],
      dueAt: SPOC_DUE,
    });
    expect(events).toEqual([
      {
        type: 'edited',
        at: T0 + HOUR,
        actor: U.requester,
        level: 'spoc',
        data: {
          changes: [
            {
              field: 'question',
              before: 'Value raw materials with FIFO?',
              after: 'FIFO for raw materials only?',
            },
            { field: 'options', before: ['Approve', 'Reject'], after: ['Approve', 'Reject', 'Later'] },
            { field: 'budgetImpact', before: 2000, after: 3000 },
            { field: 'neededBy', before: null, after: '2026-11-20' },
            { field: 'defaultOption', before: 'Reject', after: null },
          ],
        },
      },
    ]);
  });

  it('an edit that changes nothing records nothing', () => {
    const d = opened();
    expect(accepted(editRequest(d, P, { actor: U.requester, edit: editOf(d) }, now)).events).toEqual([]);
  });

  it('a budget raised above the SPoC’s authority moves it from the SPoC to the sponsors, whose time starts now', () => {
    const d = opened({ request: { budgetImpact: 2000 } });
    const { decision, events } = accepted(
      editRequest(d, P, { actor: U.requester, edit: editOf(d, { budgetImpact: 25_000 }) }, now),
    );
    expect(decision).toMatchObject({
      level: 'sponsor',
      deciders: SPONSORS,
      levelEnteredAt: T0 + HOUR,
      remindersSent: 0,
    });
    expect(events.map((e) => e.type)).toEqual(['edited', 'escalated']);
    expect(events[1]).toMatchObject({
      actor: U.requester,
      level: 'sponsor',
      data: { from: 'spoc', deciders: SPONSORS, because: 'over_authority' },
    });
  });

  it('the deputy’s request moves too; a request already with the sponsors stays where it is', () => {
    const away = opened({ spocAway: true });
    expect(
      ok(editRequest(away, P, { actor: U.requester, edit: editOf(away, { budgetImpact: 25_000 }) }, now))
        .level,
    ).toBe('sponsor');
    const sponsor = atSponsor();
    const edited = accepted(
      editRequest(sponsor, P, { actor: U.requester, edit: editOf(sponsor, { budgetImpact: 25_000 }) }, now),
    );
    expect(edited.decision.level).toBe('sponsor');
    expect(edited.events.map((e) => e.type)).toEqual(['edited']);
  });

  it('a new needed-by date clears the late mark (the timer marks it again when the new date comes)', () => {
    const late: Decision = { ...opened({ request: { neededBy: '2026-11-02' } }), late: true };
    expect(
      ok(editRequest(late, P, { actor: U.requester, edit: editOf(late, { neededBy: '2026-11-09' }) }, now))
        .late,
    ).toBe(false);
    expect(
      ok(editRequest(late, P, { actor: U.requester, edit: editOf(late, { question: 'Q?' }) }, now)).late,
    ).toBe(true);
  });

  it.each<[string, () => Decision, string, Partial<RequestEdit>, string]>([
    ['someone other than the requester', () => opened(), U.spoc, { question: 'Q?' }, 'not_requester'],
    [
      'a closed request',
      () => ok(decide(opened(), { actor: U.spoc, optionId: 'approve' }, now)),
      U.requester,
      { question: 'Q?' },
      'already_decided',
    ],
    [
      'one option only',
      () => opened(),
      U.requester,
      { options: [{ id: 'opt1', label: 'Only' }] },
      'invalid_request',
    ],
    [
      'a default that is not an option',
      () => opened(),
      U.requester,
      { defaultOptionId: 'maybe' },
      'unknown_option',
    ],
    ['an empty question', () => opened(), U.requester, { question: ' ' }, 'invalid_request'],
  ])('is refused for %s', (_name, build, actor, changes, code) => {
    const d = build();
    expect(refused(editRequest(d, P, { actor, edit: editOf(d, changes) }, now)).code).toBe(code);
  });

  it('is refused once a committee member has voted', () => {
    const voted = ok(vote(atCommittee(), { actor: U.c1, optionId: 'approve' }, now));
    expect(
      refused(editRequest(voted, P, { actor: U.requester, edit: editOf(voted, { question: 'Q?' }) }, now)),
    ).toEqual({
      code: 'votes_cast',
    });
    // Before any vote, a request with the committee can still be edited.
    const committee = atCommittee();
    expect(
      ok(editRequest(committee, P, { actor: U.requester, edit: editOf(committee, { question: 'Q?' }) }, now))
        .question,
    ).toBe('Q?');
  });
});

describe('handBackToSpoc', () => {
  const log = (s: Scenario) => s.log;
  const routedToDeputy = () =>
    new Scenario({ ok: true, decision: opened({ spocAway: true }), events: [awayOpened()] });
  const handedOver = () => {
    const s = new Scenario({ ok: true, decision: opened(), events: [openedEvent()] });
    s.step((d) => handOverToDeputy(d, P, now));
    return s;
  };

  it.each([
    ['routed to the deputy because the SPoC was away', routedToDeputy],
    ['handed over when the SPoC went away', handedOver],
  ])('returns a request %s that the deputy has not acted on', (_name, build) => {
    const s = build();
    const { decision, events } = accepted(handBackToSpoc(s.decision, P, log(s), at(T0 + 2 * HOUR)));
    expect(decision.deciders).toEqual([U.spoc]);
    expect(events).toEqual([
      {
        type: 'handed_over',
        at: T0 + 2 * HOUR,
        actor: U.spoc,
        level: 'spoc',
        data: { from: [U.deputy], deciders: [U.spoc], because: 'spoc_back' },
      },
    ]);
  });

  it.each<[string, (s: Scenario) => void]>([
    [
      'asked the requester for information',
      (s) => s.step((d) => requestInfo(d, { actor: U.deputy, question: 'q' }, now)),
    ],
    [
      'consulted the key users',
      (s) =>
        s.step((d) => consultKeyUsers(d, P, { actor: U.deputy, domain: 'inventory', question: 'q' }, now)),
    ],
    [
      'delegated it',
      (s) => s.step((d) => delegate(d, P, { actor: U.deputy, to: U.inventory, note: '' }, now)),
    ],
    [
      'sent it up',
      (s) => s.step((d) => sendUp(d, P, { actor: U.deputy, target: 'above_authority', reason: 'r' }, now)),
    ],
  ])('leaves it with the deputy once the deputy %s', (_name, act) => {
    const s = routedToDeputy();
    act(s);
    expect(refused(handBackToSpoc(s.decision, P, log(s), at(T0 + 2 * HOUR)))).toMatchObject({
      code: 'invalid_transition',
      attempted: 'hand_back',
    });
  });

  it('leaves a request the SPoC delegated to the deputy, and one the SPoC holds', () => {
    const delegated = new Scenario({ ok: true, decision: opened(), events: [openedEvent()] });
    delegated.step((d) => delegate(d, P, { actor: U.spoc, to: U.deputy, note: 'yours' }, now));
    expect(refused(handBackToSpoc(delegated.decision, P, log(delegated), now)).code).toBe(
      'invalid_transition',
    );
    expect(refused(handBackToSpoc(opened(), P, [openedEvent()], now)).code).toBe('invalid_transition');
  });

  it('is refused once the deputy has decided (the race with /decide back)', () => {
    const s = routedToDeputy();
    s.step((d) => decide(d, { actor: U.deputy, optionId: 'approve' }, now));
    expect(refused(handBackToSpoc(s.decision, P, log(s), now)).code).toBe('already_decided');
  });
});

function awayOpened(): DecisionEvent {
  return {
    type: 'opened',
    at: T0,
    actor: U.requester,
    level: 'spoc',
    data: { deciders: [U.deputy], routedBecause: 'spoc_away' },
  };
}
