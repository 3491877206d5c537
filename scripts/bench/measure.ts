// Runs one measurement in a fresh child process, so timings and peak RSS belong to that work alone.

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** What a child reports: its own JSON plus the peak RSS of its process. */
export type ChildResult = Record<string, unknown> & { maxRssMb: number };

/** Runs `dist/scripts/bench/<script>.js` with args; the child prints one JSON object as its last stdout line. */
export function runChild(script: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<ChildResult> {
  const file = fileURLToPath(new URL(`./${script}.js`, import.meta.url));
  return new Promise((resolveP, reject) => {
    const child = spawn(process.execPath, [file, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0)
        return reject(new Error(`${script} ${args.join(' ')} exited ${code}: ${out.slice(-2000)}`));
      try {
        resolveP(JSON.parse(last) as ChildResult);
      } catch {
        reject(new Error(`${script} printed no JSON: ${out.slice(-2000)}`));
      }
    });
  });
}

/** Peak resident set size of this process so far, in MB (ru_maxrss is in KB on Linux). */
export function maxRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

/** Median of numbers. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}
