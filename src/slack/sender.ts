import type { webApi } from '@slack/bolt';
import {
  type MessageSender,
  type ProjectDirectory,
  type SendContext,
  SendError,
  type SlackMessageRef,
} from '../app/ports.js';
import type { Decision } from '../domain/decision.js';
import { decisionLatency } from '../domain/latency.js';
import type { Project } from '../domain/project.js';
import { decisionMessage } from './blocks/decision-message.js';
import { digestMessage } from './blocks/digest.js';
import type { Message } from './blocks/kit.js';
import { directMessage, threadMessage, type ViewBase } from './delivery-templates.js';
import { isPermanent, toSendError } from './send-errors.js';

/** Roles under which posted messages are remembered, so a refresh knows which copy each one is. */
export const ROLE = {
  threadHead: 'thread_head',
  requester: 'requester',
  /** A decider's copy; per level, since one person can hold a decision at two levels (sponsor, then committee). */
  request: (level: string) => `request-${level}`,
} as const;

/**
 * Renders outbox messages from the decision as it is now and sends them with the Web API. Any failure is
 * thrown as a SendError; the outbox decides between retrying and giving up.
 */
export class SlackMessageSender implements MessageSender {
  constructor(
    private readonly client: webApi.WebClient,
    private readonly projects: ProjectDirectory,
  ) {}

  async send(ctx: SendContext): Promise<SlackMessageRef | undefined> {
    try {
      return await this.sendOrThrow(ctx);
    } catch (error) {
      throw toSendError(error);
    }
  }

  private async sendOrThrow(ctx: SendContext): Promise<SlackMessageRef | undefined> {
    const { delivery, decision, project } = ctx;
    if (delivery.kind === 'digest') return this.sendDigest(ctx);
    if (!decision || !project) {
      // The decision is gone from the database (it never is in practice): nothing sensible to render.
      throw new SendError('decision_not_found', true);
    }
    const base = this.viewOptions(ctx, decision, project);
    switch (delivery.kind) {
      case 'decision_request': {
        const message = decisionMessage(decision, {
          ...base,
          viewer: 'decider',
          viewerId: delivery.recipient,
        });
        return this.post(delivery.recipient, message, ROLE.request(decision.level), delivery.recipient);
      }
      case 'thread_head':
        return this.post(
          project.channel,
          decisionMessage(decision, { ...base, viewer: 'channel' }),
          ROLE.threadHead,
          project.channel,
        );
      case 'requester_receipt': {
        const message = decisionMessage(decision, {
          ...base,
          viewer: 'requester',
          viewerId: decision.requester,
        });
        return this.post(decision.requester, message, ROLE.requester, decision.requester);
      }
      case 'thread_reply': {
        const head = ctx.posted.find((m) => m.role === ROLE.threadHead);
        const message = threadMessage(ctx, decision, base);
        await this.client.chat.postMessage({
          channel: head?.channel ?? project.channel,
          ...(head ? { thread_ts: head.ts } : {}),
          text: message.text,
          blocks: message.blocks,
        });
        return undefined;
      }
      case 'direct_message': {
        const message = directMessage(ctx, decision, base);
        await this.client.chat.postMessage({
          channel: delivery.recipient,
          text: message.text,
          blocks: message.blocks,
        });
        return undefined;
      }
      case 'refresh':
        await this.refresh(ctx, decision, base);
        return undefined;
      default:
        throw toSendError(new Error(`unknown delivery kind ${delivery.kind}`));
    }
  }

  private async sendDigest(ctx: SendContext): Promise<undefined> {
    const { digest } = ctx.delivery.payload;
    const project = digest && this.projects.byId(digest.projectId);
    if (!digest || !project) throw new SendError('digest_without_project', true);
    const message = digestMessage(digest, { projectName: project.name, timeZone: this.projects.timezone });
    await this.client.chat.postMessage({
      channel: ctx.delivery.recipient,
      text: message.text,
      blocks: message.blocks,
    });
    return undefined;
  }

  /** Re-renders every copy already posted, so buttons disappear once closed and statuses stay current. */
  private async refresh(ctx: SendContext, decision: Decision, base: ViewBase) {
    for (const ref of ctx.posted) {
      const message =
        ref.role === ROLE.threadHead
          ? decisionMessage(decision, { ...base, viewer: 'channel' })
          : ref.role === ROLE.requester
            ? decisionMessage(decision, { ...base, viewer: 'requester', viewerId: ref.recipient })
            : decisionMessage(decision, { ...base, viewer: 'decider', viewerId: ref.recipient });
      try {
        await this.client.chat.update({
          channel: ref.channel,
          ts: ref.ts,
          text: message.text,
          blocks: message.blocks,
        });
      } catch (error) {
        // A deleted message cannot be refreshed; the others still must be.
        if (!isPermanent(error)) throw error;
      }
    }
  }

  private async post(
    channel: string,
    message: Message,
    role: string,
    recipient: string,
  ): Promise<SlackMessageRef> {
    const res = await this.client.chat.postMessage({ channel, text: message.text, blocks: message.blocks });
    if (!res.ts || !res.channel) throw toSendError(new Error('postMessage returned no ts'));
    return { role, recipient, channel: res.channel, ts: res.ts };
  }

  private viewOptions(ctx: SendContext, decision: Decision, project: Project): ViewBase {
    const latency =
      decision.closedAt === null
        ? undefined
        : (decisionLatency(ctx.events, decision.ladder, decision.requester, this.projects.calendar, ctx.now)
            .outcome ?? undefined);
    return {
      project,
      now: ctx.now,
      timeZone: this.projects.timezone,
      history: decision.level === decision.ladder.steps[0]?.level ? undefined : ctx.events,
      latency: latency ? { wallMs: latency.wallMs, businessMs: latency.businessMs } : undefined,
    };
  }
}
