// Start-up with the packs built before start (docs/built-packs.md), as an operator sees it:
// `dateline serve` timed from spawn to a 200 from /healthz on generated facts, after
// `dateline facts build` has built them, and after an edit of one pack of 100 (1,000 facts
// each), which serve builds itself; and `dateline facts build` after an edit of one fact in a
// single file of all of them, with where its time goes. Runs alone with `npm run bench:startup`
// (`-- --quick` for 10,000 facts); `npm run bench` runs it as its start-up section.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Fact, Theme } from '../src/facts/types.ts';
import { generateFacts, toPackYaml } from './generate-facts.ts';
import { startDateline } from './servers.ts';
import { showSpread, type Spread, spread, twoDecimals } from './stats.ts';

const ROOT = join(import.meta.dirname, '..');
/** The packs of the many-packs case. */
const PACKS = 100;
/** A start that builds 100,000 facts from nothing takes tens of seconds on a busy machine. */
const START_TIMEOUT_MS = 300_000;

interface StartupRun {
  /** `dateline serve` on a built file that matches the packs. */
  built_start_ms: number;
  /** `dateline serve` after one fact of one pack of 100 was edited: serve builds that pack again. */
  pack_edited_start_ms: number;
  /** `dateline facts build` (the whole process) after one fact of a single file of every fact was edited. */
  single_file_build_ms: number;
  /** Where that build's time went, as it reports it. */
  parse_ms: number;
  validate_ms: number;
  index_ms: number;
  write_ms: number;
  /** The server's own figures after the start from a built file, from /healthz. */
  heap_used_mb: number;
  rss_mb: number;
}

export interface StartupResults {
  facts: number;
  packs: number;
  /** `dateline facts build` from nothing, for reference: a single file, and the same facts in 100 packs. */
  first_build_ms: { single_file: number; packs: number };
  built_start_ms: Spread;
  pack_edited_start_ms: Spread;
  single_file_build_ms: Spread;
  parse_ms: Spread;
  validate_ms: Spread;
  index_ms: Spread;
  write_ms: Spread;
  heap_used_mb: Spread;
  rss_mb: Spread;
  runs: StartupRun[];
}

/** `dateline facts build DIR` with its built file beside `db`: its wall-clock time and the times it reports. */
function factsBuild(dir: string, db: string) {
  const started = performance.now();
  const output = execFileSync(process.execPath, [join(ROOT, 'bin', 'dateline.js'), 'facts', 'build', dir], {
    cwd: ROOT,
    env: { ...process.env, DATELINE_DB: db, LOG_LEVEL: 'warn' },
    encoding: 'utf8',
  });
  const elapsed = Math.round(performance.now() - started);
  const ms = (name: string) => Number(new RegExp(`${name} (\\d+) ms`).exec(output)?.[1] ?? Number.NaN);
  return { elapsed, parse: ms('parse'), validate: ms('validate'), index: ms('index'), write: ms('write') };
}

/** Edits the title of a pack's first fact, as an author would. */
function editFirstTitle(file: string, mark: string): void {
  const text = readFileSync(file, 'utf8');
  writeFileSync(
    file,
    text.replace(/title: (.*)/, (_line, title: string) => `title: ${mark} ${title}`),
  );
}

