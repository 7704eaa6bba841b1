import type { Decision } from '../../domain/decision.js';
import type { DecisionEvent } from '../../domain/events.js';
import type { Project, UserId } from '../../domain/project.js';
import type { Instant } from '../../domain/time.js';
import { currentRole, holdingSince, nextLevelOf, outcomeNote, outcomeWords } from '../blocks/facts.js';
import { capList, context, divider, type Home, header, type KnownBlock, section } from '../blocks/kit.js';
import { outcomeShort as signOffOutcome } from '../blocks/signoff-message.js';
import { commandName } from '../ids.js';
import { t } from '../text/index.js';

/** How many entries each list shows before "and N more" (keeps the tab well under 100 blocks). */
export const HOME_CAP = { waiting: 20, requests: 20, outcomes: 15 } as const;

export interface AppHomeInput {
  readonly userId: UserId;
  /** Open decisions the user holds (committee: not yet voted). Shown oldest first. */
  readonly waitingOnYou: readonly Decision[];
  /** How many wait on the user in all, when `waitingOnYou` holds only the oldest (its length otherwise). */
  readonly waitingTotal?: number | undefined;
  /** Open decisions the user asked for. Shown oldest first. */
  readonly yourRequests: readonly Decision[];
  /** How many open requests the user has in all, when `yourRequests` holds only the oldest. */
  readonly requestsTotal?: number | undefined;
  /** Recently closed decisions of the user's projects, with their open-to-outcome latency. Newest first. */
  readonly recentOutcomes: readonly {
    readonly decision: Decision;
    readonly latency: { readonly wallMs: number; readonly businessMs: number };
  }[];
  readonly projectsById: Readonly<Record<string, Project>>;
  /**
   * Event logs of the decisions listed: time held counts from a delegation or hand-over too, and an outcome
   * shows the reason given with a withdrawal.
   */
  readonly histories?: Readonly<Record<string, readonly DecisionEvent[]>> | undefined;
  readonly now: Instant;
  readonly timeZone: string;
}

/** The App Home tab: read-only lists (acting happens in the messages, so no buttons here). */
export function appHome(input: AppHomeInput): Home {
  const h = t.home;
  const projectName = (d: Decision) => input.projectsById[d.projectId]?.name ?? d.projectId;
  const blocks: KnownBlock[] = [header(h.title)];

  const waiting = [...input.waitingOnYou].sort((a, b) => a.openedAt - b.openedAt);
  blocks.push(
    ...list(h.waitingTitle, h.waitingEmpty, waiting, HOME_CAP.waiting, input.waitingTotal, (d) => {
      const state =
        d.status === 'needs_info'
          ? ({ kind: 'paused' } as const)
          : d.overdue || d.dueAt === null
            ? ({ kind: 'overdue' } as const)
            : ({ kind: 'due', at: d.dueAt, leftMs: d.dueAt - input.now, next: nextLevelOf(d) } as const);
      const title = d.kind === 'signoff' ? t.signoff.header(d.question) : d.question;
      return h.waitingItem(title, projectName(d), d.requester, state, input.timeZone) + lateMark(d);
    }),
  );
  if (waiting.length > 0) blocks.push(context(h.openHint));

  const requests = [...input.yourRequests].sort((a, b) => a.openedAt - b.openedAt);
  blocks.push(
    divider(),
    ...list(
      h.requestsTitle,
      h.requestsEmpty(commandName()),
      requests,
      HOME_CAP.requests,
      input.requestsTotal,
      (d) => {
        const project = input.projectsById[d.projectId];
        const heldMs = input.now - holdingSince(d, input.histories?.[d.id]);
        if (d.kind === 'signoff') {
          return t.signoff.homeRequest(
            d.question,
            projectName(d),
            d.status === 'returned'
              ? { kind: 'returned', round: d.signoff?.round ?? 1 }
              : { kind: 'with', users: d.deciders, level: d.level, heldMs },
          );
        }
        const role = project === undefined ? 'spoc' : currentRole(d, project);
        return (
          h.requestItem(d.question, projectName(d), d.deciders, role, heldMs, d.status === 'needs_info') +
          lateMark(d)
        );
      },
    ),
  );

  const outcomes = [...input.recentOutcomes].sort(
    (a, b) => (b.decision.closedAt ?? 0) - (a.decision.closedAt ?? 0),
  );
  blocks.push(
    divider(),
    ...list(
      h.outcomesTitle,
      h.outcomesEmpty,
      outcomes,
      HOME_CAP.outcomes,
      undefined,
      ({ decision, latency }) => {
        const outcome = outcomeWords(decision);
        const signoff = decision.kind === 'signoff';
        return h.outcomeItem(
          signoff ? t.signoff.header(decision.question) : decision.question,
          projectName(decision),
          signoff
            ? signOffOutcome(decision)
            : outcome === undefined
              ? t.status(decision.status)
              : t.decision.outcomeShort(outcome),
          latency.wallMs,
          latency.businessMs,
          outcomeNote(decision, input.histories?.[decision.id]),
        );
      },
    ),
  );
  blocks.push(context(h.updated(input.now, input.timeZone)));
  return { type: 'home', blocks };
}

/** The late mark of an item whose needed-by date came while it was open ('' otherwise). */
function lateMark(d: Decision): string {
  return d.late && d.neededBy !== undefined ? t.home.late(d.neededBy) : '';
}

function list<T>(
  title: string,
  empty: string,
  items: readonly T[],
  cap: number,
  total: number | undefined,
  line: (item: T) => string,
): KnownBlock[] {
  const blocks: KnownBlock[] = [section(`*${title}*`)];
  if (items.length === 0) return [...blocks, context(empty)];
  const { shown } = capList(items, cap);
  blocks.push(...shown.map((item) => section(line(item))));
  const more = Math.max(total ?? items.length, items.length) - shown.length;
  if (more > 0) blocks.push(context(t.home.more(more)));
  return blocks;
}
