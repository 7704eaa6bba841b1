// `npm run soak`: thousands of decisions and sign-offs through the real bot under chaos, then the invariants.
// See --help. The full run writes its figures to test/soak/results/latest.md.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { report, runSoak, type SoakResult } from './runner.js';
import type { DatabaseKind, SlackMode } from './world.js';

const HELP = `npm run soak -- [options]

Decisions and sign-offs through their whole life (answers, notes, edits, info requests, delegations,
escalations, votes, withdrawals) by people clicking at random, while Redis restarts and is flushed once,
a web and a worker process are SIGKILLed and restarted, PostgreSQL ends the bot's connections, and the Slack
stand-in fails 5% of calls (500 or 429) and stores 1% before answering 500. Then it checks and prints each
invariant; any violation fails the run (exit code 1) and names the decision.

  --quick              a small run (60 decisions per combination) for the test suite
  --decisions N        decisions and sign-offs per combination (default 500: 2,000 over the four)
  --database D         sqlite | postgres | both (default both)
  --slack M            http | socket | both (default both)
  --seed S             the chaos schedule's, the faults' and the people's seed (default 14)
  --help               this text`;

function parse(argv: readonly string[]) {
  const options = { decisions: 500, database: 'both', slack: 'both', seed: 14, quick: false };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const value = () => {
      i += 1;
      const v = argv[i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${HELP}\n`);
      process.exit(0);
    } else if (arg === '--quick') {
      options.quick = true;
      options.decisions = 60;
    } else if (arg === '--decisions') options.decisions = Number(value());
    else if (arg === '--database') options.database = value();
    else if (arg === '--slack') options.slack = value();
    else if (arg === '--seed') options.seed = Number(value());
    else throw new Error(`unknown option ${arg}\n\n${HELP}`);
  }
  if (!(Number.isInteger(options.decisions) && options.decisions > 0))
    throw new Error('--decisions: a whole number');
  if (!['sqlite', 'postgres', 'both'].includes(options.database))
    throw new Error('--database: sqlite, postgres or both');
  if (!['http', 'socket', 'both'].includes(options.slack)) throw new Error('--slack: http, socket or both');
  return options;
}

const options = parse(process.argv.slice(2));
const databases: DatabaseKind[] =
  options.database === 'both' ? ['sqlite', 'postgres'] : [options.database as DatabaseKind];
const modes: SlackMode[] = options.slack === 'both' ? ['http', 'socket'] : [options.slack as SlackMode];
const results: SoakResult[] = [];
let seed = options.seed;
for (const database of databases)
  for (const slack of modes) {
    results.push(
      await runSoak({
        decisions: options.decisions,
        database,
        slack,
        seed: seed++,
        log: (line) => process.stderr.write(`${line}\n`),
      }),
    );
  }
const text = report(results);
process.stdout.write(`${text}\n`);
const full = !options.quick && databases.length === 2 && modes.length === 2;
if (full) {
  const path = join(dirname(fileURLToPath(import.meta.url)), 'results', 'latest.md');
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(
    path,
    `# Last full soak (\`npm run soak\`)\n\n${new Date().toISOString()}, ${options.decisions} decisions per combination, seed ${options.seed}.\n\n${text}\n`,
  );
}
process.exit(results.every((r) => r.ok) ? 0 : 1);
