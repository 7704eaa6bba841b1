/**
 * The child-process entry of parts (b)-(d), forked by `part-run.ts` (with env CHILD_ENV naming its job file):
 * runs the one part, sends its result (or error) to the parent and exits.
 */
import { readFileSync } from 'node:fs';
import { bullmqPart } from './part-bullmq.js';
import { CHILD_ENV, type PartJob, type PartMessage } from './part-job.js';
import { sqlitePart } from './part-sqlite.js';
import { webApiPart } from './part-webapi.js';

async function childMain(jobPath: string): Promise<void> {
  const reply = (message: PartMessage) =>
    new Promise<void>((resolve) => {
      if (process.send) process.send(message, () => resolve());
      else resolve();
    });
  try {
    const job = JSON.parse(readFileSync(jobPath, 'utf8')) as PartJob;
    const result =
      job.part === 'sqlite'
        ? await sqlitePart(job)
        : job.part === 'bullmq'
          ? await bullmqPart(job)
          : await webApiPart(job);
    await reply({ result });
  } catch (error) {
    await reply({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
  process.exit(0);
}

const childJob = process.env[CHILD_ENV];
if (childJob !== undefined && process.send !== undefined) void childMain(childJob);
