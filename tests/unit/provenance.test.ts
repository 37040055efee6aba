// Provenance the product checks: every quote stands in its source's text (whitespace, typographic
// quotes and dashes folded; HTML stripped to text), an edited text is noticed by its sha256, and
// a miss is reported at the quote's file:line:col with the closest passage. The invented pack in
// tests/fixtures/sources runs everywhere; the real pack runs against ../shared/seed when it is
// beside the checkout (as in CI), and a dated fact's quote states its date.
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { adapters } from '../../adapters/index.ts';
import { runCli } from '../../src/cli/main.ts';
import { monthName } from '../../src/dates/fact-date.ts';
import { formatProblem, InvalidFactsError, loadFacts, type Problem } from '../../src/facts/load.ts';
import { readCoreConfig } from '../../src/config.ts';
import { openCatalog, openConfiguredCatalog } from '../../src/facts/open.ts';
import { articleText, foldText } from '../../src/facts/provenance.ts';
import { captureOutput, FACTS_DIR, REPO_DIR } from './support.ts';
import { testDir } from '../support/temp-dir.ts';

const SEED_DIR = join(REPO_DIR, '..', 'shared', 'seed');
const FIXTURE = join(REPO_DIR, 'tests', 'fixtures', 'sources');
const TEXTS = join(FIXTURE, 'texts');

/** A copy of a folder of packs, with `edit` applied to one pack's text. */
function editedCopy(dir: string, pack: string, edit: (text: string) => string): string {
  const copy = testDir('provenance');
  cpSync(dir, copy, { recursive: true });
  const file = join(copy, pack);
  const text = readFileSync(file, 'utf8');
  const edited = edit(text);
  expect(edited, 'the edit changed the pack').not.toBe(text);
  writeFileSync(file, edited);
  return copy;
}

function problems(dir: string, sourcesDir: string): Problem[] {
  const result = loadFacts(dir, sourcesDir);
  return result.ok ? [] : result.problems;
}

/** 1-based line and column of the first occurrence of `needle` in a file. */
function positionOf(file: string, needle: string): { line: number; col: number } {
  const lines = readFileSync(file, 'utf8').split('\n');
  const line = lines.findIndex((text) => text.includes(needle));
  expect(line, needle).toBeGreaterThanOrEqual(0);
  return { line: line + 1, col: lines[line]!.indexOf(needle) + 1 };
}

describe('foldText and articleText', () => {
  it('folds whitespace, typographic quotes and dashes, and nothing else', () => {
    expect(foldText('“It’s  here” –\n now—or\tnever')).toBe('"It\'s here" - now-or never');
    expect(foldText('Lunit')).not.toBe(foldText('LUNIT'));
  });

  it('strips HTML to its text: no tags, scripts, styles or link targets; entities decoded; headings as written', () => {
    const text = articleText(readFileSync(join(TEXTS, 'harbour-notes.html'), 'utf8'), 'harbour-notes.html');
    expect(text).toContain('Tidal lab notes');
    expect(foldText(text)).toContain('The prototype was tested in April 2024.');
    expect(text).toContain('turbines & sensors');
    expect(text).not.toMatch(/<|color: red|example\.org/);
  });
});

