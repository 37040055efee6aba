// Start-up with the packs built before start (docs/built-packs.md), as an operator sees it:
// `dateline serve` timed from spawn to a 200 from /healthz on generated facts, after
// `dateline facts build` has built them, and after an edit of one pack of 100 (1,000 facts
// each), which serve builds itself; and `dateline facts build` after an edit of one fact in a
// single file of all of them, with where its time goes: the start-up section of `npm run bench`
// (alone: `npm run bench -- --only startup`, with `--quick` for 10,000 facts). Beside it in
// the same run: the last commit with the pack cache (BASELINE_REF), on the same single file.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Fact, Theme } from '../src/facts/types.ts';
import { generateFacts, toPackYaml } from './generate-facts.ts';
import { startDateline } from './servers.ts';
import { showSpread, type Spread, spread } from './stats.ts';

const ROOT = join(import.meta.dirname, '..');
/** The packs of the many-packs case. */
const PACKS = 100;
/** A start that builds 100,000 facts from nothing takes tens of seconds on a busy machine. */
const START_TIMEOUT_MS = 300_000;
/**
 * The last commit with the pack cache (a YAML read at every first start after an edit, a fact
 * store and a search index kept apart): started beside ours in the same run. BASELINE_REF names another.
 */
const BASELINE_REF = process.env.BASELINE_REF ?? 'c57fd858da925c79a3bff3bed49ab494b7e328d8';

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

/** The baseline's starts on the single file: its first start after an edit (YAML), then from its cache. */
interface BaselineStarts {
  ref: string;
  first_start_ms: number;
  cached_start_ms: Spread;
  rss_mb: Spread;
}

export interface StartupResults {
  facts: number;
  baseline: BaselineStarts;
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

/** Waits for the baseline's search index, built in the background after its first start, to be kept for the next. */
async function searchIndexKept(dir: string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (existsSync(dir) && readdirSync(dir).some((name) => /^search-[0-9a-f]+\.db$/.test(name))) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no search index in ${dir} in time`);
}

/**
 * The baseline checked out beside this one (a git worktree sharing node_modules, its bundle
 * built), started on the same single file: once first, then `runs` times from its cache.
 */
async function baselineStarts(
  dir: string,
  runs: number,
  timedStart: (db: string, root: string, whileUp?: () => Promise<void>) => Promise<{ elapsed: number; memory: { rss_mb: number } }>,
): Promise<BaselineStarts> {
  execFileSync('git', ['worktree', 'add', '--detach', dir, BASELINE_REF], { cwd: ROOT, stdio: 'ignore' });
  try {
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    execFileSync(process.execPath, ['bin/build.js'], { cwd: dir, stdio: 'ignore' });
    const db = join(dir, 'data', 'dateline.db');
    // Its first start builds the search index after it is up: let it finish and keep it for the next.
    const first = await timedStart(db, dir, () => searchIndexKept(join(dir, 'data', 'pack-cache')));
    const cached: { elapsed: number; memory: { rss_mb: number } }[] = [];
    for (let run = 0; run < runs; run++) cached.push(await timedStart(db, dir));
    return {
      ref: BASELINE_REF.slice(0, 10),
      first_start_ms: first.elapsed,
      cached_start_ms: spread(cached.map((start) => start.elapsed)),
      rss_mb: spread(cached.map((start) => start.memory.rss_mb)),
    };
  } finally {
    execFileSync('git', ['worktree', 'remove', '--force', dir], { cwd: ROOT, stdio: 'ignore' });
  }
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

    const timedStart = async (facts: string, db: string, root?: string, whileUp?: () => Promise<void>) => {
      const started = performance.now();
      const server = await startDateline({ FACTS_DIR: facts, DATELINE_DB: db }, START_TIMEOUT_MS, root);
      const elapsed = Math.round(performance.now() - started);
      const health = (await (await fetch(`http://127.0.0.1:${server.port}/healthz`)).json()) as {
        facts: number;
        memory: { heap_used_mb: number; rss_mb: number };
      };
      await whileUp?.();
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
    const baseline = await baselineStarts(join(dir, 'baseline'), runs, (db, root, whileUp) => timedStart(single, db, root, whileUp));
    const of = (key: keyof StartupRun) => spread(results.map((result) => result[key]));
    return {
      facts: count,
      baseline,
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
      baseline: `${startup.baseline.ref} from its cache ${showSpread(startup.baseline.cached_start_ms)}; issue: 1,100–1,500`,
      measured: showSpread(startup.built_start_ms),
      target: '< 2,000',
      verdict: verdict(startup.built_start_ms, 2_000),
    },
    {
      figure: `start after editing one pack of ${startup.packs} (${facts} facts) (ms)`,
      baseline: `${startup.baseline.ref} first start after an edit ${startup.baseline.first_start_ms}; issue: 5,800–8,200`,
      measured: showSpread(startup.pack_edited_start_ms),
      target: '< 2,000',
      verdict: verdict(startup.pack_edited_start_ms, 2_000),
    },
    {
      figure: `facts build after editing a single ${facts}-fact file (ms)`,
      baseline: `${startup.baseline.ref} first start after an edit ${startup.baseline.first_start_ms}; issue: 5,800–8,200`,
      measured: `${showSpread(startup.single_file_build_ms)}: parse ${showSpread(startup.parse_ms)}, validate ${showSpread(startup.validate_ms)}, index ${showSpread(startup.index_ms)}, write ${showSpread(startup.write_ms)}`,
      target: '(reported)',
      verdict: '',
    },
    {
      figure: 'memory after start from a built file, RSS (MB)',
      baseline: `${startup.baseline.ref} ${showSpread(startup.baseline.rss_mb)}; last: 184–186`,
      measured: `${showSpread(startup.rss_mb)} (heap ${showSpread(startup.heap_used_mb)})`,
      target: 'no more than the baseline',
      verdict: startup.rss_mb.median <= startup.baseline.rss_mb.median ? 'met' : 'NOT met',
    },
  ];
}

/** Prints the section's runs, for `npm run bench`. */
export function printStartup(startup: StartupResults): void {
  console.log(
    `Start-up: \`dateline serve\` from spawn to a healthy /healthz at ${startup.facts.toLocaleString('en')} facts, ` +
      `from a built file and after editing one of ${startup.packs} packs; \`dateline facts build\` after editing a single file ` +
      `(first builds from nothing: single file ${startup.first_build_ms.single_file} ms, ${startup.packs} packs ${startup.first_build_ms.packs} ms)`,
  );
  console.table(startup.runs);
}
