import type { Decision } from '../../../src/domain/decision.js';
import { buildDigest } from '../../../src/domain/digest.js';
import {
  decide as decideTransition,
  passOverDeactivated,
  withdraw,
} from '../../../src/domain/transitions/index.js';
import {
  answerSignOff,
  openSignOff,
  signOffDecisionRequest,
} from '../../../src/domain/transitions/signoff.js';
import { decisionMessage } from '../../../src/slack/blocks/decision-message.js';
import { chartMessage, digestMessage } from '../../../src/slack/blocks/digest.js';
import {
  awayInvalidMessage,
  awayMessage,
  backMessage,
  deactivatedActorMessage,
  decideFormExpiredMessage,
  decisionNotFoundMessage,
  digestCommandMessage,
  exportMessage,
  fileMessage,
  helpMessage,
  languageMessage,
  listMessage,
  notAProjectMessage,
  notSpocMessage,
  otherWorkspaceMessage,
  refusalMessage,
} from '../../../src/slack/blocks/ephemeral.js';
import type { DeactivationEvent } from '../../../src/slack/blocks/facts.js';
import type { Home, Message, Modal } from '../../../src/slack/blocks/kit.js';
import { rosterMessage } from '../../../src/slack/blocks/roster.js';
import {
  signOffMessage,
  signOffReminderMessage,
  signOffReturnedMessage,
  signOffThreadMessage,
} from '../../../src/slack/blocks/signoff-message.js';
import {
  consultationPostedMessage,
  consultationRequestMessage,
  deactivationMessage,
  defaultAppliedMessage,
  delegationMessage,
  deliveryFailedMessage,
  editedMessage,
  escalationNoticeMessage,
  handoverMessage,
  infoAnswerMessage,
  infoRequestMessage,
  lateNoticeMessage,
  opinionMessage,
  outcomeLineMessage,
  overdueMessage,
  reminderMessage,
  requesterReceiptMessage,
  sentUpToRequesterMessage,
  spocBackMessage,
  voteMessage,
} from '../../../src/slack/blocks/thread.js';
import { answerInfoModal } from '../../../src/slack/views/answer-info-modal.js';
import { appHome } from '../../../src/slack/views/app-home.js';
import { consultModal } from '../../../src/slack/views/consult-modal.js';
import { decideModal } from '../../../src/slack/views/decide-modal.js';
import { decideNoteModal } from '../../../src/slack/views/decide-note-modal.js';
import { delegateModal } from '../../../src/slack/views/delegate-modal.js';
import { editModal } from '../../../src/slack/views/edit-modal.js';
import { needInfoModal } from '../../../src/slack/views/need-info-modal.js';
import { opinionModal } from '../../../src/slack/views/opinion-modal.js';
import { sendUpModal } from '../../../src/slack/views/send-up-modal.js';
import { signOffModal } from '../../../src/slack/views/signoff-modal.js';
import { newRoundModal, rejectModal } from '../../../src/slack/views/signoff-round-modals.js';
import { withdrawModal } from '../../../src/slack/views/withdraw-modal.js';
import { at, wallClock } from '../../domain/fixtures.js';
import { decidedBySpoc, escalateAt, figured, h, openedAt } from '../../domain/insight/scenarios.js';
import { ctx, later, project, Story, T0, U, ZONE } from '../helpers/decisions.js';

/** What people type, long enough to test the limits: a rendering leaves these as they are in any language. */
export const TYPED = {
  question:
    'Value raw materials with FIFO in every warehouse of the group from the first of January onwards?',
  context: 'The auditors asked twice; the Surabaya warehouse cannot close its books until this is settled.',
  note: 'We checked the stock counts with the warehouse leads.',
  title: 'Stock transfer report, version 2 with the new columns',
} as const;

export type Rendering =
  | { readonly name: string; readonly kind: 'message'; readonly render: () => Message | undefined }
  | { readonly name: string; readonly kind: 'modal'; readonly render: () => Modal }
  | { readonly name: string; readonly kind: 'home'; readonly render: () => Home };

const story = () => new Story({ request: { question: TYPED.question, context: TYPED.context } });
const P = project({ costOfDelay: { perDay: 2_500_000, currency: 'IDR' } });

function signOff(): { decision: Decision; events: import('../../../src/domain/events.js').DecisionEvent[] } {
  const request = signOffDecisionRequest(
    {
      projectId: 'P1',
      requester: U.requester,
      title: TYPED.title,
      link: 'https://docs.example/report',
      notes: TYPED.context,
      domain: 'inventory',
      rule: { kind: 'all' },
      impact: 'normal',
    },
    T0,
  );
  const opened = openSignOff(request, 'S1', project(), ctx(T0));
  if (!opened.ok) throw new Error('sign-off refused');
  return { decision: opened.decision, events: [...opened.events] };
}