describe('quote checking on an invented pack', () => {
  const packs = join(FIXTURE, 'packs');

  it('passes when every quote stands in its source, in plain text or HTML, one fact citing two sources', () => {
    const result = loadFacts(packs, TEXTS);
    expect(result.ok && result.facts.map((fact) => [fact.id, fact.citations.map((cited) => cited.source.id)])).toEqual([
      ['tidal-lab-budget', ['harbour-article']],
      ['tidal-lab-prototype', ['harbour-article', 'harbour-notes']],
    ]);
    expect(result.ok && result.facts[0]!.citations[0]!.source).toMatchObject({ published: '2024-05-02', text: 'harbour-article.txt' });
  });

  it('reports a quote with one word changed at its file:line:col, with the closest passage', () => {
    const dir = editedCopy(packs, 'harbour.yaml', (text) => text.replace('approved the lab', 'rejected the lab'));
    const file = join(dir, 'harbour.yaml');
    const found = problems(dir, TEXTS);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ file, ...positionOf(file, '"In March 2024, the council rejected') });
    expect(found[0]!.message).toMatch(/^quote not found in harbour-article\.txt \(it departs from the source at "rejected the lab's/);
    expect(found[0]!.message).toContain(
      'closest passage: "In March 2024, the council approved the lab\'s budget - the largest in a decade."',
    );
  });

  it('reports a changed quote of a fact with several sources at that source’s quote', () => {
    const dir = editedCopy(packs, 'harbour.yaml', (text) => text.replace('were made locally', 'were imported'));
    const file = join(dir, 'harbour.yaml');
    const found = problems(dir, TEXTS);
    expect(found.map((problem) => [problem.line, problem.col])).toEqual([
      [positionOf(file, '"The prototype was tested').line, positionOf(file, '"The prototype was tested').col],
    ]);
    expect(found[0]!.message).toMatch(
      /harbour-notes\.html .*closest passage: "The prototype was tested in April 2024\. Its turbines & sensors were made/,
    );
  });

  it('reports an edited source text by its sha256, at the record', () => {
    const texts = testDir('texts');
    cpSync(TEXTS, texts, { recursive: true });
    writeFileSync(join(texts, 'harbour-article.txt'), `${readFileSync(join(TEXTS, 'harbour-article.txt'), 'utf8')}\nA new closing line.\n`);
    const file = join(packs, 'harbour.yaml');
    const found = problems(packs, texts);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ file, line: positionOf(file, 'sha256:').line });
    expect(found[0]!.message).toMatch(/harbour-article\.txt has sha256 [0-9a-f]{64}, not the one recorded/);
  });

  it('reports a citation of a source the pack does not list, and a fact with both quote and sources', () => {
    const dir = editedCopy(packs, 'harbour.yaml', (text) => text.replace('      - id: harbour-notes', '      - id: harbour-notebook'));
    const file = join(dir, 'harbour.yaml');
    const at = positionOf(file, 'harbour-notebook');
    expect(problems(dir, TEXTS).map(formatProblem)).toEqual([
      `${file}:${at.line}:${at.col} unknown source "harbour-notebook" (this pack's sources: harbour-article, harbour-notes)`,
    ]);
    const both = editedCopy(packs, 'harbour.yaml', (text) =>
      text.replace('    sources:\n      - id: harbour-article', '    quote: "Engineers."\n    sources:\n      - id: harbour-article'),
    );
    expect(problems(both, TEXTS).map((problem) => problem.message)).toEqual(['give either quote (and source) or sources, not both']);
  });

  it('reports a source text missing from the folder, and a folder that does not exist', () => {
    const dir = editedCopy(packs, 'harbour.yaml', (text) => text.replace('text: harbour-notes.html', 'text: harbour-notes-v2.html'));
    expect(problems(dir, TEXTS).map((problem) => problem.message)).toEqual([`harbour-notes-v2.html is not in ${TEXTS}`]);
    expect(problems(packs, join(TEXTS, 'nowhere'))[0]!.message).toMatch(/no such folder of source texts/);
  });

  it('facts check --sources prints each problem as file:line:col and exits 1; 0 when all quotes stand', async () => {
    const dir = editedCopy(packs, 'harbour.yaml', (text) => text.replace('approved the lab', 'rejected the lab'));
    const failed = captureOutput();
    expect(await runCli(['facts', 'check', dir, '--sources', TEXTS], adapters, failed.out)).toBe(1);
    expect(failed.text()).toMatch(
      new RegExp(`^${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/harbour\\.yaml:\\d+:\\d+ quote not found`, 'm'),
    );
    const passed = captureOutput();
    expect(await runCli(['facts', 'check', packs, '--sources', TEXTS], adapters, passed.out)).toBe(0);
    expect(passed.text()).toContain('3 quotes found in their sources');
  });
});

