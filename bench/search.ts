// `npm run bench:search`: the search figures alone, for a quiet machine: the queries table's
// search row at 100,000 generated facts (µs, ours vs a linear scan), the index's build time,
// and `dateline serve`'s start-up and memory on the same pack (one first start, one cached).
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Theme } from '../src/facts/types.ts';
import { benchQueries, benchStartup } from './queries.ts';

const FACTS = 100_000;
const factsDir = join(import.meta.dirname, '..', 'facts');
const themes = (parse(readFileSync(join(factsDir, 'themes.yaml'), 'utf8')) as { themes: Theme[] }).themes;

console.log(
  `load average ${loadavg()
    .map((load) => load.toFixed(2))
    .join(' ')}`,
);
const { index_build_ms, search } = benchQueries(FACTS, themes, 3_000);
console.table({ facts: FACTS, index_build_ms, median_us: search.median_us, p99_us: search.p99_us, scan_p99_us: search.naive.p99_us });
const startup = await benchStartup(FACTS, factsDir, 1);
console.table(startup.runs);
