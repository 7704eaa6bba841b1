import type { Digest } from '../../domain/digest.js';
import { LEVELS } from '../../domain/project.js';
import { t } from '../text/index.js';
import { capList, context, divider, header, type KnownBlock, type Message, section } from './kit.js';

/** How many waiting decisions the digest lists before "and N more". */
export const DIGEST_WAITING_CAP = 10;

/** The weekly digest for a sponsor: how fast decisions came, where they wait, and what is held up now. */
export function digestMessage(digest: Digest, params: { projectName: string; timeZone: string }): Message {
  const d = t.digest;
  const title = d.title(params.projectName);
  const { closed } = digest;
  const blocks: KnownBlock[] = [
    header(title),
    context(d.period(digest.from, digest.to, params.timeZone)),
    section(
      [
        d.closed(closed.decided, closed.expiredWithDefault, closed.withdrawn),
        d.toOutcome(closed.toOutcome.median, closed.toOutcome.p90, closed.toOutcome.max),
        d.breachRate(closed.breachRate),
      ]
        .filter((line) => line !== '')
        .join('\n'),
    ),
  ];
  const total = LEVELS.reduce((sum, level) => sum + digest.businessMsByLevel[level], 0);
  if (total > 0) {
    blocks.push(
      section(
        [
          d.whereTitle,
          ...LEVELS.map((level) =>
            d.whereLevel(level, digest.businessMsByLevel[level], digest.businessMsByLevel[level] / total),
          ),
        ].join('\n'),
      ),
    );
  }
  blocks.push(
    divider(),
    section(d.cost(digest.waiting.length, digest.waitingBusinessMs, digest.budgetWaiting)),
  );
  const { shown, more } = capList(digest.waiting, DIGEST_WAITING_CAP);
  if (shown.length > 0) {
    blocks.push(
      section(
        shown
          .map((w) => d.waitingItem(w.question, w.level, w.deciders, w.waitedBusinessMs, w.overdue))
          .join('\n'),
      ),
    );
  }
  if (more > 0) blocks.push(context(d.more(more)));
  return { text: title, blocks };
}
