/**
 * The reference: the lifecycle's unavoidable parts, each measured alone after the bot stopped, for the same
 * lifecycles: (a) bare Bolt acks, (b) the same writes raw on the bot's kind of database (better-sqlite3 on a
 * fresh SQLite file, or node-postgres on a fresh PostgreSQL database), (c) bare BullMQ, (d) bare WebClient.
 */
import { join } from 'node:path';
import type { Project } from '../../../src/domain/project.js';
import type { FakeSlack } from '../../../src/sandbox/index.js';
import { DEFAULT_POOL_SIZE } from '../../../src/storage/open-storage.js';
import { type BenchDatabase, runDatabase } from '../databases.js';
import { ms } from '../stats.js';
import type { Lifecycle } from './model.js';
import { bareBoltPart } from './part-bolt.js';
import type { PartResult, ReplayCall, RowTemplate, TimerTemplate } from './part-job.js';
import { runPart } from './part-run.js';

export interface ReferenceParts {
  readonly acks: PartResult;
  /** Part (b), on the bot's kind of database. */
  readonly writes: PartResult;
  readonly bullmq: PartResult;
  readonly webapi: PartResult;
}

export async function runReferences(input: {
  fake: FakeSlack;
  dir: string;
  redisUrl: string;
  /** A BullMQ prefix of part (c)'s own. */
  prefix: string;
  /** The bot's kind of database: part (b) writes to a fresh one of the same kind. */
  database: BenchDatabase;
  /** The PostgreSQL server part (b)'s throwaway database is created on. */
  postgresServer: string;
  project: Project;
  /** Lifecycles each part runs unmeasured first. */
  warm: readonly Lifecycle[];
  /** The lifecycles measured: those closed in the window. */
  inWindow: readonly Lifecycle[];
  concurrency: number;
  template: RowTemplate;
  timerTemplate: TimerTemplate;
  /** Stops the stand-in's clock (a time), or lets it run again (undefined). */
  freezeClock: (at: number | undefined) => void;
  progress: (line: string) => void;
}): Promise<ReferenceParts> {
  const { fake, dir, redisUrl, warm, inWindow, concurrency, template, progress } = input;
  // (a) A bare Bolt app acking the requests the bot received.
  const acks = await bareBoltPart({
    fake,
    dir,
    redisUrl,
    project: input.project,
    warm,
    inWindow,
    concurrency,
  });
  progress(`lifecycle: (a) bare Bolt: ${ms(acks.cpuMs / acks.lifecycles)} ms CPU per lifecycle`);
  // (b) The same writes, on a fresh database of the bot's kind.
  const writes = await writesPart(input);
  progress(
    `lifecycle: (b) raw ${input.database === 'postgres' ? 'PostgreSQL' : 'SQLite'}: ${ms(writes.cpuMs / writes.lifecycles)} ms CPU per lifecycle`,
  );
  // (c) The same BullMQ jobs.
  const bullmq = await runPart(
    {
      part: 'bullmq',
      redisUrl,
      prefix: input.prefix,
      warmup: warm.length,
      lifecycles: inWindow.length,
      concurrency,
      openDeliveries: template.openDeliveries.length,
      closeDeliveries: template.closeDeliveries.length,
      timers: input.timerTemplate,
    },
    dir,
  );
  progress(`lifecycle: (c) bare BullMQ: ${ms(bullmq.cpuMs / bullmq.lifecycles)} ms CPU per lifecycle`);
  // (d) The same Web API calls from a bare WebClient (fresh triggers for views.open, the clock stopped).
  input.freezeClock(Date.now());
  const replayOf = (lc: Lifecycle): ReplayCall[] =>
    lc.calls.map((call) => {
      const args = { ...call.args };
      if (call.method === 'views.open') args.trigger_id = fake.tickets.issueTrigger(lc.user);
      const ts = (call.response as { ts?: unknown } | undefined)?.ts;
      return {
        method: call.method,
        args,
        ...(call.method === 'chat.postMessage' && typeof ts === 'string' ? { postedTs: ts } : {}),
      };
    });
  let webapi: PartResult;
  try {
    webapi = await runPart(
      {
        part: 'webapi',
        apiUrl: fake.apiUrl,
        token: fake.botToken,
        concurrency,
        warmup: warm.map(replayOf),
        lifecycles: inWindow.map(replayOf),
      },
      dir,
    );
  } finally {
    input.freezeClock(undefined);
  }
  progress(`lifecycle: (d) bare WebClient: ${ms(webapi.cpuMs / webapi.lifecycles)} ms CPU per lifecycle`);
  return { acks, writes, bullmq, webapi };
}

/** Part (b): better-sqlite3 on a fresh file, or node-postgres on a fresh database (created, then dropped). */
async function writesPart(input: Parameters<typeof runReferences>[0]): Promise<PartResult> {
  const { dir, warm, inWindow, template } = input;
  if (input.database === 'sqlite') {
    return runPart(
      {
        part: 'sqlite',
        dbPath: join(dir, 'reference.db'),
        warmup: warm.length,
        lifecycles: inWindow.length,
        template,
      },
      dir,
    );
  }
  const database = await runDatabase('postgres', { dir, file: 'unused.db', server: input.postgresServer });
  try {
    return await runPart(
      {
        part: 'postgres',
        url: database.databaseUrl ?? '',
        poolSize: DEFAULT_POOL_SIZE,
        concurrency: input.concurrency,
        warmup: warm.length,
        lifecycles: inWindow.length,
        template,
      },
      dir,
    );
  } finally {
    await database.drop();
  }
}
