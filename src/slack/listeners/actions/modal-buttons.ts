import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs, webApi } from '@slack/bolt';
import type { Decision } from '../../../domain/decision.js';
import type { DecisionEvent } from '../../../domain/events.js';
import type { Project, UserId } from '../../../domain/project.js';
import type { Transition } from '../../../domain/refusal.js';
import {
  consultKeyUsers,
  decide,
  delegate,
  editRequest,
  giveOpinion,
  provideInfo,
  requestInfo,
  sendUp,
  type TransitionContext,
  vote,
  withdraw,
} from '../../../domain/transitions/index.js';
import { decisionNotFoundMessage } from '../../blocks/ephemeral.js';
import { allowedDelegates, keyUserDomains, sendUpTargets } from '../../blocks/facts.js';
import type { ModalView } from '../../blocks/kit.js';
import type { SlackContext } from '../../context.js';
import { ACTION, decodeButtonValue } from '../../ids.js';
import { refusalFor, tellUser } from '../../reply.js';
import { answerInfoModal } from '../../views/answer-info-modal.js';
import { consultModal } from '../../views/consult-modal.js';
import { decideNoteModal } from '../../views/decide-note-modal.js';
import { delegateModal } from '../../views/delegate-modal.js';
import { editModal } from '../../views/edit-modal.js';
import { needInfoModal } from '../../views/need-info-modal.js';
import { opinionModal } from '../../views/opinion-modal.js';
import { sendUpModal } from '../../views/send-up-modal.js';
import { withdrawModal } from '../../views/withdraw-modal.js';
import type { ListenerRouter } from '../router.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

interface ModalButton {
  readonly actionId: string;
  /**
   * A dry run of the command the modal leads to, so someone who may not act is told why at once instead of
   * filling in a form that will be refused. Nothing is saved.
   */
  readonly mayAct: (d: Decision, project: Project, actor: UserId, ctx: TransitionContext) => Transition;
  readonly view: (
    d: Decision,
    project: Project,
    actor: UserId,
    events: readonly DecisionEvent[],
    names: Readonly<Record<UserId, string>>,
  ) => ModalView;
  /** People the form lists (plain text cannot mention): their display names are looked up first. */
  readonly namesOf?: (project: Project, actor: UserId) => UserId[];
}

const BUTTONS: readonly ModalButton[] = [
  {
    actionId: ACTION.needInfo,
    mayAct: (d, _p, actor, ctx) => requestInfo(d, { actor, question: '' }, ctx),
    view: (d) => needInfoModal({ decision: d }),
  },
  {
    actionId: ACTION.delegate,
    mayAct: (d, p, actor, ctx) =>
      delegate(d, p, { actor, to: allowedDelegates(p, actor)[0]?.user ?? '', note: '' }, ctx),
    view: (d, p, actor, _events, names) => delegateModal({ decision: d, project: p, actor, names }),
    namesOf: (p, actor) => allowedDelegates(p, actor).map((x) => x.user),
  },
  {
    actionId: ACTION.consult,
    mayAct: (d, p, actor, ctx) =>
      consultKeyUsers(d, p, { actor, domain: keyUserDomains(p)[0] ?? '', question: '' }, ctx),
    view: (d, p) => consultModal({ decision: d, project: p }),
  },
  {
    actionId: ACTION.answerInfo,
    mayAct: (d, _p, actor, ctx) => provideInfo(d, { actor, answer: '' }, ctx),
    view: (d, _p, _a, events) => {
      const asked = events.findLast((e) => e.type === 'info_requested');
      return answerInfoModal({
        decision: d,
        question: asked?.type === 'info_requested' ? asked.data.question : '',
        asker: asked?.actor ?? undefined,
      });
    },
  },
  {
    actionId: ACTION.decideWithNote,
    mayAct: (d, _p, actor, ctx) => {
      const optionId = d.options[0]?.id ?? '';
      return d.level === 'committee'
        ? vote(d, { actor, optionId, note: 'dry run' }, ctx)
        : decide(d, { actor, optionId }, ctx);
    },
    view: (d, _p, actor) => decideNoteModal({ decision: d, viewerId: actor }),
  },
  {
    actionId: ACTION.sendUp,
    mayAct: (d, p, actor, ctx) =>
      sendUp(d, p, { actor, target: sendUpTargets(d)[0] ?? 'needs_committee', reason: 'dry run' }, ctx),
    view: (d) => sendUpModal({ decision: d }),
  },
  {
    actionId: ACTION.edit,
    mayAct: (d, p, actor, ctx) => editRequest(d, p, { actor, edit: d }, ctx),
    view: (d) => editModal({ decision: d }),
  },
  {
    actionId: ACTION.withdraw,
    mayAct: (d, _p, actor, ctx) => withdraw(d, { actor }, ctx),
    view: (d) => withdrawModal({ decision: d }),
  },
  {
    actionId: ACTION.giveOpinion,
    mayAct: (d, p, actor, ctx) => giveOpinion(d, p, { actor, text: '' }, ctx),
    view: (d, _p, actor, events) => {
      const asked = events.findLast((e) => e.type === 'consulted' && e.data.keyUsers.includes(actor));
      return opinionModal({
        decision: d,
        question: asked?.type === 'consulted' ? asked.data.question : undefined,
      });
    },
  },
];

/**
 * Buttons that open a form about a decision: Need info, Delegate, Consult, Answer, Give opinion, Decide with
 * a note, Escalate now, Edit and Withdraw.
 */
export function registerModalButtons(app: ListenerRouter, ctx: SlackContext): void {
  for (const button of BUTTONS) {
    app.action(button.actionId, async ({ ack, body, action, client }: Args) => {
      await ack();
      const { deps } = ctx;
      const user = body.user.id;
      const channel = body.channel?.id;
      const decision = await deps.decisions.get(decodeButtonValue(action.value ?? '').decisionId);
      const project = decision && deps.projects.byId(decision.projectId);
      if (!decision || !project) return tellUser(client, user, decisionNotFoundMessage(), channel);
      const dryRun = button.mayAct(decision, project, user, {
        now: deps.clock.now(),
        clock: deps.projects.calendar,
      });
      if (
        !dryRun.ok &&
        dryRun.refusal.code !== 'invalid_delegate' &&
        dryRun.refusal.code !== 'unknown_domain'
      ) {
        return tellUser(client, user, refusalFor(ctx, dryRun.refusal, decision), channel);
      }
      const names = button.namesOf ? await displayNames(client, button.namesOf(project, user)) : {};
      await client.views.open({
        trigger_id: body.trigger_id,
        view: button.view(decision, project, user, await deps.decisions.events(decision.id), names),
      });
    });
  }
}

/** How long the name look-ups may take: the trigger expires 3 s after the click. */
const NAMES_TIMEOUT_MS = 1000;

/** Display names by user ID; a user Slack cannot name in time is left out (the form shows the ID). */
async function displayNames(
  client: webApi.WebClient,
  users: readonly UserId[],
): Promise<Record<UserId, string>> {
  const lookups = Promise.all(
    users.map((user) =>
      client.users
        .info({ user })
        .then((r) => [user, r.user?.profile?.display_name || r.user?.real_name || r.user?.name] as const)
        .catch(() => [user, undefined] as const),
    ),
  );
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<[]>((resolve) => {
    timer = setTimeout(() => resolve([]), NAMES_TIMEOUT_MS);
  });
  const found = await Promise.race([lookups, timeout]);
  clearTimeout(timer);
  const names: Record<UserId, string> = {};
  for (const [user, name] of found) if (name) names[user] = name;
  return names;
}
