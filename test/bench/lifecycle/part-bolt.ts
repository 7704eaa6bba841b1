/** Reference part (a), driven from this process (parts (b)-(d) run in a child process of their own). */
import type { Project } from '../../../src/domain/project.js';
import { type FakeSlack, SlackDriver } from '../../../src/sandbox/index.js';
import { benchConfig, SIGNING_SECRET } from '../fixture.js';
import { ServerProcess } from '../server-process.js';
import { pool } from '../support.js';
import type { Lifecycle } from './model.js';
import { type PartResult, perLifecycleCount, tally } from './part-job.js';

/** (a) A bare Bolt app (a child process; its listeners only ack) receiving the requests the bot received. */
export async function bareBoltPart(input: {
  fake: FakeSlack;
  dir: string;
  redisUrl: string;
  project: Project;
  warm: readonly Lifecycle[];
  inWindow: readonly Lifecycle[];
  concurrency: number;
}): Promise<PartResult> {
  const config = benchConfig({
    fake: input.fake,
    dir: input.dir,
    redisUrl: input.redisUrl,
    queuePrefix: 'unused',
    projects: [input.project],
  });
  const server = ServerProcess.spawn();
  try {
    const { port } = await server.call({ type: 'start', mode: 'bare', config }, 'ready');
    const driver = new SlackDriver({
      fake: input.fake,
      url: `http://127.0.0.1:${port}/slack/events`,
      signingSecret: SIGNING_SECRET,
    });
    const errors: Record<string, number> = {};
    const replay = async (lc: Lifecycle | undefined) => {
      for (const sent of lc?.requests ?? []) {
        const [ack] = await driver.replay(sent);
        if (ack && ack.status !== 200) tally(errors, `HTTP ${ack.status}`);
      }
    };
    await pool(input.warm.length, input.concurrency, (i) => replay(input.warm[i]));
    for (const key of Object.keys(errors)) delete errors[key];
    await server.call({ type: 'phase-start' }, 'phase');
    const started = performance.now();
    await pool(input.inWindow.length, input.concurrency, (i) => replay(input.inWindow[i]));
    const wallMs = performance.now() - started;
    const { loop } = await server.call({ type: 'phase-end' }, 'phase');
    await server.stop();
    const requests = input.inWindow.reduce((sum, lc) => sum + lc.requests.length, 0);
    return {
      cpuMs: loop.cpuMs,
      wallMs,
      lifecycles: input.inWindow.length,
      perLifecycle: `${perLifecycleCount(requests / Math.max(1, input.inWindow.length))} signed requests acked`,
      errors,
    };
  } finally {
    await server.end();
  }
}
