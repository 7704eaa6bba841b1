import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Clock } from '../app/ports.js';

/**
 * The sandbox's time: the wall clock plus an offset that only grows. "Run due timers now" moves it forward to
 * each timer's instant, so the bot's real timer path sees the timer as due (and latencies show the time that
 * was skipped). The offset is saved beside the sandbox's data, so a restart never moves time backwards.
 */
export class SandboxClock implements Clock {
  private constructor(
    private readonly file: string,
    private offsetMs: number,
    private readonly wall: () => number,
  ) {}

  static load(file: string, wall: () => number = Date.now): SandboxClock {
    let offset = 0;
    try {
      const saved = JSON.parse(readFileSync(file, 'utf8')) as { offsetMs?: unknown };
      if (typeof saved.offsetMs === 'number' && saved.offsetMs >= 0) offset = saved.offsetMs;
    } catch {
      // No file yet (a fresh sandbox) or an unreadable one: start at the wall clock.
    }
    return new SandboxClock(file, offset, wall);
  }

  now = (): number => this.wall() + this.offsetMs;

  /** How far the sandbox is ahead of the wall clock. */
  get aheadMs(): number {
    return this.offsetMs;
  }

  /** Moves time forward to `instant` (never back). */
  advanceTo(instant: number): void {
    const gap = instant - this.now();
    if (gap <= 0) return;
    this.offsetMs += gap;
    const temp = `${this.file}.tmp`;
    writeFileSync(temp, JSON.stringify({ offsetMs: this.offsetMs }));
    renameSync(temp, this.file);
  }
}
