import type { UploadFile } from '../../app/ports.js';
import type { Digest } from '../../domain/digest.js';
import { HOUR } from '../../domain/time.js';
import { decisionTimeChartSpec, renderChartPng } from '../charts/index.js';
import { t } from '../text/index.js';
import { insightBlocks } from './insight.js';
import { capList, context, divider, header, type KnownBlock, type Message, section } from './kit.js';

/** How many waiting decisions the digest lists before "and N more". */
export const DIGEST_WAITING_CAP = 10;

/**
 * The weekly digest for a sponsor, read in a minute: the week's figures and their trend, the authority
 * insight, the cost of waiting, the slowest decisions, and what is still open (oldest first, with who holds it
 * and a link to its thread). The chart follows as an image.
 */
export function digestMessage(
  digest: Digest,
  params: {
    projectName: string;
    timeZone: string;
    workingDayMs: number;
    links: Readonly<Record<string, string>>;
  },
): Message {
  const d = t.digest;
  const title = d.title(params.projectName);
  const c = digest.current;
  const quiet = c.opened + c.decided + c.defaulted + c.withdrawn === 0;
  const question = (id: string) => digest.questions[id] ?? id;
  const blocks: KnownBlock[] = [header(title), context(d.period(digest.from, digest.to, params.timeZone))];
  if (quiet) blocks.push(section(d.quietWeek()));
  blocks.push(
    ...insightBlocks({
      current: c,
      trends: digest.trends,
      question,
      blocks: (id) => digest.blocks[id],
      workingDayMs: params.workingDayMs,
    }),
  );
  const s = digest.signoffs;
  if (s !== undefined && s.signedOff + s.rejectedRounds + s.open > 0) blocks.push(section(d.signoffs(s)));
  if (digest.slowest.length > 0) {
    blocks.push(
      section(
        [
          d.slowestTitle,
          ...digest.slowest.map((s) =>
            d.slowestItem(s.question, s.businessMs, s.reachedLevel, params.links[s.id]),
          ),
        ].join('\n'),
      ),
    );
  }
  blocks.push(divider());
  const { shown, more } = capList(digest.waiting, DIGEST_WAITING_CAP);
  blocks.push(
    section(
      shown.length === 0
        ? d.nothingOpen()
        : [
            d.openTitle(digest.waiting.length),
            ...shown.map((w) =>
              d.waitingItem(
                w.question,
                w.level,
                w.deciders,
                w.waitedBusinessMs,
                w.overdue,
                params.links[w.id],
                digest.blocks[w.id],
              ),
            ),
          ].join('\n'),
    ),
  );
  if (more > 0) blocks.push(context(d.more(more)));
  return { text: title, blocks };
}

/** The chart's PNG: median time to outcome per week for the last weeks, stacked by level, against the SLA. */
export async function digestChart(
  digest: Digest,
  projectName: string,
  timeZone: string,
  workingDayMs: number,
): Promise<UploadFile> {
  const c = t.chart;
  // Hours read best up to a few working days; beyond that, working days; minutes under two hours.
  const longest = Math.max(digest.slaMs, ...digest.weeks.map((w) => w.spocMs + w.sponsorMs + w.committeeMs));
  const unit = longest > 3 * workingDayMs ? 'days' : longest < 2 * HOUR ? 'minutes' : 'hours';
  const spec = decisionTimeChartSpec(
    { weeks: digest.weeks, slaMs: digest.slaMs, timeZone, unit, workingDayMs },
    {
      title: c.title(projectName),
      yAxis: c.yAxis(unit),
      levels: c.levels,
      sla: c.sla,
      noDecisions: c.noDecisions,
      weekLabel: (weekStart) => c.weekLabel(weekStart, timeZone),
    },
  );
  const { png } = await renderChartPng(spec);
  const day = new Date(digest.to).toISOString().slice(0, 10);
  return { filename: `decisions-${digest.projectId}-${day}.png`, mimetype: 'image/png', content: png };
}

/** The line the chart arrives with. */
export function chartMessage(): Message {
  const text = t.digest.chartMessage();
  return { text, blocks: [context(text)] };
}
