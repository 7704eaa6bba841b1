/** CPU of a process tree and of the whole machine, from /proc. */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

let ticksPerSecond: number | undefined;

function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

export interface ProcessCpu {
  readonly pid: number;
  readonly label: string;
  /** utime + stime, plus cutime + cstime (descendants already reaped), ms. */
  readonly cpuMs: number;
}

/** The process and its live descendants, with their CPU so far; empty when it has gone. */
export function treeCpu(root: number): ProcessCpu[] {
  const out: ProcessCpu[] = [];
  const visit = (pid: number, depth: number) => {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      return;
    }
    // Fields after the command name (which may hold spaces): state is field 3, utime 14 ... cstime 17, nice 19.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i] ?? 0), 0);
    const nice = Number(fields[16] ?? 0);
    const label = `${labelOf(pid, depth)}${nice === 0 ? '' : ` (nice ${nice})`}`;
    out.push({ pid, label, cpuMs: (ticks * 1000) / clockTicks() });
    let tids: string[] = [];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      return;
    }
    for (const tid of tids) {
      let children = '';
      try {
        children = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8');
      } catch {
        continue;
      }
      for (const child of children.split(' ').filter((c) => c.trim() !== '')) visit(Number(child), depth + 1);
    }
  };
  visit(root, 0);
  return out;
}

function labelOf(pid: number, depth: number): string {
  let command = '';
  try {
    command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
  } catch {
    // gone meanwhile
  }
  const script = /(\S+\.(?:js|ts))(?:\s|$)/.exec(command)?.[1]?.split('/').slice(-2).join('/');
  return `${depth === 0 ? 'main' : `child (depth ${depth})`}: ${script ?? command.slice(0, 60)}`;
}

/** CPU used between two samples of the same tree, per process (a process that appeared meanwhile counts from 0). */
export function cpuBetween(before: readonly ProcessCpu[], after: readonly ProcessCpu[]): ProcessCpu[] {
  const start = new Map(before.map((p) => [p.pid, p.cpuMs]));
  return after.map((p) => ({ ...p, cpuMs: p.cpuMs - (start.get(p.pid) ?? 0) }));
}

export const sumCpu = (list: readonly ProcessCpu[]) => list.reduce((sum, p) => sum + p.cpuMs, 0);

/** Busy CPU of the whole machine so far (/proc/stat: all but idle and iowait), ms. */
export function machineBusyMs(): number {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
    const busy = [user, nice, system, irq, softirq, steal].reduce<number>((sum, v) => sum + (v ?? 0), 0);
    return (busy * 1000) / clockTicks();
  } catch {
    return Number.NaN;
  }
}
