// Child process for the concurrency test: opens its own connection to the file and decides `d1`.
// Prints "ok" for the winner and the refusal code otherwise.
import { whenWritable } from '../../../src/app/write-lock.js';
import { BusinessCalendar } from '../../../src/domain/business-calendar.js';
import { decide } from '../../../src/domain/transitions/index.js';
import { DecisionRepository, openDatabase } from '../../../src/storage/index.js';

const [path, optionId] = process.argv.slice(2);
if (path === undefined || optionId === undefined) throw new Error('usage: decide-in-process <db> <option>');
const clock = new BusinessCalendar({ timezone: 'UTC', businessHours: 'always', holidays: [] });
const database = openDatabase(path);
const now = Date.UTC(2026, 10, 2, 9, 1);
// As the use cases do: while another process holds the write lock, wait for it without blocking.
const result = await whenWritable(() =>
  new DecisionRepository(database).transact(
    'd1',
    (d) => decide(d, { actor: 'U0SPOC0001', optionId }, { now, clock }),
    () => [],
    now,
  ),
);
database.close();
process.stdout.write(result.found && result.ok ? 'ok' : result.found ? result.refusal.code : 'not_found');
