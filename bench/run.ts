// `npm run bench`: measures Dateline against its baselines in the same run (these machines are
// shared and noisy, so only side-by-side figures mean anything), each figure the median of
// several runs with its spread, prints the tables and the issue's figures beside their baseline
// and target, and writes bench/results.json with the machine and the commit.
// `--quick` runs a reduced version in a few minutes; `--only <section>[,<section>…]` runs those
// sections alone (queries, engines, startup, http, wal, fanout, busy-minute, scale), e.g. `npm run bench -- --only http`.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Theme } from '../src/facts/types.ts';
import { benchBusyMinute, busyMinuteFigures, printBusyMinuteRuns } from './busy-minute.ts';
import { benchFanout } from './fanout.ts';
import { generateFacts } from './generate-facts.ts';
import { benchHttp } from './http.ts';
import { benchReplayStore } from './replay-store.ts';
import { benchWal } from './wal.ts';
import { machineSpeed, type MachineSpeed } from './machine-speed.ts';
import { benchQueries } from './queries.ts';
import { benchScale, printScale } from './scale.ts';
import { benchSearchEngines } from './search-engines.ts';
import { benchStartup, printStartup, startupSummary } from './startup.ts';
import { type Spread, showSpread, twoDecimals } from './stats.ts';

const quick = process.argv.includes('--quick');
const SECTIONS = ['queries', 'engines', 'startup', 'http', 'wal', 'fanout', 'busy-minute', 'scale'] as const;
type Section = (typeof SECTIONS)[number];
const onlyIndex = process.argv.indexOf('--only');
const only = onlyIndex === -1 ? undefined : (process.argv[onlyIndex + 1] ?? '').split(',');
const unknown = only?.filter((name) => !(SECTIONS as readonly string[]).includes(name)) ?? [];
if (only && (only.length === 0 || unknown.length > 0)) {
  console.error(`--only takes sections among ${SECTIONS.join(', ')} (comma-separated); not: ${unknown.join(', ') || '(none given)'}`);
  process.exit(2);
}
const runs = (section: Section) => !only || only.includes(section);
const RUNS = 3;
const root = join(import.meta.dirname, '..');
const factsDir = join(root, 'facts');
const themes = (parse(readFileSync(join(factsDir, 'themes.yaml'), 'utf8')) as { themes: Theme[] }).themes;

const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
const sizes = quick ? [1_000, 10_000] : [1_000, 10_000, 100_000];
const largest = sizes.at(-1)!;
const machine = {
  cpus: cpus().length,
  cpu_model: cpus()[0]?.model ?? 'unknown',
  memory_gb: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  load_average_at_start: loadavg().map(twoDecimals),
};
const speedAtStart = machineSpeed();
const showSpeed = (speed: MachineSpeed) =>
  `a fixed loop ${showSpread(speed.loop_ms)} ms, 100 MB of fresh memory ${showSpread(speed.fresh_100_mb_ms)} ms`;
const commit = { sha: git('rev-parse', 'HEAD'), uncommitted_changes: git('status', '--porcelain', '--untracked-files=no') !== '' };

console.log(
  `Dateline benchmarks${quick ? ' (quick)' : ''}${only ? ` (only ${only.join(', ')})` : ''} at ${commit.sha.slice(0, 10)}${commit.uncommitted_changes ? ' (with uncommitted changes)' : ''}`,
);
console.log(
  `on ${machine.cpus} × ${machine.cpu_model}, ${machine.memory_gb} GiB, Node ${machine.node}, load average ${machine.load_average_at_start.join(' ')}`,
);
console.log(`Machine speed at the start: ${showSpeed(speedAtStart)}\n`);

const verdict = (figure: Spread, target: number) =>
  figure.median < target ? `met${figure.max < target ? '' : ' (not in every run)'}` : 'NOT met';
const ratioVerdict = (figure: Spread, target: number) =>
  figure.median <= target ? `met${figure.max <= target ? '' : ' (not in every run)'}` : 'NOT met';
const atLeastVerdict = (figure: Spread, target: number) =>
  figure.median >= target ? `met${figure.min >= target ? '' : ' (not in every run)'}` : 'NOT met';
/** The issue's figures of the sections run, in the order they ran. */
const summary: { figure: string; baseline: string; measured: string; target: string; verdict: string }[] = [];

const queries = runs('queries') ? sizes.map((size) => benchQueries(size, themes, quick ? 500 : 3_000)) : undefined;
if (queries) {
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
}

const engines = runs('engines')
  ? benchSearchEngines(generateFacts(largest, themes), { queryCount: quick ? 400 : 2_000, runs: RUNS })
  : undefined;
