/**
 * The child-process entry of parts (b)-(d), forked by `part-run.ts` (with env CHILD_ENV naming its job file;
 * part (b) is `sqlite` or `postgres`, after the bot's database):
 * runs the one part, sends its result (or error) to the parent and exits.
 */
import { readFileSync } from 'node:fs';
import { bullmqPart } from './part-bullmq.js';
import { CHILD_ENV, type PartJob, type PartMessage, type PartResult } from './part-job.js';
import { postgresPart } from './part-postgres.js';
import { sqlitePart } from './part-sqlite.js';
import { webApiPart } from './part-webapi.js';

function runJob(job: PartJob): Promise<PartResult> {
  switch (job.part) {
    case 'sqlite':
      return sqlitePart(job);
    case 'postgres':
      return postgresPart(job);
    case 'bullmq':
      return bullmqPart(job);
    case 'webapi':
      return webApiPart(job);
  }
}

async function childMain(jobPath: string): Promise<void> {
  const reply = (message: PartMessage) =>
    new Promise<void>((resolve) => {
      if (process.send) process.send(message, () => resolve());
      else resolve();
    });
  try {
    const job = JSON.parse(readFileSync(jobPath, 'utf8')) as PartJob;
    const result = await runJob(job);
    await reply({ result });
  } catch (error) {
    await reply({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
  process.exit(0);
}

const childJob = process.env[CHILD_ENV];
if (childJob !== undefined && process.send !== undefined) void childMain(childJob);
