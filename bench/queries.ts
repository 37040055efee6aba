// Query benchmark: the catalog's indexed lookups against a naive linear scan over the same
// facts, at several pack sizes, plus index build time, start-up from YAML and memory.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { Catalog } from '../src/facts/catalog.ts';
import type { Fact, Theme } from '../src/facts/types.ts';
import { factsOnDay } from '../src/digests/on-this-date.ts';
import { generateFacts, toPackYaml } from './generate-facts.ts';
import { startDateline } from './servers.ts';
import { type Spread, spread, timeEach, timeOnce, type Timing } from './stats.ts';

const SEARCH_TERMS = ['lunit', 'kaist', 'merck korea', 'samsung medical center', 'daewong', 'deepcach', 'proteomics', 'lunanco', 'radi'];

interface Compared extends Timing {
  naive: Timing;
  speedup_p99: number;
}

export interface QueryResults {
  facts: number;
  index_build_ms: number;
  on_this_date: Compared;
  on_month: Compared;
  theme: Compared;
  search: Compared;
}

/** The same answers computed by scanning every fact, the baseline an index must beat. */
const naive = {
  onThisDate: (facts: readonly Fact[], month: number, day: number) =>
    facts.filter(
      (fact) =>
        fact.date &&
        fact.date.precision !== 'year' &&
        fact.date.month === month &&
        (fact.date.precision === 'month' || fact.date.day === day),
    ),
  onMonth: (facts: readonly Fact[], year: number, month: number) =>
    facts.filter((fact) => fact.date && fact.date.precision !== 'year' && fact.date.year === year && fact.date.month === month),
  theme: (facts: readonly Fact[], theme: string) => facts.filter((fact) => fact.themes.includes(theme)).slice(0, 15),
  search: (facts: readonly Fact[], text: string) => {
    const words = text.toLowerCase().split(' ');
    return facts
      .filter((fact) => words.every((word) => `${fact.title} ${fact.summary} ${fact.entities.join(' ')}`.toLowerCase().includes(word)))
      .slice(0, 10);
  },
};

function compare(iterations: number, indexed: (i: number) => unknown, scan: (i: number) => unknown): Compared {
  const ours = timeEach(iterations, indexed);
  const baseline = timeEach(Math.max(20, Math.floor(iterations / 20)), scan);
  return { ...ours, naive: baseline, speedup_p99: Math.round((baseline.p99_us / ours.p99_us) * 10) / 10 };
}

export function benchQueries(count: number, themes: readonly Theme[], iterations: number): QueryResults {
  const facts = generateFacts(count, themes);
  let catalog: Catalog | undefined;
  const index_build_ms = timeOnce(() => (catalog = new Catalog(facts, [...themes])));
  const built = catalog!;
  const day = (i: number) => ({ month: (i % 12) + 1, day: (i % 28) + 1 });
  return {
    facts: count,
    index_build_ms,
    on_this_date: compare(
      iterations,
      (i) => factsOnDay(built, { year: 2026, ...day(i) }),
      (i) => naive.onThisDate(facts, day(i).month, day(i).day),
    ),
    on_month: compare(
      iterations,
      (i) => built.inYearMonth(1990 + (i % 37), (i % 12) + 1),
      (i) => naive.onMonth(facts, 1990 + (i % 37), (i % 12) + 1),
    ),
    theme: compare(
      iterations,
      (i) => built.inTheme(themes[i % themes.length]!.id).slice(0, 15),
      (i) => naive.theme(facts, themes[i % themes.length]!.id),
    ),
    search: compare(
      iterations,
      (i) => built.search(SEARCH_TERMS[i % SEARCH_TERMS.length]!, 10),
      (i) => naive.search(facts, SEARCH_TERMS[i % SEARCH_TERMS.length]!),
    ),
  };
}

interface StartupRun {
  /** `dateline serve` from spawn to a 200 from /healthz, first start: YAML read, validated, cached. */
  cold_start_ms: number;
  /** The same on the next start, from the cache (packs and search index). */
  warm_start_ms: number;
  /** The server's own figures after the warm start, from /healthz. */
  heap_used_mb: number;
  rss_mb: number;
}

export interface StartupResults {
  facts: number;
  cold_start_ms: Spread;
  warm_start_ms: Spread;
  heap_used_mb: Spread;
  rss_mb: Spread;
  runs: StartupRun[];
}

async function searchIndexKept(dir: string): Promise<void> {
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    if (existsSync(dir) && readdirSync(dir).some((name) => /^search-[0-9a-f]+\.db$/.test(name))) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no search index in ${dir} after 5 minutes`);
}

/**
 * Start-up as an operator sees it: `dateline serve` on a pack of `count` generated facts, timed
 * from spawn until /healthz answers (the search index is opened, or built, afterwards), `runs`
 * times: each run a first start on a fresh cache, then a second start on it.
 */
export async function benchStartup(count: number, factsDir: string, runs: number): Promise<StartupResults> {
  const dir = mkdtempSync(join(tmpdir(), 'dateline-bench-'));
  try {
    const themesYaml = readFileSync(join(factsDir, 'themes.yaml'), 'utf8');
    const themes = (parse(themesYaml) as { themes: Theme[] }).themes;
    const facts = join(dir, 'facts');
    mkdirSync(facts);
    writeFileSync(join(facts, 'themes.yaml'), themesYaml);
    writeFileSync(join(facts, 'bench.yaml'), toPackYaml(generateFacts(count, themes)));
    const timedStart = async (data: string, { first }: { first: boolean }) => {
      const started = performance.now();
      const server = await startDateline({ FACTS_DIR: facts, DATELINE_DB: join(data, 'dateline.db') });
      const elapsed = Math.round(performance.now() - started);
      const health = (await (await fetch(`http://127.0.0.1:${server.port}/healthz`)).json()) as {
        facts: number;
        memory: { heap_used_mb: number; rss_mb: number };
      };
      // The first start builds the search index after it is up: let it finish and keep it for the next.
      if (first) await searchIndexKept(join(data, 'pack-cache'));
      await server.stop();
      if (health.facts !== count) throw new Error(`serve loaded ${health.facts} facts, expected ${count}`);
      return { elapsed, memory: health.memory };
    };
    const results: StartupRun[] = [];
    for (let run = 0; run < runs; run++) {
      const data = join(dir, `data-${run}`);
      const cold = await timedStart(data, { first: true });
      const warm = await timedStart(data, { first: false });
      results.push({ cold_start_ms: cold.elapsed, warm_start_ms: warm.elapsed, ...warm.memory });
    }
    return {
      facts: count,
      cold_start_ms: spread(results.map((run) => run.cold_start_ms)),
      warm_start_ms: spread(results.map((run) => run.warm_start_ms)),
      heap_used_mb: spread(results.map((run) => run.heap_used_mb)),
      rss_mb: spread(results.map((run) => run.rss_mb)),
      runs: results,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
