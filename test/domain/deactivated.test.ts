import { describe, expect, it } from 'vitest';
import { peopleOf, withoutDeactivated } from '../../src/domain/deactivated.js';
import { routeNewRequest } from '../../src/domain/routing.js';
import { HOUR } from '../../src/domain/time.js';
import { escalate, openDecision, sendUp } from '../../src/domain/transitions/index.js';
import { at, COMMITTEE, ok, opened, project, request, SPONSORS, T0, U } from './fixtures.js';

const P = project();
const gone = (...users: string[]) => withoutDeactivated(P, new Set(users));
// A `normal` request has 8 h at the SPoC, 24 h at the sponsors (see transitions.test.ts).
const SPOC_DUE = T0 + 8 * HOUR;
const SPONSOR_DUE = SPOC_DUE + 24 * HOUR;

describe('the project without its deactivated people', () => {
  it('is the project itself when none of its people is deactivated', () => {
    expect(withoutDeactivated(P, new Set()).project).toBe(P);
    expect(gone(U.outsider).project).toBe(P);
  });

  it('leaves them out of the sponsors, the committee and the key users', () => {
    const { project: p, quorumClamped } = gone(U.sponsor2, U.c1, U.accounting1);
    expect(p.sponsors).toEqual([U.sponsor1]);
    expect(p.steeringCommittee).toEqual({ members: [U.c2, U.c3, U.c4], quorum: 3 });
    expect(p.keyUsers).toEqual({ inventory: [U.inventory], accounting: [U.accounting2], payroll: [] });
    expect(quorumClamped).toBeUndefined();
    expect(p.spoc).toBe(U.spoc);
    expect(p.deputy).toBe(U.deputy);
  });

  it('keeps the quorum as configured but never above the members left, and says so', () => {
    expect(gone(U.c1, U.c2).project.steeringCommittee).toEqual({ members: [U.c3, U.c4], quorum: 2 });
    expect(gone(U.c1, U.c2).quorumClamped).toEqual({ from: 3, to: 2 });
    expect(gone(...COMMITTEE).project.steeringCommittee.members).toEqual([]);
  });

  it('a deactivated SPoC: the deputy takes the SPoC’s place; a deactivated deputy is no deputy', () => {
    const spocGone = gone(U.spoc).project;
    expect(spocGone.spoc).toBe(U.deputy);
    expect(spocGone.deputy).toBeUndefined();
    expect(gone(U.deputy).project.deputy).toBeUndefined();
    expect(gone(U.deputy).project.spoc).toBe(U.spoc);
    // Neither left: the SPoC still holds new requests (someone must), the SLA escalates them.
    expect(gone(U.spoc, U.deputy).project.spoc).toBe(U.spoc);
  });

  it('peopleOf lists everyone once', () => {
    expect(
      peopleOf(project({ sponsors: [U.c1], steeringCommittee: { members: [U.c1], quorum: 1 } })),
    ).toEqual([U.spoc, U.deputy, U.c1, U.inventory, U.accounting1, U.accounting2]);
  });
});

describe('a level whose people are all deactivated is skipped', () => {
  const noSponsor = gone(...SPONSORS).project;

  it('escalation from the SPoC goes straight to the committee', () => {
    const d = ok(
      escalate(opened({ project: noSponsor }), noSponsor, { level: 'spoc', spocAway: false }, at(SPOC_DUE)),
    );
    expect(d.level).toBe('committee');
    expect(d.deciders).toEqual([...COMMITTEE]);
  });

  it('a request above the SPoC’s authority goes to the committee', () => {
    expect(routeNewRequest(noSponsor, { budgetImpact: 50_000 }, false)).toEqual({
      level: 'committee',
      deciders: [...COMMITTEE],
      reason: 'over_authority',
    });
    const d = ok(openDecision(request({ budgetImpact: 50_000 }), 'D1', noSponsor, false, at(T0)));
    expect(d.level).toBe('committee');
    expect(d.ladder.steps.map((s) => s.level)).toEqual(['committee']);
  });

  it('“above my authority” from the SPoC goes to the committee', () => {
    const d = ok(
      sendUp(
        opened({ project: noSponsor }),
        noSponsor,
        { actor: U.spoc, target: 'above_authority', reason: 'budget' },
        at(T0 + HOUR),
      ),
    );
    expect(d.level).toBe('committee');
  });

  it('nobody left above: the top level’s rule applies (overdue without a default)', () => {
    const nobody = gone(...SPONSORS, ...COMMITTEE).project;
    const d = ok(
      escalate(opened({ project: nobody }), nobody, { level: 'spoc', spocAway: false }, at(SPOC_DUE)),
    );
    expect(d.level).toBe('spoc');
    expect(d.overdue).toBe(true);
  });

  it('a level with people is not skipped', () => {
    const d = ok(escalate(opened(), P, { level: 'spoc', spocAway: false }, at(SPOC_DUE)));
    expect(d.level).toBe('sponsor');
    const noCommittee = gone(...COMMITTEE).project;
    const atSponsor = ok(
      escalate(
        opened({ project: noCommittee }),
        noCommittee,
        { level: 'spoc', spocAway: false },
        at(SPOC_DUE),
      ),
    );
    expect(
      ok(escalate(atSponsor, noCommittee, { level: 'sponsor', spocAway: false }, at(SPONSOR_DUE))).overdue,
    ).toBe(true);
  });
});

describe('entering the committee with fewer members than its quorum', () => {
  it('an escalation lowers the quorum the decision opened with to the members it reaches', () => {
    const atSponsor = ok(escalate(opened(), P, { level: 'spoc', spocAway: false }, at(SPOC_DUE)));
    const fewer = gone(U.c1, U.c2).project;
    const up = ok(escalate(atSponsor, fewer, { level: 'sponsor', spocAway: false }, at(SPONSOR_DUE)));
    expect(up.deciders).toEqual([U.c3, U.c4]);
    expect(up.ladder.quorum).toBe(2);
    expect(up.ladder.steps).toEqual(atSponsor.ladder.steps);
    // All of them: the quorum as it opened.
    expect(
      ok(escalate(atSponsor, P, { level: 'sponsor', spocAway: false }, at(SPONSOR_DUE))).ladder.quorum,
    ).toBe(3);
  });

  it('sent up to the committee: the same', () => {
    const fewer = gone(U.c1, U.c2, U.c3).project;
    const up = ok(
      sendUp(opened(), fewer, { actor: U.spoc, target: 'needs_committee', reason: 'policy' }, at(T0 + HOUR)),
    );
    expect(up).toMatchObject({ level: 'committee', deciders: [U.c4] });
    expect(up.ladder.quorum).toBe(1);
  });
});
