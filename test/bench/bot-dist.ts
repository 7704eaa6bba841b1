/** The built bot that the process benchmarks (start-up, lifecycles) run, and how they see it listen. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const MAIN = join(ROOT, 'dist', 'main.js');

/** Whether `dist/` is older than some `src/**\/*.ts` (or missing): then it is built first. */
export function distIsStale(): boolean {
  const built = join(ROOT, 'dist', '.tsbuildinfo');
  if (!existsSync(MAIN) || !existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  const newer = (dir: string): boolean =>
    readdirSync(dir, { withFileTypes: true }).some((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return newer(path);
      return entry.name.endsWith('.ts') && statSync(path).mtimeMs > builtAt;
    });
  return newer(join(ROOT, 'src'));
}

/** One `GET /healthz`: true when anything answers over HTTP (200 or 503 alike: the port listens). */
export function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/healthz', agent: false, timeout: 1000 }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}
