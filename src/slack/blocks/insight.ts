import type { ProjectInsight } from '../../app/insight.js';
import { authorityVerdict, type PeriodFigures, type Trend, type Trends } from '../../domain/insight/index.js';
import { t } from '../text/index.js';
import { context, header, type KnownBlock, type Message, section } from './kit.js';

/** A period's figures and their trend, and the question of each decision the cost figures name. */
export interface InsightView {
  readonly current: PeriodFigures;
  readonly trends: Trends;
  readonly question: (decisionId: string) => string;
  /** What a decision blocks, when its requester said. */
  readonly blocks?: ((decisionId: string) => string | undefined) | undefined;
  /** The calendar's working day: business days back to business time. */
  readonly workingDayMs: number;
}

/** The figures of a project's period as blocks: the body of `/decide stats` and of the weekly digest. */
export function insightBlocks(insight: InsightView): KnownBlock[] {
  const w = t.insight;
  const { current: c, trends } = insight;
  const count = (trend: Trend) => trendText(trend, (n) => String(n));
  const duration = (ms: number | null) => (ms === null ? null : t.format.durationShort(ms));
  const blocks: KnownBlock[] = [
    section(
      w.counts(
        count(trends.opened),
        count(trends.decided),
        count(trends.defaulted),
        count(trends.withdrawn),
        count(trends.open),
      ),
    ),
    section(
      [
        w.timeToOutcome(
          c.timeToOutcome.median === null ? null : trendText(trends.medianToOutcome, t.format.durationShort),
          duration(c.timeToOutcome.p90),
        ),
        w.breachRate(c.slaBreachRate === null ? null : trendText(trends.slaBreachRate, w.percent)),
        w.spocResponse(
          c.spocResponsiveness === null ? null : trendText(trends.spocResponsiveness, t.format.durationShort),
        ),
        w.escalations(c.escalationsByLevel.sponsor, c.escalationsByLevel.committee),
        c.closedLate === undefined ? '' : w.closedLate(c.closedLate),
        w.openByAge(c.openByAge),
      ]
        .filter((line) => line !== '')
        .join('\n'),
    ),
  ];
  const a = c.authority;
  blocks.push(
    section(
      w.authority(
        a.aboveSpocShare,
        a.aboveSpocCount,
        a.closedCount,
        a.byReason,
        a.addedBusinessDays === null ? null : a.addedBusinessDays * insight.workingDayMs,
      ),
    ),
  );
  if (authorityVerdict(a) === 'high') blocks.push(section(w.authorityHigh()));
  blocks.push(...costBlocks(insight));
  return blocks;
}

function costBlocks(insight: InsightView): KnownBlock[] {
  const w = t.insight;
  const { cost } = insight.current;
  const rate = cost.rate;
  if (rate === null) return [context(w.noCostRate())];
  const money = (amount: number) => w.money(amount, rate.currency);
  const blocks: KnownBlock[] = [
    section(w.cost(money(cost.openCost ?? 0), money(cost.closedCost ?? 0), money(rate.perDay))),
  ];
  const { question } = insight;
  if (cost.top.length > 0) {
    blocks.push(
      section(
        w.costTop(
          cost.top.map((c) => ({
            question: question(c.decisionId),
            blocks: insight.blocks?.(c.decisionId),
            amount: money(c.amount),
            waitedMs: c.businessDays * insight.workingDayMs,
          })),
        ),
      ),
    );
  }
  return blocks;
}

/** A trend in words: the value, and which way it moved since the previous period. */
function trendText(trend: Trend, show: (value: number) => string): string {
  const value = trend.value === null ? '–' : show(trend.value);
  const previous = trend.previous === null ? null : show(trend.previous);
  return t.insight.trend(value, previous, trend.direction);
}

/** `/decide stats`: the project's figures for the period asked, as an ephemeral message. */
export function statsMessage(
  insight: ProjectInsight,
  params: { timeZone: string; workingDayMs: number },
): Message {
  const title = t.insight.statsTitle(insight.project.name);
  return {
    text: title,
    blocks: [
      header(title),
      context(t.insight.period(insight.current.from, insight.current.to, params.timeZone)),
      ...insightBlocks({
        current: insight.current,
        trends: insight.trends,
        question: (id) => insight.decisions.find((d) => d.decision.id === id)?.decision.question ?? id,
        workingDayMs: params.workingDayMs,
      }),
    ],
  };
}
