// How fast the machine is at the moment, measured at the start and at the end of a run. The same
// code's figures move with the host (between two runs of the same search code, every search
// engine's p99 moved by 1.5–1.65 times), so a run says how fast a fixed loop and fresh memory were.
// Fresh memory is a figure of its own: on a VM that hands freed memory back to its host, touching
// a new MB costs milliseconds, and a cold start touches hundreds of MB.
import { execFileSync } from 'node:child_process';
import { type Spread, spread } from './stats.ts';

/** Run in a fresh process, so that its memory is fresh too. */
const PROBE = `
let started = performance.now();
let sum = 0;
for (let i = 0; i < 300_000_000; i++) sum += i % 7;
const loop_ms = performance.now() - started;
started = performance.now();
Buffer.allocUnsafe(100_000_000).fill(sum & 1);
console.log(JSON.stringify({ loop_ms, fresh_100_mb_ms: performance.now() - started }));`;

export interface MachineSpeed {
  /** A fixed integer loop (300 million turns). */
  loop_ms: Spread;
  /** Writing 100 MB of memory the process has not touched before. */
  fresh_100_mb_ms: Spread;
}

/** Probes per measurement: the figures are their median and range. */
const PROBES = 3;

export function machineSpeed(): MachineSpeed {
  const runs = Array.from(
    { length: PROBES },
    () => JSON.parse(execFileSync(process.execPath, ['-e', PROBE], { encoding: 'utf8' })) as { loop_ms: number; fresh_100_mb_ms: number },
  );
  return { loop_ms: spread(runs.map((run) => run.loop_ms)), fresh_100_mb_ms: spread(runs.map((run) => run.fresh_100_mb_ms)) };
}
