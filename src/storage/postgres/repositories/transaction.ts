import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { Pool, PoolClient } from 'pg';
import * as schema from '../schema.js';
import { lockIdOrder } from './ordered-ids.js';
import { ATTEMPTS, backoff, CommitOutcomeUnknown, isConflict, isConnectionLost } from './retry.js';

/** Drizzle over the pool or over one connection. */
export type Queries = NodePgDatabase<typeof schema>;

/** One transaction's connection. */
export interface Tx {
  readonly db: Queries;
  /** Takes the id-order lock (ordered-ids.ts) once; call it right before inserting events or deliveries. */
  orderIds(): Promise<void>;
}

export interface TransactionOptions {
  /**
   * Running the work twice has the effect of running it once (a request key the replay finds, dedupe keys):
   * after a connection lost during COMMIT the transaction is run again instead of failing.
   */
  readonly idempotent?: boolean;
}

/** Drizzle per pooled connection, made once: a connection lives for many transactions. */
const drizzles = new WeakMap<PoolClient, Queries>();

const ignore = () => {};

/**
 * Runs `work` in a transaction (READ COMMITTED) on a connection of its own, and again, whole, after a
 * serialization failure or deadlock (40001, 40P01) or a connection lost before COMMIT was sent (57P01 from
 * pg_terminate_backend or a restart, ECONNRESET…): until COMMIT nothing of an explicit transaction is saved, so
 * the rerun starts from what is committed, and `work` (which decides from what it reads) decides again. A
 * connection lost during COMMIT leaves the outcome unknown: the transaction runs again only when it is
 * `idempotent`; otherwise CommitOutcomeUnknown. At most ATTEMPTS runs, with jittered pauses in between.
 */
export async function transaction<T>(
  pool: Pool,
  work: (tx: Tx) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const run = { committing: false };
    try {
      return await once(pool, work, run);
    } catch (error) {
      const last = attempt >= ATTEMPTS;
      if (run.committing && isConnectionLost(error)) {
        if (!options.idempotent || last) throw new CommitOutcomeUnknown(error);
      } else if (last || !(isConflict(error) || isConnectionLost(error))) throw error;
    }
    await backoff(attempt);
  }
}

async function once<T>(pool: Pool, work: (tx: Tx) => Promise<T>, run: { committing: boolean }): Promise<T> {
  const client = await checkOut(pool);
  let broken: unknown;
  try {
    let ordered: Promise<unknown> | undefined;
    const tx: Tx = {
      db: queriesOf(client),
      orderIds: async () => {
        ordered ??= lockIdOrder(client);
        await ordered;
      },
    };
    await client.query('BEGIN');
    const value = await work(tx);
    run.committing = true;
    await client.query('COMMIT');
    return value;
  } catch (error) {
    // Harmless when the transaction is over already; a connection that cannot even roll back is dropped.
    await client.query('ROLLBACK').catch((rollback: unknown) => {
      broken = rollback;
    });
    if (isConnectionLost(error)) broken = error;
    throw error;
  } finally {
    client.off('error', ignore);
    client.release(broken instanceof Error ? broken : broken === undefined ? undefined : true);
  }
}

/**
 * A connection of the pool, already listening for 'error'. A backend that ends makes its client emit 'error'
 * (fatal without a listener); the statement under way or the next one fails with it, which is where it is
 * handled. The listener goes on in the pool's callback: a new connection's first packet can hold both its
 * ReadyForQuery and the FATAL of a backend terminated at once, so a listener added after an `await` is late.
 */
function checkOut(pool: Pool): Promise<PoolClient> {
  return new Promise((resolve, reject) => {
    pool.connect((error, client) => {
      if (error || client === undefined) return reject(error ?? new Error('the pool gave no connection'));
      client.on('error', ignore);
      resolve(client);
    });
  });
}

function queriesOf(client: PoolClient): Queries {
  let found = drizzles.get(client);
  if (!found) {
    found = drizzle({ client, schema });
    drizzles.set(client, found);
  }
  return found;
}
