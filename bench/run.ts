// `npm run bench`: measures Dateline against its baselines in the same run (these machines
// are shared and noisy, so only side-by-side figures mean anything), prints a table and
// writes bench/results.json. `--quick` runs a reduced version in under a minute.
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Theme } from '../src/facts/types.ts';
import { benchFanout } from './fanout.ts';
import { benchHttp } from './http.ts';
import { benchQueries, benchStartup } from './queries.ts';

const quick = process.argv.includes('--quick');
const factsDir = join(import.meta.dirname, '..', 'facts');
const themes = (parse(readFileSync(join(factsDir, 'themes.yaml'), 'utf8')) as { themes: Theme[] }).themes;

const sizes = quick ? [1_000, 10_000] : [1_000, 10_000, 100_000];
const machine = { cpus: cpus().length, cpu_model: cpus()[0]?.model ?? 'unknown', memory_gb: Math.round(totalmem() / 2 ** 30), node: process.version };

console.log(`Dateline benchmarks${quick ? ' (quick)' : ''} on ${machine.cpus} × ${machine.cpu_model}, ${machine.memory_gb} GiB, Node ${machine.node}\n`);

const queries = sizes.map((size) => benchQueries(size, themes, quick ? 500 : 3_000));
console.log('Queries (µs; ours vs a linear scan over the same facts)');
console.table(
  queries.flatMap((result) =>
    (['on_this_date', 'on_month', 'theme', 'search'] as const).map((name) => ({
      facts: result.facts,
      query: name,
      median: result[name].median_us,
      p99: result[name].p99_us,
      'scan median': result[name].naive.median_us,
      'scan p99': result[name].naive.p99_us,
      speedup: result[name].speedup_p99,
    })),
  ),
);
console.table(queries.map((result) => ({ facts: result.facts, 'index build ms': result.index_build_ms })));

const startup = await benchStartup(quick ? 10_000 : 100_000, factsDir);
console.log('Start-up: `dateline serve` from spawn to a healthy /healthz, first start (YAML) and next (cached)');
console.table([startup]);

const http = await benchHttp({ durationSeconds: quick ? 3 : 10, connections: 50, steadyRate: 200 });
console.log('HTTP: signed /dateline search over loopback (autocannon, 50 connections), ours vs a bare Bolt app acking a fixed string');
console.table(
  (['saturated', 'steady'] as const).flatMap((mode) =>
    (['ours', 'bare'] as const).map((server) => ({
      load: mode === 'steady' ? `${http.steady_rate_per_s} req/s` : 'saturated',
      server: server === 'ours' ? 'dateline' : 'bare bolt',
      'req/s': http[mode][server].requests_per_second,
      p50_ms: http[mode][server].p50_ms,
      p99_ms: http[mode][server].p99_ms,
      errors: http[mode][server].errors + http[mode][server].non_2xx,
      ratio_p99: server === 'ours' ? http[mode].ratio_p99 : '',
    })),
  ),
);

const fanout = await benchFanout({ subscriptions: quick ? 200 : 2_000 });
console.log('Fan-out: digests due in the same minute against a rate-limited fake Slack Web API');
console.table([fanout]);

const results = { machine, quick, queries, startup, http, fanout, measured_at: new Date().toISOString() };
writeFileSync(join(import.meta.dirname, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log('Wrote bench/results.json');