export async function benchStartup(count: number, factsDir: string, runs: number): Promise<StartupResults> {
  const dir = mkdtempSync(join(tmpdir(), 'dateline-bench-'));
  try {
    const themesYaml = readFileSync(join(factsDir, 'themes.yaml'), 'utf8');
    const themes = (parse(themesYaml) as { themes: Theme[] }).themes;
    const facts = generateFacts(count, themes);
    const folder = (name: string, packs: (readonly Fact[])[]) => {
      const path = join(dir, name);
      mkdirSync(path);
      writeFileSync(join(path, 'themes.yaml'), themesYaml);
      for (const [i, pack] of packs.entries()) writeFileSync(join(path, `pack-${String(i).padStart(3, '0')}.yaml`), toPackYaml(pack));
      return path;
    };
    const single = folder('single', [facts]);
    const perPack = Math.ceil(count / PACKS);
    const many = folder(
      'many',
      Array.from({ length: PACKS }, (_, i) => facts.slice(i * perPack, (i + 1) * perPack)),
    );
    const singleDb = join(dir, 'single-data', 'dateline.db');
    const manyDb = join(dir, 'many-data', 'dateline.db');
    const first_build_ms = { single_file: factsBuild(single, singleDb).elapsed, packs: factsBuild(many, manyDb).elapsed };

    const timedStart = async (facts: string, db: string) => {
      const started = performance.now();
      const server = await startDateline({ FACTS_DIR: facts, DATELINE_DB: db }, START_TIMEOUT_MS);
      const elapsed = Math.round(performance.now() - started);
      const health = (await (await fetch(`http://127.0.0.1:${server.port}/healthz`)).json()) as {
        facts: number;
        memory: { heap_used_mb: number; rss_mb: number };
      };
      await server.stop();
      if (health.facts !== count) throw new Error(`serve loaded ${health.facts} facts, expected ${count}`);
      return { elapsed, memory: health.memory };
    };
    const results: StartupRun[] = [];
    for (let run = 0; run < runs; run++) {
      const built = await timedStart(single, singleDb);
      editFirstTitle(join(many, `pack-${String((run * 37) % PACKS).padStart(3, '0')}.yaml`), `Edited ${run}`);
      const edited = await timedStart(many, manyDb);
      editFirstTitle(join(single, 'pack-000.yaml'), `Edited ${run}`);
      const build = factsBuild(single, singleDb);
      results.push({
        built_start_ms: built.elapsed,
        pack_edited_start_ms: edited.elapsed,
        single_file_build_ms: build.elapsed,
        parse_ms: build.parse,
        validate_ms: build.validate,
        index_ms: build.index,
        write_ms: build.write,
        ...built.memory,
      });
    }
    const of = (key: keyof StartupRun) => spread(results.map((result) => result[key]));
    return {
      facts: count,
      packs: PACKS,
      first_build_ms,
      built_start_ms: of('built_start_ms'),
      pack_edited_start_ms: of('pack_edited_start_ms'),
      single_file_build_ms: of('single_file_build_ms'),
      parse_ms: of('parse_ms'),
      validate_ms: of('validate_ms'),
      index_ms: of('index_ms'),
      write_ms: of('write_ms'),
      heap_used_mb: of('heap_used_mb'),
      rss_mb: of('rss_mb'),
      runs: results,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The section's figures beside the (the last full benchmark before the packs were built ahead), with their targets. */
export function startupSummary(startup: StartupResults) {
  const verdict = (figure: Spread, target: number) =>
    figure.median < target ? `met${figure.max < target ? '' : ' (not in every run)'}` : 'NOT met';
  const facts = startup.facts.toLocaleString('en');
  return [
    {
      figure: `start from a built file, ${facts} facts (ms)`,
      baseline: 'issue: warm start from the pack cache 1,100–1,500',
      measured: showSpread(startup.built_start_ms),
      target: '< 2,000',
      verdict: verdict(startup.built_start_ms, 2_000),
    },
    {
      figure: `start after editing one pack of ${startup.packs} (${facts} facts) (ms)`,
      baseline: 'issue: first start after an edit 5,800–8,200',
      measured: showSpread(startup.pack_edited_start_ms),
      target: '< 2,000',
      verdict: verdict(startup.pack_edited_start_ms, 2_000),
    },
    {
      figure: `facts build after editing a single ${facts}-fact file (ms)`,
      baseline: 'issue: first start after an edit 5,800–8,200',
      measured: `${showSpread(startup.single_file_build_ms)}: parse ${showSpread(startup.parse_ms)}, validate ${showSpread(startup.validate_ms)}, index ${showSpread(startup.index_ms)}, write ${showSpread(startup.write_ms)}`,
      target: '(reported)',
      verdict: '',
    },
    {
      figure: 'memory after start from a built file, RSS (MB)',
      baseline: 'last: 184–186',
      measured: `${showSpread(startup.rss_mb)} (heap ${showSpread(startup.heap_used_mb)})`,
      target: '≤ 186 (no regression)',
      verdict: startup.rss_mb.median <= 186 ? 'met' : 'NOT met',
    },
  ];
}

/** Prints the section's runs, as `npm run bench` and `npm run bench:startup` both do. */
export function printStartup(startup: StartupResults): void {
  console.log(
    `Start-up: \`dateline serve\` from spawn to a healthy /healthz at ${startup.facts.toLocaleString('en')} facts, ` +
      `from a built file and after editing one of ${startup.packs} packs; \`dateline facts build\` after editing a single file ` +
      `(first builds from nothing: single file ${startup.first_build_ms.single_file} ms, ${startup.packs} packs ${startup.first_build_ms.packs} ms)`,
  );
  console.table(startup.runs);
}

if (process.argv[1] === import.meta.filename) {
  const quick = process.argv.includes('--quick');
  console.log(`load average ${loadavg().map(twoDecimals).join(' ')}`);
  const startup = await benchStartup(quick ? 10_000 : 100_000, join(ROOT, 'facts'), 3);
  printStartup(startup);
  console.table(startupSummary(startup));
  console.log(`load average at the end ${loadavg().map(twoDecimals).join(' ')}`);
}
