// Timing helpers for the benchmarks: run a function many times, report median and p99 in µs.
export interface Timing {
  median_us: number;
  p99_us: number;
}

function percentile(sorted: number[], fraction: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

const round = (value: number) => Math.round(value * 100) / 100;

/** Times `run(i)` for i in 0..iterations-1 after a warm-up, one sample per call. */
export function timeEach(iterations: number, run: (i: number) => unknown): Timing {
  for (let i = 0; i < Math.min(200, iterations); i++) run(i);
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = process.hrtime.bigint();
    run(i);
    samples.push(Number(process.hrtime.bigint() - start) / 1_000);
  }
  samples.sort((a, b) => a - b);
  return { median_us: round(percentile(samples, 0.5)), p99_us: round(percentile(samples, 0.99)) };
}

export function timeOnce(run: () => unknown): number {
  const start = process.hrtime.bigint();
  run();
  return round(Number(process.hrtime.bigint() - start) / 1_000_000);
}
