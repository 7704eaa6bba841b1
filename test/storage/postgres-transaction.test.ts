import type { Pool } from 'pg';
import { describe, expect, it } from 'vitest';
import {
  ATTEMPTS,
  CommitOutcomeUnknown,
  isConflict,
  isConnectionLost,
  retrying,
} from '../../src/storage/postgres/repositories/retry.js';
import { transaction } from '../../src/storage/postgres/repositories/transaction.js';

const pgError = (code: string, message = code) => Object.assign(new Error(message), { code });
/** How drizzle hands the driver's error on. */
const wrapped = (cause: Error) => new Error(`Failed query: select 1\nparams: `, { cause });

/**
 * A pool whose connections answer every statement, except that `fail(statement, attempt)` may make one throw.
 * Records what each connection was asked and how it was given back.
 */
function fakePool(fail: (statement: string, attempt: number) => Error | undefined) {
  const log: string[] = [];
  let attempt = 0;
  const pool = {
    connect(callback: (error: Error | undefined, client?: unknown) => void) {
      attempt++;
      const mine = attempt;
      const client = {
        on: () => client,
        off: () => client,
        query: async (statement: string) => {
          log.push(`${mine} ${statement}`);
          const error = fail(statement, mine);
          if (error) throw error;
          return { rows: [], rowCount: 0 };
        },
        release: (error?: unknown) => log.push(`${mine} ${error ? 'destroyed' : 'released'}`),
      };
      const refused = fail('connect', mine);
      if (refused) callback(refused);
      else callback(undefined, client);
    },
  };
  return { pool: pool as unknown as Pool, log };
}

describe('transaction: what runs again, and what does not', () => {
  const work = async () => 'done';

  it('runs the whole transaction again after a deadlock or a serialization failure', async () => {
    for (const code of ['40P01', '40001']) {
      const { pool, log } = fakePool((s, n) =>
        s === 'COMMIT' && n === 1 ? wrapped(pgError(code)) : undefined,
      );
      expect(await transaction(pool, work)).toBe('done');
      expect(log).toEqual([
        '1 BEGIN',
        '1 COMMIT',
        '1 ROLLBACK',
        '1 released',
        '2 BEGIN',
        '2 COMMIT',
        '2 released',
      ]);
    }
  });

  it('runs it again, on a new connection, when the connection failed before COMMIT was sent', async () => {
    let runs = 0;
    const { pool, log } = fakePool((s, n) =>
      s === 'BEGIN' && n === 1
        ? pgError('57P01', 'terminating connection due to administrator command')
        : undefined,
    );
    expect(await transaction(pool, async () => `run ${++runs}`)).toBe('run 1');
    expect(log.filter((l) => l.startsWith('1'))).toContain('1 destroyed');
    const refused = fakePool((s, n) => (s === 'connect' && n < 3 ? pgError('ECONNREFUSED') : undefined));
    expect(await transaction(refused.pool, work)).toBe('done');
  });

  it('never runs it again after a connection lost during COMMIT, unless a rerun is harmless', async () => {
    const lostAtCommit = (s: string, n: number) =>
      s === 'COMMIT' && n === 1 ? new Error('Connection terminated unexpectedly') : undefined;
    let runs = 0;
    const once = fakePool(lostAtCommit);
    const error = await transaction(once.pool, async () => runs++).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommitOutcomeUnknown);
    expect((error as Error).message).toMatch(/may or may not have been saved/);
    expect(runs).toBe(1);
    const idempotent = fakePool(lostAtCommit);
    expect(await transaction(idempotent.pool, async () => ++runs, { idempotent: true })).toBe(3);
  });

  it('rolls back and gives the caller any other error at once', async () => {
    const { pool, log } = fakePool(() => undefined);
    await expect(
      transaction(pool, async () => {
        throw pgError('23505', 'duplicate key');
      }),
    ).rejects.toThrow('duplicate key');
    expect(log).toEqual(['1 BEGIN', '1 ROLLBACK', '1 released']);
  });

  it(`gives up after ${ATTEMPTS} runs`, async () => {
    const { pool, log } = fakePool((s) => (s === 'BEGIN' ? pgError('ECONNRESET') : undefined));
    await expect(transaction(pool, work)).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(log.filter((l) => l.endsWith('BEGIN'))).toHaveLength(ATTEMPTS);
  });
});

describe('retrying a statement that may run twice', () => {
  it('reads again after a lost connection or a conflict, not after other errors', async () => {
    let calls = 0;
    expect(
      await retrying(async () => {
        if (++calls < 3) throw wrapped(pgError(calls === 1 ? '57P01' : '40001'));
        return calls;
      }),
    ).toBe(3);
    calls = 0;
    await expect(
      retrying(async () => {
        calls++;
        throw wrapped(pgError('42P01', 'relation does not exist'));
      }),
    ).rejects.toThrow('Failed query');
    expect(calls).toBe(1);
  });

  it('tells a lost connection however the driver reports it', () => {
    for (const lost of [
      pgError('57P01'),
      pgError('08006'),
      pgError('ECONNRESET'),
      new Error('Connection terminated unexpectedly'),
      new Error('Client has encountered a connection error and is not queryable'),
      wrapped(pgError('57P02')),
      new AggregateError([pgError('ECONNREFUSED'), pgError('ECONNREFUSED')], ''),
    ])
      expect(isConnectionLost(lost)).toBe(true);
    // A timeout spent its wait already: not tried again.
    const timeouts = [
      new Error('timeout exceeded when trying to connect'),
      new Error('Connection terminated due to connection timeout', { cause: new Error('timeout expired') }),
      pgError('ETIMEDOUT'),
    ];
    for (const other of [pgError('23505'), pgError('40P01'), new Error('boom'), 'text', ...timeouts])
      expect(isConnectionLost(other)).toBe(false);
    expect(isConflict(wrapped(pgError('40P01')))).toBe(true);
    expect(isConflict(pgError('23505'))).toBe(false);
  });
});
