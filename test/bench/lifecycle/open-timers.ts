/** The bot's timer jobs of one open decision, read from Redis as part (c)'s template. */
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { QUEUE } from '../../../src/jobs/names.js';
import { waitUntil } from '../support.js';
import { awaitClosed, type LoadContext } from './driver.js';
import { OPTION_BUTTON } from './model.js';
import type { TimerTemplate } from './part-job.js';

/**
 * One more lifecycle alone, with a look at Redis while its decision is open: the timer jobs the bot keeps for it
 * (delayed, days ahead), read back with their data and options for part (c).
 */
export async function timersOfOneOpenDecision(
  ctx: LoadContext,
  user: string,
  redisUrl: string,
  prefix: string,
): Promise<TimerTemplate> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue(QUEUE.timers, { connection: redis, prefix });
  try {
    const { driver, tracker } = ctx;
    const lc = tracker.begin(user, 'solo');
    const key = `${prefix}:${QUEUE.timers}:delayed`;
    const before = new Set(await redis.zrange(key, 0, -1));
    const command = await driver.slashCommand({
      user,
      channel: ctx.channel,
      command: '/decide',
      text: lc.question,
    });
    tracker.expectTrigger(command.triggerId, lc);
    await tracker.wait(lc, 'form opened', () => lc.opens.get(command.triggerId) === 'ok');
    await driver.submitView(user, { values: { question: lc.question } });
    await tracker.wait(lc, 'request DM', () => lc.dm !== undefined);
    const decisionId = lc.decisionId ?? '';
    // The timers are synced beside the deliveries: wait until their number holds still for 200 ms.
    let ids: string[] = [];
    let stableSince = performance.now();
    await waitUntil(
      async () => {
        const now = (await redis.zrange(key, 0, -1)).filter((id) => !before.has(id));
        if (now.length !== ids.length) stableSince = performance.now();
        ids = now;
        return ids.length > 0 && performance.now() - stableSince >= 200;
      },
      3000,
      20,
    );
    const jobs = (await Promise.all(ids.map((id) => queue.getJob(id)))).flatMap((job) =>
      job?.id === undefined ? [] : [{ id: job.id, name: job.name, data: job.data, opts: { ...job.opts } }],
    );
    const dm = lc.dm;
    if (dm === undefined) throw new Error('no request DM');
    await driver.clickButton(ctx.spoc, { actionId: OPTION_BUTTON, in: dm });
    await awaitClosed(ctx, lc, 'closed');
    return { decisionId, jobs };
  } finally {
    await queue.close();
    redis.disconnect();
  }
}
