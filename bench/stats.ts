// Timing helpers for the benchmarks: run a function many times, report median and p99 in µs,
// and summarise repeated runs of a figure as their median with the spread (lowest, highest).
export interface Timing {
  median_us: number;
  p99_us: number;
}

/** A figure measured in several runs: the median of the runs, and the lowest and highest. */
export interface Spread {
  median: number;
  min: number;
  max: number;
  runs: number;
}

/** The value at `fraction` (0.5: the median) of unsorted samples. */
export function percentile(samples: readonly number[], fraction: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

/** To two decimals, as every figure is printed and kept. */
export const twoDecimals = (value: number) => Math.round(value * 100) / 100;

export function spread(values: readonly number[]): Spread {
  return {
    median: twoDecimals(percentile(values, 0.5)),
    min: twoDecimals(Math.min(...values)),
    max: twoDecimals(Math.max(...values)),
    runs: values.length,
  };
}

/** "0.42 (0.40–0.47)": a spread as the tables print it. */
export const showSpread = (figure: Spread) => `${figure.median} (${figure.min}–${figure.max})`;

/** Times `run(i)` for i in 0..iterations-1 after a warm-up, one sample per call. */
export function timeEach(iterations: number, run: (i: number) => unknown): Timing {
  for (let i = 0; i < Math.min(200, iterations); i++) run(i);
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = process.hrtime.bigint();
    run(i);
    samples.push(Number(process.hrtime.bigint() - start) / 1_000);
  }
  return { median_us: twoDecimals(percentile(samples, 0.5)), p99_us: twoDecimals(percentile(samples, 0.99)) };
}

export function timeOnce(run: () => unknown): number {
  const start = process.hrtime.bigint();
  run();
  return twoDecimals(Number(process.hrtime.bigint() - start) / 1_000_000);
}
