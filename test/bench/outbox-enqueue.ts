/**
 * Why the bot's acks slow down under a burst: every committed change (open, click, timer) calls
 * `deliveries.enqueue()` (`BullDeliveryQueue`, src/jobs/delivery-queue.ts), which reads up to 1000 pending
 * outbox rows and adds a job for each of them again, whether or not it is already queued. This measures one
 * call against the number of rows pending, on the bot from `startBot` with its workers off (nothing drains).
 */
import { startBot } from '../../src/compose.js';
import { startFakeSlack } from '../../src/sandbox/index.js';
import { benchConfig, benchProject, CountingLogger, flatSla, seedRoster } from './fixture.js';
import { count, figures, ms } from './stats.js';
import { benchPrefix, cleanup, deleteKeys, LoopMonitor, tempDir } from './support.js';
import { notes, table } from './table.js';

export interface OutboxOptions {
  readonly backlogs: readonly number[];
  readonly redisUrl: string;
}

const CALLS = 20;

export async function runOutboxEnqueue(options: OutboxOptions): Promise<string> {
  const { redisUrl } = options;
  const fake = await startFakeSlack();
  const closeFake = cleanup.defer(() => fake.close());
  const dir = tempDir('outbox');
  const prefix = benchPrefix('outbox');
  const dropKeys = cleanup.defer(async () => void (await deleteKeys(redisUrl, prefix)));
  try {
    const roster = seedRoster(fake);
    const channel = fake.workspace.addChannel({ name: 'outbox', members: Object.values(roster) });
    const days = { amount: 5, unit: 'd' } as const;
    const project = benchProject({
      id: 'bench-outbox',
      channel,
      roster,
      sla: flatSla({ spoc: days, sponsor: days, committee: days }),
      reminders: [],
    });
    const config = benchConfig({ fake, dir: dir.path, redisUrl, queuePrefix: prefix, projects: [project] });
    const bot = await startBot(config, { web: false, workers: false, logger: new CountingLogger() });
    const stopBot = cleanup.defer(() => bot.stop());
    const rows: string[][] = [];
    try {
      let pending = 0;
      for (const backlog of options.backlogs) {
        if (backlog > pending) {
          bot.deps.outbox.enqueue(
            Array.from({ length: backlog - pending }, (_, i) => ({
              dedupeKey: `bench-${pending + i}`,
              kind: 'direct_message' as const,
              recipient: roster.spoc,
              payload: { template: 'reminded' },
            })),
            Date.now(),
          );
          pending = backlog;
        }
        // The rows are queued by the first call; the measured calls find them queued. A few unrecorded calls warm up.
        for (let i = 0; i < 5; i++) await bot.deps.deliveries.enqueue();
        const loop = new LoopMonitor();
        const durations: number[] = [];
        loop.start();
        for (let i = 0; i < CALLS; i++) {
          const started = performance.now();
          await bot.deps.deliveries.enqueue();
          durations.push(performance.now() - started);
        }
        const loopFigures = loop.stop();
        const f = figures(durations);
        rows.push([
          count(backlog),
          count(Math.min(backlog, 1000)),
          ms(f.p50),
          ms(f.max),
          ms(loopFigures.cpuMs / CALLS),
        ]);
      }
    } finally {
      await stopBot();
    }
    return [
      table(
        `Outbox: one deliveries.enqueue() call (as after every committed change) against pending outbox rows, ${CALLS} calls each`,
        ['pending rows', 'jobs re-added per call', 'p50 ms', 'max ms', 'bot CPU ms per call'],
        rows,
      ),
      '',
      notes([
        "Every row is already queued (the first call queues it); each further call still reads up to 1000 pending rows (JSON-parsing each payload) and sends BullMQ an addBulk of them all, which Redis runs as one Lua call per job (the job exists, so it only appends a 'duplicated' event to the queue's events stream).",
        'So during a burst, while the single delivery worker (concurrency 1) is behind, the cost of each open/click/timer grows with the backlog, and rows beyond the oldest 1000 get no job until a later call or the reconciler.',
      ]),
    ].join('\n');
  } finally {
    await closeFake();
    await dropKeys();
    await dir.remove();
  }
}
