/**
 * What queueing the outbox costs against a backlog of pending rows, on the bot from `startBot` with its workers
 * off (nothing drains): `deliveries.enqueue()`, run after every committed change (open, click, timer), which
 * queues only rows written since its last call, next to `enqueueAll()`, the reconciler's pass over every
 * pending row. Before enqueue() was incremental, each call re-read and re-queued the whole backlog (up to
 * 1000 rows), which slowed acks 15-20x under a burst.
 */
import { startBot } from '../../src/compose.js';
import { startFakeSlack } from '../../src/sandbox/index.js';
import { benchConfig, benchProject, CountingLogger, flatSla, seedRoster } from './fixture.js';
import { type BenchSection, type GoalRow, ratio } from './goals.js';
import { count, figures, ms } from './stats.js';
import { benchPrefix, cleanup, deleteKeys, LoopMonitor, tempDir } from './support.js';
import { notes, table } from './table.js';

export interface OutboxOptions {
  readonly backlogs: readonly number[];
  readonly redisUrl: string;
}

const CALLS = 20;
/** enqueue() must not grow with the backlog: at the largest backlog within this of its cost with none. */
const GOAL_EXTRA_MS = 1;

interface Measured {
  readonly backlog: number;
  readonly enqueueP50: number;
  readonly enqueueAllP50: number;
}

export async function runOutboxEnqueue(options: OutboxOptions): Promise<BenchSection> {
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
    const measured: Measured[] = [];
    try {
      let pending = 0;
      for (const backlog of options.backlogs) {
        if (backlog > pending) {
          await bot.deps.outbox.enqueue(
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
        // The rows are queued by the first call; the measured calls find nothing new. A few unrecorded calls warm up.
        for (let i = 0; i < 5; i++) await bot.deps.deliveries.enqueue();
        const loop = new LoopMonitor();
        const after: number[] = [];
        const all: number[] = [];
        loop.start();
        for (let i = 0; i < CALLS; i++) {
          let started = performance.now();
          await bot.deps.deliveries.enqueue();
          after.push(performance.now() - started);
          started = performance.now();
          await bot.deps.deliveries.enqueueAll();
          all.push(performance.now() - started);
        }
        const loopFigures = loop.stop();
        const a = figures(after);
        const r = figures(all);
        measured.push({ backlog, enqueueP50: a.p50 ?? 0, enqueueAllP50: r.p50 ?? 0 });
        rows.push([
          count(backlog),
          ms(a.p50),
          ms(a.max),
          ms(r.p50),
          ms(r.max),
          ms(loopFigures.cpuMs / CALLS),
        ]);
      }
    } finally {
      await stopBot();
    }
    const detail = [
      table(
        `Outbox: queueing against pending outbox rows, ${CALLS} calls of each`,
        [
          'pending rows',
          'enqueue() p50 ms',
          'enqueue() max ms',
          'enqueueAll() p50 ms',
          'enqueueAll() max ms',
          'bot CPU ms per pair',
        ],
        rows,
      ),
      '',
      notes([
        'enqueue() runs after every committed change: it reads only the ids of pending rows above the highest it has queued (outbox ids grow in commit order), so its cost does not grow with the backlog.',
        "enqueueAll() is the reconciler's pass (start-up and every few minutes): it pages through every pending row and adds a job for each (a row already queued only costs Redis a 'duplicated' event).",
      ]),
    ].join('\n');
    return {
      title: 'Outbox enqueue against a backlog',
      goals: goals(measured),
      method: method(options),
      detail,
    };
  } finally {
    await closeFake();
    await dropKeys();
    await dir.remove();
  }
}

/** Sub-millisecond figures keep two decimals (enqueue() takes tens of microseconds). */
const fine = (value: number) => (Math.abs(value) < 1 ? value.toFixed(2) : ms(value));

/**
 * The goal is the one the notes state: enqueue() (after every change) costs the same whatever the backlog, so
 * at the largest backlog it stays within GOAL_EXTRA_MS of its cost with the smallest. enqueueAll() is reported.
 */
function goals(measured: readonly Measured[]): GoalRow[] {
  const sorted = [...measured].sort((a, b) => a.backlog - b.backlog);
  const least = sorted[0];
  const most = sorted.at(-1);
  if (least === undefined || most === undefined) return [];
  const extra = most.enqueueP50 - least.enqueueP50;
  return [
    {
      figure: `deliveries.enqueue() after a change, ${count(most.backlog)} pending outbox rows: p50 of ${CALLS}`,
      value: `${fine(most.enqueueP50)} ms`,
      reference: `enqueue() with ${count(least.backlog)} pending: ${fine(least.enqueueP50)} ms`,
      ratio: `${extra >= 0 ? '+' : '−'}${fine(Math.abs(extra))} ms`,
      goal: `≤ reference + ${GOAL_EXTRA_MS} ms`,
      met: extra <= GOAL_EXTRA_MS,
    },
    {
      figure: `reconciler's enqueueAll(), ${count(most.backlog)} pending outbox rows: p50 of ${CALLS}`,
      value: `${fine(most.enqueueAllP50)} ms`,
      reference: `enqueue(), same backlog: ${fine(most.enqueueP50)} ms`,
      ratio: ratio(most.enqueueAllP50, most.enqueueP50),
      goal: 'report',
      met: undefined,
    },
  ];
}

function method(options: OutboxOptions): string[] {
  return [
    `The bot from startBot with its workers off (nothing drains the outbox), pending direct-message rows added up to ${options.backlogs.map(count).join(', ')}.`,
    `At each backlog, after 5 unrecorded calls, ${CALLS} pairs of deliveries.enqueue() (what runs after every committed change) and enqueueAll() (the reconciler's pass over every pending row); p50 and max of each.`,
  ];
}