if (engines) {
  console.log(
    `Search engines at ${largest.toLocaleString('en')} facts, the same queries interleaved (µs, median of ${RUNS} runs with their range; shares of queries)`,
  );
  console.table(
    engines.map((engine) => ({
      engine: engine.engine,
      median: showSpread(engine.median_us),
      p99: showSpread(engine.p99_us),
      'build ms': engine.build_ms,
      'heap MB': engine.heap_mb,
      'RSS MB': engine.rss_mb,
      'first result named (exact/prefix/typo/question)': Object.values(engine.first_result_named).join(' / '),
      'answered (exact/prefix/typo/question)': Object.values(engine.answered).join(' / '),
    })),
  );
  const ours = engines[0]!;
  const minisearch = engines.find((engine) => engine.engine.startsWith('MiniSearch'))!;
  summary.push({
    figure: `search p99 at ${largest.toLocaleString('en')} facts (µs)`,
    baseline: `MiniSearch ${showSpread(minisearch.p99_us)}; issue: 3,030`,
    measured: showSpread(ours.p99_us),
    target: '< 1,000',
    verdict: verdict(ours.p99_us, 1_000),
  });
}

const startup = runs('startup') ? await benchStartup(quick ? 10_000 : 100_000, factsDir, RUNS) : undefined;
if (startup) {
  printStartup(startup);
  summary.push(...startupSummary(startup));
}

const http = runs('http')
  ? await benchHttp({
      durationSeconds: quick ? 3 : 10,
      steadySeconds: quick ? 3 : 30,
      connections: 50,
      steadyRate: 200,
      rounds: RUNS,
    })
  : undefined;
const replayStore = runs('http') ? await benchReplayStore({ calls: quick ? 1_000 : 4_000, rounds: RUNS }) : undefined;
if (http && replayStore) {
  console.log(
    "HTTP: signed /dateline search over loopback, ours vs a bare Bolt app acking a fixed string, rounds alternating (saturated: autocannon, 50 connections; steady: one command every 1/rate s; CPU: the server process's, per request, during the load)",
  );
  console.table(
    (['steady', 'saturated', 'steady_after_saturation'] as const).flatMap((mode) =>
      http[mode].rounds.map((round, index) => ({
        load: {
          steady: `${http.steady_rate_per_s} req/s`,
          saturated: 'saturated',
          steady_after_saturation: `${http.steady_rate_per_s} req/s, after saturation`,
        }[mode],
        round: index + 1,
        'ours req/s': round.ours.requests_per_second,
        'ours p99 ms': round.ours.p99_ms,
        'ours CPU µs/req': round.ours.cpu_us_per_request,
        'bare req/s': round.bare.requests_per_second,
        'bare p99 ms': round.bare.p99_ms,
        'bare CPU µs/req': round.bare.cpu_us_per_request,
        errors: round.ours.errors + round.ours.non_2xx + round.bare.errors + round.bare.non_2xx,
        'ours turned away': round.ours.turned_away,
        'ratio req/s': round.ratio_requests_per_second,
        'ratio p99': round.ratio_p99,
      })),
    ),
  );
  console.log(
    `The replay check (store.firstSeen) every signed request makes: CPU µs of this process per key, median of ${RUNS} rounds (lowest–highest); before: Kysely's query built and sent per call, after: one prepared statement (and on SQLite, the keys of a turn in one transaction)`,
  );
  console.table(
    replayStore.results.map((result) => ({
      store: result.store,
      'Kysely CPU µs': showSpread(result.kysely_cpu_us),
      'prepared CPU µs': showSpread(result.prepared_cpu_us),
      'prepared, 20 a turn, CPU µs': showSpread(result.prepared_per_turn_cpu_us),
      'Kysely wall µs': showSpread(result.kysely_wall_us),
      'prepared wall µs': showSpread(result.prepared_wall_us),
    })),
  );
  if (replayStore.skipped) console.log(`Skipped: ${replayStore.skipped}`);
  /** A row of the HTTP comparison: the ratio of the p99s, with each side's beside it; without a target, for reference. */
  const httpFigure = (figure: string, comparison: (typeof http)['steady'], row: { issue?: string; target?: number; ours?: string }) => ({
    figure,
    baseline: `bare ${showSpread(comparison.bare_p99_ms)} ms${row.issue ? `; issue: ${row.issue}` : ''}`,
    measured: `${showSpread(comparison.ratio_p99)} (ours ${showSpread(comparison.ours_p99_ms)} ms${row.ours ? `, ${row.ours}` : ''})`,
    target: row.target === undefined ? '(none: for reference)' : `≤ ${row.target}`,
    verdict: row.target === undefined ? '' : ratioVerdict(comparison.ratio_p99, row.target),
  });
  summary.push(
    {
      figure: 'HTTP saturated, acks/s ours / bare Bolt',
      baseline: `bare ${showSpread(http.saturated.bare_requests_per_second)} acks/s, ${showSpread(http.saturated.bare_cpu_us_per_request)} CPU µs each; issue: about 0.5`,
      measured: `${showSpread(http.saturated.ratio_requests_per_second)} (ours ${showSpread(http.saturated.ours_requests_per_second)} acks/s, ${showSpread(http.saturated.ours_cpu_us_per_request)} CPU µs each)`,
      target: '≥ 0.75',
      verdict: atLeastVerdict(http.saturated.ratio_requests_per_second, 0.75),
    },
    httpFigure('HTTP saturated, p99 ours / bare Bolt', http.saturated, {
      issue: '1.63',
      target: 1.2,
      ours: `share of commands turned away ${showSpread(http.saturated.ours_turned_away_share)}`,
    }),
    httpFigure(`HTTP steady ${http.steady_rate_per_s} req/s, p99 ours / bare Bolt`, http.steady, { issue: '3.6', target: 1.3 }),
    httpFigure(`HTTP steady ${http.steady_rate_per_s} req/s after saturation, p99 ours / bare Bolt`, http.steady_after_saturation, {}),
  );
}

