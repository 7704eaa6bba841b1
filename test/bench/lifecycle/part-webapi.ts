/** Reference part (d): the bot's Web API calls resent by a bare WebClient against the stand-in. */
import { LogLevel, webApi } from '@slack/bolt';
import { pool } from '../support.js';
import {
  measured,
  type PartJob,
  type PartResult,
  perLifecycleCount,
  type ReplayCall,
  tally,
} from './part-job.js';

/** (d) The bot's Web API calls, resent by a bare WebClient configured like the bot's. */
export async function webApiPart(job: Extract<PartJob, { part: 'webapi' }>): Promise<PartResult> {
  const client = new webApi.WebClient(job.token, {
    slackApiUrl: job.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logLevel: LogLevel.ERROR,
  });
  const errors: Record<string, number> = {};
  const replay = async (calls: readonly ReplayCall[]) => {
    const posted = new Map<string, string>();
    for (const call of calls) {
      const args = { ...call.args };
      if (typeof args.thread_ts === 'string') args.thread_ts = posted.get(args.thread_ts) ?? args.thread_ts;
      if (call.method === 'chat.update' && typeof args.ts === 'string')
        args.ts = posted.get(args.ts) ?? args.ts;
      try {
        const result = await client.apiCall(call.method, args);
        const ts = (result as { ts?: unknown }).ts;
        if (call.postedTs !== undefined && typeof ts === 'string') posted.set(call.postedTs, ts);
      } catch (error) {
        const code = (error as { data?: { error?: string } }).data?.error ?? String(error).slice(0, 60);
        tally(errors, `${call.method}: ${code}`);
      }
    }
  };
  await pool(job.warmup.length, job.concurrency, (i) => replay(job.warmup[i] ?? []));
  for (const key of Object.keys(errors)) delete errors[key];
  const figures = await measured(
    async () =>
      void (await pool(job.lifecycles.length, job.concurrency, (i) => replay(job.lifecycles[i] ?? []))),
  );
  const byMethod = new Map<string, number>();
  for (const calls of job.lifecycles)
    for (const c of calls) byMethod.set(c.method, (byMethod.get(c.method) ?? 0) + 1);
  const n = Math.max(1, job.lifecycles.length);
  return {
    ...figures,
    lifecycles: job.lifecycles.length,
    perLifecycle: [...byMethod].map(([m, k]) => `${perLifecycleCount(k / n)} ${m}`).join(', '),
    errors,
  };
}