describe('facts check reads FACTS_SOURCES_DIR too', () => {
  const packs = join(FIXTURE, 'packs');
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('fails on an edited quote with FACTS_SOURCES_DIR alone; the flag wins; without either it says quotes were not checked', async () => {
    const dir = editedCopy(packs, 'harbour.yaml', (text) => text.replace('approved the lab', 'rejected the lab'));
    vi.stubEnv('FACTS_SOURCES_DIR', TEXTS);
    const failed = captureOutput();
    expect(await runCli(['facts', 'check', dir], adapters, failed.out)).toBe(1);
    expect(failed.text()).toMatch(/harbour\.yaml:\d+:\d+ quote not found in harbour-article\.txt/);
    vi.stubEnv('FACTS_SOURCES_DIR', join(TEXTS, 'nowhere'));
    const flagged = captureOutput();
    expect(await runCli(['facts', 'check', packs, '--sources', TEXTS], adapters, flagged.out)).toBe(0);
    expect(flagged.text()).toContain(`3 quotes found in their sources in ${TEXTS}`);
    vi.stubEnv('FACTS_SOURCES_DIR', '');
    const unchecked = captureOutput();
    expect(await runCli(['facts', 'check', dir], adapters, unchecked.out)).toBe(0);
    expect(unchecked.text()).toContain(
      'all valid; quotes not checked against their sources (give --sources SRC_DIR or set FACTS_SOURCES_DIR)',
    );
  });
});

describe('serve checks quotes at start-up when FACTS_SOURCES_DIR is set', () => {
  const packs = join(FIXTURE, 'packs');

  it('reads FACTS_SOURCES_DIR, and the configured catalog refuses a pack whose quote its source does not hold', () => {
    const config = readCoreConfig({
      FACTS_DIR: packs,
      FACTS_SOURCES_DIR: TEXTS,
      DATELINE_DB: join(testDir('db'), 'dateline.db'),
    });
    expect(config.sourcesDir).toBe(TEXTS);
    expect(openConfiguredCatalog(config).facts).toHaveLength(2);
    const dir = editedCopy(packs, 'harbour.yaml', (text) => text.replace('approved the lab', 'rejected the lab'));
    // Validated and cached once without sources, the pack is still checked against them.
    expect(openConfiguredCatalog({ ...config, factsDir: dir, sourcesDir: undefined }).facts).toHaveLength(2);
    expect(() => openConfiguredCatalog({ ...config, factsDir: dir })).toThrow(InvalidFactsError);
    try {
      openConfiguredCatalog({ ...config, factsDir: dir });
    } catch (error) {
      expect((error as InvalidFactsError).lines).toEqual([
        expect.stringMatching(/harbour\.yaml:\d+:\d+ quote not found in harbour-article\.txt/),
      ]);
    }
  });
});

describe.skipIf(!existsSync(SEED_DIR))(
  'the real pack against its source article (skipped: ../shared/seed is not beside the checkout)',
  () => {
    it('passes unchanged', () => {
      const result = loadFacts(FACTS_DIR, SEED_DIR);
      expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([]);
    });

    it('fails when one word of one quote changes, at the fact’s quote, with the closest passage', () => {
      const dir = editedCopy(FACTS_DIR, 'korea-medical-ai.yaml', (text) =>
        text.replace('co-invested in US based Vincere', 'jointly invested in US based Vincere'),
      );
      const file = join(dir, 'korea-medical-ai.yaml');
      const found = problems(dir, SEED_DIR);
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({ file, ...positionOf(file, '"In June 2023, HanAll Biopharma and Daewoong Pharmaceutical jointly') });
      expect(found[0]!.message).toContain(
        'closest passage: "In June 2023, HanAll Biopharma and Daewoong Pharmaceutical co-invested in US based Vincere Biosciences.',
      );
    });
  },
);

describe('dates rest on their quotes', () => {
  const facts = openCatalog(FACTS_DIR).facts;

  it.each(facts.filter((fact) => fact.date).map((fact) => [fact.id, fact] as const))('%s: the quote states the date', (_id, fact) => {
    const date = fact.date!;
    const quote = fact.citations.map((cited) => cited.quote).join(' ');
    expect(quote).toContain(String(date.year));
    if (date.precision !== 'year') expect(quote).toContain(monthName(date.month));
    if (date.precision === 'day') expect(quote).toMatch(new RegExp(`\\b${date.day}\\b`));
  });

  it('has undated facts too: a statement without a date stays undated', () => {
    expect(facts.some((fact) => !fact.date)).toBe(true);
  });
});
