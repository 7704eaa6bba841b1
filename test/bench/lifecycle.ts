/**
 * Issue #10: full decision lifecycles per second, and what the bot spends on each. One lifecycle: a requester
 * types `/decide` (the form opens), submits it, the request DM reaches the SPoC with its buttons, the SPoC clicks
 * an option, and the decision closes with every follow-up message delivered (the stand-in has received the thread
 * reply and the updates of every copy; the database says `decided` and no outbox row of it is pending).
 *
 * It runs once per database (issue #13): on a SQLite file, and on a PostgreSQL database created for the run
 * and dropped after it (DATABASE_URL), each with a reference on the same kind of database.
 *
 * The bot runs as in production, a separate `node dist/main.js` with Slack credentials set (the default layout,
 * whatever processes it starts); its CPU is the utime + stime of that process and of all its descendants, read
 * from /proc before and after the measured window. This process is Slack: the stand-in's Web API (validating
 * every call) and the driver sending signed requests, `concurrency` lifecycles in flight.
 *
 * The reference is the sum of the lifecycle's unavoidable parts, each measured alone afterwards for the same
 * number of lifecycles, each in a process of its own whose CPU is all that is counted:
 *   (a) a bare Bolt app (listeners only ack) receiving the very requests the bot received;
 *   (b) the bot's writes (its rows, read back from its database) in the same commits, raw, on a fresh database
 *       of the same kind with the real migrations: better-sqlite3 prepared statements on a SQLite file
 *       (part-sqlite.ts), or node-postgres statements shaped as the PostgreSQL stores shape those commits
 *       (part-postgres.ts: the id-order lock, the decision's row lock);
 *   (c) the same BullMQ jobs: as many delivery jobs added and processed by a no-op worker, as many timer jobs
 *       added (days ahead) and removed again;
 *   (d) the Web API calls the bot made, resent by a bare WebClient against the stand-in.
 *
 * The code is in lifecycle/: run.ts (the benchmark), build.ts, bot-env.ts, bot-process.ts, bot-db.ts (its SQLite
 * file or PostgreSQL database, read beside it) and bot-log.ts (the bot), proc-cpu.ts (CPU from /proc), model.ts,
 * tracker.ts, driver.ts, open-timers.ts and load.ts (the lifecycles), check.ts, references.ts with part-*.ts
 * (parts (b)-(d) run `part-child.ts` as a child process, env DECIDE_BENCH_LIFECYCLE_PART naming the job),
 * report.ts (the section).
 */
export { type LifecycleOptions, runLifecycle } from './lifecycle/run.js';
