import { WriteLockBusy } from './ports.js';

/** How long a change may wait for another process's transaction before it fails (SQLite's busy timeout). */
const WRITE_WAIT_MS = 5000;
const MAX_PAUSE_MS = 20;

/**
 * Runs a write that needs the database's write lock, waiting for it without blocking the event loop: while
 * another process holds the lock the write is tried again after a pause (1 ms, doubling up to 20 ms, with
 * jitter so that waiting writers do not retry in step). Other requests are served meanwhile; a blocking wait
 * inside SQLite would put the whole process to sleep.
 */
export async function whenWritable<T>(write: () => T | Promise<T>): Promise<T> {
  let waited = 0;
  for (let pause = 1; ; pause = Math.min(MAX_PAUSE_MS, pause * 2)) {
    try {
      return await write();
    } catch (error) {
      if (!(error instanceof WriteLockBusy) || waited >= WRITE_WAIT_MS) throw error;
    }
    const ms = pause / 2 + Math.random() * pause;
    await new Promise((resolve) => setTimeout(resolve, ms));
    waited += ms;
  }
}