function returnedSignOff() {
  const s = signOff();
  const t = answerSignOff(
    s.decision,
    { actor: U.inventory, optionId: 'reject', note: 'The totals are off by one day.' },
    ctx(later(30)),
  );
  if (!t.ok) throw new Error('reject refused');
  return { decision: t.decision, events: [...s.events, ...t.events] };
}

function digest() {
  const quick = decidedBySpoc('quick', 0, 2);
  const late = openedAt('late', 1, { question: 'Buy <scanners> & printers?' }, P);
  escalateAt(late, 9);
  late.step((d) => decideTransition(d, { actor: U.sponsor, optionId: 'reject' }, at(h(21))));
  const gone = openedAt('gone', 3, {}, P);
  gone.step((d) => withdraw(d, { actor: U.requester }, at(h(4))));
  const open1 = openedAt('open1', 10, { question: 'Go live on 1 March?', blocks: 'the go-live' }, P);
  const decisions = [quick, late, gone, open1].map((s) => figured(s, 100, wallClock, P));
  return buildDigest({ project: P, decisions, to: h(100), now: h(100), clock: wallClock });
}

const base = { project: project(), now: later(120), timeZone: ZONE };
const latency = { wallMs: 75 * 60_000, businessMs: 75 * 60_000 };

/** Every builder of a Slack surface, with representative inputs (each state that words itself differently). */
export function renderings(): Rendering[] {
  const m = (name: string, render: () => Message | undefined): Rendering => ({
    name,
    kind: 'message',
    render,
  });
  const v = (name: string, render: () => Modal): Rendering => ({ name, kind: 'modal', render });
  return [
    // The decision message, per viewer and state.
    m('request to the SPoC', () =>
      decisionMessage(story().decision, { ...base, viewer: 'decider', viewerId: U.spoc }),
    ),
    m('thread head', () => decisionMessage(story().decision, { ...base, viewer: 'channel' })),
    m('requester copy', () =>
      decisionMessage(story().decision, { ...base, viewer: 'requester', viewerId: U.requester }),
    ),
    m('paused, with its history', () => {
      const s = story().askInfo(U.spoc, 'Which warehouse?', later(10));
      return decisionMessage(s.decision, { ...base, viewer: 'decider', viewerId: U.spoc, history: s.log });
    }),
    m('at the committee, voting', () => {
      const s = story().escalate().escalate().vote(U.c1, 'approve', later(2000));
      return decisionMessage(s.decision, {
        ...base,
        now: later(2100),
        viewer: 'decider',
        viewerId: U.c1,
        history: s.log,
      });
    }),
    m('decided, with a rationale', () => {
      const s = story().decide(U.spoc, 'approve', later(75), TYPED.note);
      return decisionMessage(s.decision, { ...base, viewer: 'channel', latency });
    }),
    m('withdrawn', () =>
      decisionMessage(story().withdraw(later(5)).decision, { ...base, viewer: 'channel' }),
    ),
    // Thread replies and DMs.
    m('vote', () =>
      voteMessage(story().escalate().escalate().vote(U.c1, 'approve', later(2000)).decision, {
        member: U.c1,
        optionId: 'approve',
        previous: null,
      }),
    ),
    m('info request', () => infoRequestMessage(story().decision, { asker: U.spoc, question: 'Which one?' })),
    m('info answer', () => infoAnswerMessage(story().decision, { by: U.requester, answer: 'The main one' })),
    m('delegation', () =>
      delegationMessage(story().decision, { from: U.spoc, to: U.inventory, note: 'You know' }),
    ),
    m('consultation request', () =>
      consultationRequestMessage(story().decision, {
        by: U.spoc,
        domain: 'inventory',
        question: 'Workable?',
      }),
    ),
    m('consultation posted', () =>
      consultationPostedMessage(story().decision, {
        by: U.spoc,
        domain: 'inventory',
        keyUsers: [U.inventory],
      }),
    ),
    m('opinion', () =>
      opinionMessage(story().decision, { by: U.inventory, domain: 'inventory', text: 'Yes' }),
    ),
    m('outcome line', () =>
      outcomeLineMessage(story().decide(U.spoc, 'reject', later(75)).decision, { timeZone: ZONE, latency }),
    ),
    m('reminder', () => reminderMessage(story().decision, { now: later(120) })),
    m('escalation notice', () => escalationNoticeMessage(story().escalate().decision, { from: 'spoc' })),
    m('hand-over', () =>
      handoverMessage(story().decision, { from: [U.spoc], to: [U.deputy], because: 'spoc_away' }),
    ),
    m('deactivated: to the deputy', () => {
      const s = story().passOver([U.spoc], later(30));
      return deactivationMessage(s.decision, s.lastEvent() as DeactivationEvent, s.project);
    }),
    m('deactivated: up to the sponsor', () => {
      const s = new Story({
        request: { question: TYPED.question },
        project: project({ deputy: undefined }),
      }).passOver([U.spoc], later(30));
      return deactivationMessage(s.decision, s.lastEvent() as DeactivationEvent, s.project);
    }),
    m('deactivated: the committee goes on, quorum lowered, a vote counted', () => {
      const s = story()
        .escalate()
        .escalate()
        .vote(U.c1, 'approve', later(2000))
        .passOver([U.c1, U.c2], later(2001));
      return deactivationMessage(s.decision, s.log.at(-2) as DeactivationEvent, s.project);
    }),
    m('deactivated: the sign-off’s key users go on, an approval counted', () => {
      const twoKeyUsers = project({ keyUsers: { inventory: [U.inventory, U.accounting] } });
      const request = signOffDecisionRequest(
        {
          projectId: 'P1',
          requester: U.requester,
          title: TYPED.title,
          domain: 'inventory',
          rule: { kind: 'at_least', count: 2 },
          impact: 'normal',
        },
        T0,
      );
      const opened = openSignOff(request, 'S2', twoKeyUsers, ctx(T0));
      if (!opened.ok) throw new Error('sign-off refused');
      const approved = answerSignOff(
        opened.decision,
        { actor: U.inventory, optionId: 'approve' },
        ctx(later(5)),
      );
      if (!approved.ok) throw new Error('approval refused');
      const deactivated = new Set<string>([U.inventory]);
      const t = passOverDeactivated(
        approved.decision,
        twoKeyUsers,
        { deactivated, spocAway: false },
        ctx(later(10)),
      );
      const event = t.ok ? t.events[0] : undefined;
      if (!t.ok || event === undefined) throw new Error('pass over refused');
      return deactivationMessage(t.decision, event as DeactivationEvent, twoKeyUsers);
    }),
    m('deactivated: the former holder’s copy', () => {
      const s = story().passOver([U.spoc], later(30));
      return decisionMessage(s.decision, { ...base, viewer: 'decider', viewerId: U.spoc, history: s.log });
    }),
    m('default applied', () =>
      defaultAppliedMessage(
        new Story({ request: { defaultOptionId: 'reject' } }).escalate().escalate().escalate().decision,
      ),
    ),
    m('overdue', () => overdueMessage(story().escalate().escalate().escalate().decision)),
    m('late', () => lateNoticeMessage({ ...story().decision, neededBy: '2026-12-04' })),
    m('delivery failed', () =>
      deliveryFailedMessage({ recipient: U.sponsor, error: 'user_not_found', decision: story().decision }),
    ),
    m('receipt', () =>
      requesterReceiptMessage(story().decision, {
        project: project(),
        timeZone: ZONE,
        routedBecause: 'spoc',
      }),
    ),
    m('edited', () =>
      editedMessage(story().decision, {
        by: U.requester,
        changes: [{ field: 'budgetImpact', before: 100, after: 20_000 }],
      }),
    ),
    m('sent up, to the requester', () =>
      sentUpToRequesterMessage(story().escalate().decision, {
        by: U.spoc,
        because: 'above_authority',
        reason: 'Too big for me',
      }),
    ),
    m('SPoC back', () =>
      spocBackMessage({
        spoc: U.spoc,
        moved: [{ question: TYPED.question }],
        stayed: [{ question: 'Other?' }],
      }),
    ),
    // Sign-offs.
    m('sign-off request', () => {
      const s = signOff();
      return signOffMessage(s.decision, {
        ...base,
        viewer: 'decider',
        viewerId: U.inventory,
        events: s.events,
      });
    }),
    m('sign-off receipt', () => {
      const s = signOff();
      return signOffMessage(s.decision, {
        ...base,
        viewer: 'requester',
        viewerId: U.requester,
        events: s.events,
        receipt: true,
      });
    }),
    m('sign-off returned (DM)', () => {
      const s = returnedSignOff();
      return signOffReturnedMessage(s.decision, 1, s.events);
    }),
    m('sign-off returned (thread)', () => {
      const s = returnedSignOff();
      const event = s.events.at(-1);
      return event === undefined ? undefined : signOffThreadMessage(s.decision, event, { timeZone: ZONE });
    }),
    m('sign-off reminder', () => signOffReminderMessage(signOff().decision, { now: later(60) })),
    // Ephemeral answers.
    m('help', () => helpMessage()),
    m('language set', () => languageMessage({ kind: 'set', locale: 'id' })),
    m('language current', () => languageMessage({ kind: 'current', chosen: undefined, reading: 'en' })),
    m('language invalid', () => languageMessage({ kind: 'invalid', given: 'fr' })),
    m('list', () =>
      listMessage({ project: project(), decisions: [story().decision, story().decision], now: later(90) }),
    ),
    m('not a project', () => notAProjectMessage({ projectChannels: ['C0PROJECT1', 'C0PROJECT2'] })),
    m('away', () => awayMessage({ until: later(3000), timeZone: ZONE, deputy: U.deputy, movedCount: 2 })),
    m('away invalid', () => awayInvalidMessage({ input: 'someday', inPast: false })),
    m('back', () =>
      backMessage({
        wasAway: true,
        moved: [{ question: TYPED.question }],
        stayed: [{ question: 'Other?' }],
        deputy: U.deputy,
      }),
    ),
    m('not the SPoC', () => notSpocMessage({ spoc: U.spoc })),
    m('form expired', () => decideFormExpiredMessage()),
    m('not found', () => decisionNotFoundMessage()),
    m('another workspace', () => otherWorkspaceMessage()),
    m('deactivated actor', () => deactivatedActorMessage()),
    m('file', () => fileMessage('Odoo rollout, PT Maju', 'decisions-P1-2026-11-30.csv')),
    m('export not allowed', () =>
      exportMessage({ kind: 'not_allowed', spoc: U.spoc, sponsors: [U.sponsor], committee: [U.c1, U.c2] }),
    ),
    m('digest sending', () => digestCommandMessage({ kind: 'sending' })),
    m('refusal', () =>
      refusalMessage(
        { code: 'not_your_decision', deciders: [U.spoc] } as Parameters<typeof refusalMessage>[0],
        { timeZone: ZONE, decision: story().decision, typed: TYPED.note },
      ),
    ),
    m('roster', () => rosterMessage({ project: project(), spoc: { away: false }, timeZone: ZONE })),
    m('digest', () =>
      digestMessage(digest(), {
        projectName: P.name,
        timeZone: ZONE,
        workingDayMs: wallClock.workingDayMs,
        links: {},
      }),
    ),
    m('digest chart message', () => chartMessage()),
    // Modals.
    v('decide', () =>
      decideModal({
        project: project(),
        prefill: { question: TYPED.question },
        metadata: { projectId: 'P1', channel: 'C0PROJECT1' },
      }),
    ),
    v('need info', () => needInfoModal({ decision: story().decision })),
    v('answer info', () =>
      answerInfoModal({ decision: story().decision, question: 'Which one?', asker: U.spoc }),
    ),
    v('delegate', () => delegateModal({ decision: story().decision, project: project(), actor: U.spoc })),
    v('consult', () => consultModal({ decision: story().decision, project: project() })),
    v('opinion', () => opinionModal({ decision: story().decision, question: 'Workable?' })),
    v('decide with a note', () => decideNoteModal({ decision: story().decision, viewerId: U.spoc })),
    v('send up', () => sendUpModal({ decision: story().decision })),
    v('withdraw', () => withdrawModal({ decision: story().decision })),
    v('edit', () => editModal({ decision: story().decision })),
    v('sign-off', () =>
      signOffModal({
        project: project(),
        prefill: { title: TYPED.title },
        metadata: { projectId: 'P1', channel: 'C0PROJECT1' },
      }),
    ),
    v('reject', () => rejectModal({ decision: signOff().decision })),
    v('new round', () => newRoundModal({ decision: returnedSignOff().decision })),
    {
      name: 'App Home',
      kind: 'home',
      render: () =>
        appHome({
          userId: U.spoc,
          waitingOnYou: [story().decision],
          yourRequests: [story().decision],
          recentOutcomes: [{ decision: story().decide(U.spoc, 'approve', later(75)).decision, latency }],
          projectsById: { P1: project() },
          now: later(135),
          timeZone: ZONE,
        }),
    },
  ];
}

/** Every string a person reads in a rendering (block texts, labels, titles, placeholders, options). */
export function readable(rendered: unknown): string[] {
  const out: string[] = [];
  const walk = (value: unknown, key?: string) => {
    if (typeof value === 'string') {
      if (key === 'text' || key === 'title' || key === 'placeholder') out.push(value);
    } else if (Array.isArray(value)) for (const v of value) walk(v);
    else if (typeof value === 'object' && value !== null)
      for (const [k, v] of Object.entries(value)) walk(v, k);
  };
  walk(rendered);
  return out;
}
