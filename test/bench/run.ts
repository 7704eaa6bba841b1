/**
 * `npm run bench`: prints figures, asserts nothing (the machine is shared; numbers vary from run to run).
 * Each benchmark uses its own BullMQ prefix and temp dir and removes them, also on error or Ctrl-C.
 */
import { parseArgs } from 'node:util';
import { type AckOptions, runAckLatency } from './ack-latency.js';
import { type DigestScaleOptions, runDigestScale } from './digest-scale.js';
import { runEscalationLateness, type TimerOptions } from './escalation-lateness.js';
import { type OutboxOptions, runOutboxEnqueue } from './outbox-enqueue.js';
import { cleanup, DEFAULT_REDIS_URL, machineInfo } from './support.js';

const HELP = `Usage: npm run bench -- [options]

Benchmarks of decide-bot (figures only, no thresholds):
  ack      Ack latency of /decide, the decide form's submission and an option button, real bot vs bare Bolt
  timers   Escalation lateness with many pending timers, real timer worker vs bare BullMQ; Redis memory
  outbox   Cost of one deliveries.enqueue() (run after every state change) against pending outbox rows
  digest   One project's digest over many stored decisions, as the bot builds it vs the same aggregates in SQL

Options:
  --only ack|timers|outbox|digest  run one benchmark (default: all)
  --requests N              ack: requests per path (default 500)
  --concurrency N           ack: requests in flight (default 50)
  --warmup N                ack: requests per path in the unrecorded warm-up round (default 50)
  --timers N,N,...          timers: pending decisions per run (default 10000,100000)
  --probes N                timers: probe escalations per run (default 200)
  --spread-ms N             timers: the probes fall due over this window (default 5000)
  --reconcile-max N         timers: time one reconciler pass when pending decisions <= N (default 10000)
  --outbox N,N,...          outbox: pending rows to measure at (default 0,100,300,1000,2000)
  --decisions N             digest: stored decisions (default 1000000)
  --projects N              digest: projects they are spread over (default 50)
  --cpu-prof DIR            ack: write V8 CPU profiles of the server processes to DIR
  --redis URL               Redis (default $REDIS_URL or ${DEFAULT_REDIS_URL})
  -h, --help                this text
`;

function positive(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`--${name}: expected a whole number, got "${text}"`);
  return value;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      only: { type: 'string' },
      requests: { type: 'string' },
      concurrency: { type: 'string' },
      warmup: { type: 'string' },
      timers: { type: 'string' },
      probes: { type: 'string' },
      'spread-ms': { type: 'string' },
      'reconcile-max': { type: 'string' },
      outbox: { type: 'string' },
      decisions: { type: 'string' },
      projects: { type: 'string' },
      redis: { type: 'string' },
      'cpu-prof': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const only = values.only;
  if (only !== undefined && !['ack', 'timers', 'outbox', 'digest'].includes(only)) {
    throw new Error(`--only: expected ack, timers, outbox or digest, got "${only}"`);
  }
  const redisUrl = values.redis ?? process.env.REDIS_URL ?? DEFAULT_REDIS_URL;
  const ack: AckOptions = {
    requests: positive('requests', values.requests, 500),
    concurrency: Math.max(1, positive('concurrency', values.concurrency, 50)),
    warmup: positive('warmup', values.warmup, 50),
    redisUrl,
    cpuProfileDir: values['cpu-prof'],
  };
  const timers: TimerOptions = {
    sizes: (values.timers ?? '10000,100000').split(',').map((s) => positive('timers', s.trim(), 0)),
    probes: Math.max(1, positive('probes', values.probes, 200)),
    spreadMs: positive('spread-ms', values['spread-ms'], 5000),
    reconcileMax: positive('reconcile-max', values['reconcile-max'], 10_000),
    redisUrl,
  };
  const outbox: OutboxOptions = {
    backlogs: (values.outbox ?? '0,100,300,1000,2000').split(',').map((s) => positive('outbox', s.trim(), 0)),
    redisUrl,
  };
  const digest: DigestScaleOptions = {
    decisions: Math.max(1, positive('decisions', values.decisions, 1_000_000)),
    projects: Math.max(1, positive('projects', values.projects, 50)),
  };

  const started = performance.now();
  const print = (text: string) => process.stdout.write(`${text}\n\n`);
  print(['decide-bot benchmarks', ...(await machineInfo(redisUrl)).map((l) => `  ${l}`)].join('\n'));
  const progress = (line: string) => process.stderr.write(`${line}\n`);
  if (only === undefined || only === 'ack') {
    progress('ack: real bot, then bare Bolt');
    print(await runAckLatency(ack));
  }
  if (only === undefined || only === 'outbox') {
    progress('outbox: enqueue() against pending rows');
    print(await runOutboxEnqueue(outbox));
  }
  if (only === undefined || only === 'timers') print((await runEscalationLateness(timers, progress)).detail);
  if (only === undefined || only === 'digest') print((await runDigestScale(digest, progress)).report);
  process.stdout.write(`Total time: ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  return 0;
}

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`\n${signal}: cleaning up (servers, Redis keys, temp dirs)...\n`);
    void cleanup.runAll().finally(() => process.exit(130));
  });
}

main()
  .catch(async (e: unknown) => {
    process.stderr.write(`bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 1;
  })
  .then(async (code) => {
    await cleanup.runAll();
    process.exit(code);
  });