const wal = runs('wal') ? await benchWal(quick ? 5_000 : 20_000) : undefined;
if (wal) {
  console.log(`SQLite WAL: ${wal.requests.toLocaleString('en')} signed commands as fast as they are answered`);
  console.table([wal]);
  summary.push({
    figure: `SQLite WAL after ${wal.requests.toLocaleString('en')} signed requests (MB)`,
    baseline: 'issue: 305',
    measured: `${wal.wal_after_mb} (largest ${wal.wal_peak_mb})`,
    target: '≤ 16 after, bounded during',
    verdict: wal.wal_after_mb <= 16 ? 'met' : 'NOT met',
  });
}

const fanout = runs('fanout') ? await benchFanout({ subscriptions: quick ? 200 : 2_000, runs: RUNS }) : undefined;
if (fanout) {
  console.log('Fan-out: digests due in the same minute against a rate-limited fake Slack Web API');
  console.table(fanout.runs);
  summary.push({
    figure: `fan-out, ${fanout.subscriptions.toLocaleString('en')} digests, time / minimum (${fanout.minimum_s} s)`,
    baseline: 'issue: 1.24, 152 × 429',
    measured: `${showSpread(fanout.ratio_to_minimum)}; 429s: workspace ${showSpread(fanout.rate_limited_workspace)}, channel ${showSpread(fanout.rate_limited_channel)}`,
    target: '≤ 1.1, no 429 from our pacing',
    verdict:
      fanout.ratio_to_minimum.median <= 1.1 && fanout.rate_limited_channel.max === 0
        ? ratioVerdict(fanout.ratio_to_minimum, 1.1)
        : 'NOT met',
  });
}

const busyMinute = runs('busy-minute')
  ? await benchBusyMinute(
      quick ? { digests: 2_000, workspaces: 100, instances: 3, runs: 1 } : { digests: 20_000, workspaces: 1_000, instances: 3, runs: RUNS },
    )
  : undefined;
if (busyMinute) {
  console.log(
    'Scale, the busy minute: digests due in one minute across many workspaces, delivered by several `dateline serve` on one PostgreSQL to a rate-limited fake Slack Web API, then with one instance killed (SIGKILL) midway',
  );
  printBusyMinuteRuns(busyMinute);
  summary.push(...busyMinuteFigures(busyMinute));
}

const scale = runs('scale') ? await benchScale({ quick }) : undefined;
if (scale) printScale(scale);

console.log(`The issue's figures: median of ${RUNS} runs (lowest–highest), beside the baseline and the target`);
console.table(summary);

const speedAtEnd = machineSpeed();
console.log(`Machine speed at the end: ${showSpeed(speedAtEnd)} (load average ${loadavg().map(twoDecimals).join(' ')})`);

const results = {
  machine: { ...machine, speed_at_start: speedAtStart, speed_at_end: speedAtEnd, load_average_at_end: loadavg().map(twoDecimals) },
  commit,
  quick,
  only: only ?? 'all',
  runs: RUNS,
  summary,
  queries,
  search_engines: engines,
  startup,
  http,
  replay_store: replayStore,
  wal,
  fanout,
  busy_minute: busyMinute,
  scale,
  measured_at: new Date().toISOString(),
};
// A partial run writes beside the full run's results instead of over them.
const resultsFile = only ? `results-${only.join('-')}.json` : 'results.json';
writeFileSync(join(import.meta.dirname, resultsFile), `${JSON.stringify(results, null, 2)}\n`);
console.log(`Wrote bench/${resultsFile}`);
