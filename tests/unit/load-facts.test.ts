// Loading and validating fact packs: every problem is reported as file:line:col with a message
// that says what is wrong (tests/fixtures/packs/<case>/), the real pack loads, and
// `dateline facts check` prints the same lines and exits 1 (0 on a valid folder).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { adapters } from '../../adapters/index.ts';
import { runCli } from '../../src/cli/main.ts';
import { monthName } from '../../src/dates/fact-date.ts';
import { formatProblem, InvalidFactsError, loadFacts, type Problem } from '../../src/facts/load.ts';
import { openCatalog } from '../../src/facts/open.ts';
import type { Fact, Theme } from '../../src/facts/types.ts';
import { captureOutput, FACTS_DIR, PACKS_DIR } from './support.ts';

function problemsIn(pack: string): Problem[] {
  const result = loadFacts(join(PACKS_DIR, pack));
  if (result.ok) throw new Error(`expected ${pack} to be invalid, but it loaded ${result.facts.length} facts`);
  return result.problems;
}

function loaded(dir: string): { facts: Fact[]; themes: Theme[] } {
  const result = loadFacts(dir);
  if (!result.ok) throw new Error(`expected ${dir} to load:\n${result.problems.map(formatProblem).join('\n')}`);
  return result;
}

const file = (pack: string, name = 'pack.yaml') => join(PACKS_DIR, pack, name);

describe('loadFacts on invalid packs', () => {
  it('reports a YAML syntax error at its line and column', () => {
    const problems = problemsIn('yaml-syntax');
    expect(problems).toHaveLength(1);
    // Line 6 is `    title: A title: with a colon`; the second colon's key starts at column 12.
    expect(formatProblem(problems[0]!)).toMatch(new RegExp(`^${escapeRegExp(file('yaml-syntax'))}:6:12 Nested mappings are not allowed`));
  });

  it('reports a missing quote at the fact that lacks it, naming the field', () => {
    const problems = problemsIn('missing-quote');
    expect(problems).toHaveLength(1);
    const [problem] = problems;
    expect(problem).toMatchObject({ file: file('missing-quote'), line: 10, col: 5 });
    expect(problem!.message).toMatch(/quote/);
  });

  it('reports an unknown theme at the theme itself and lists the known ones', () => {
    const problems = problemsIn('unknown-theme');
    expect(problems.map(formatProblem)).toEqual([`${file('unknown-theme')}:8:26 unknown theme "robotics" (themes: regulation, imaging)`]);
  });

  it('reports a duplicate id across two files, pointing back at the first definition', () => {
    const problems = problemsIn('duplicate-id');
    expect(problems.map(formatProblem)).toEqual([
      `${file('duplicate-id', 'b.yaml')}:5:9 duplicate id "shared-id" (first defined at ${file('duplicate-id', 'a.yaml')}:10:9)`,
    ]);
  });

  it('reports impossible dates with the reason, and accepts 29 February 2024', () => {
    const problems = problemsIn('impossible-date');
    expect(problems.map(formatProblem)).toEqual([
      `${file('impossible-date')}:6:11 2023-02-30 is not a date: February 2023 has 28 days`,
      `${file('impossible-date')}:12:11 2023-13 is not a date: a month is 01 to 12`,
    ]);
  });

  it('reports dates in the wrong form and says which forms work', () => {
    const problems = problemsIn('wrong-date-form');
    expect(problems.map((p) => [p.line, p.col])).toEqual([
      [6, 11],
      [12, 11],
    ]);
    expect(problems[0]!.message).toContain('2023/06');
    expect(problems[1]!.message).toContain('June 2023');
    for (const problem of problems) expect(problem.message).toMatch(/YYYY, YYYY-MM or YYYY-MM-DD/);
  });

  it('rejects an unquoted fractional year and asks for quoted text', () => {
    const problems = problemsIn('fractional-year');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: file('fractional-year'), line: 6, col: 11 });
    expect(problems[0]!.message).toMatch(/2023\.5/);
    expect(problems[0]!.message).toMatch(/quoted/);
  });

  it('reports an empty pack file', () => {
    const problems = problemsIn('empty-pack');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: file('empty-pack'), line: 1, col: 1 });
    expect(problems[0]!.message).toMatch(/empty/);
  });

  it('reports a folder with themes but no packs', () => {
    const problems = problemsIn('no-packs');
    expect(problems).toEqual([{ file: join(PACKS_DIR, 'no-packs'), line: 1, col: 1, message: expect.stringMatching(/no fact packs/) }]);
  });

  it('reports a missing themes.yaml first', () => {
    const problems = problemsIn('no-themes');
    expect(problems[0]).toMatchObject({ file: join(PACKS_DIR, 'no-themes', 'themes.yaml'), line: 1, col: 1 });
    expect(problems[0]!.message).toMatch(/missing/);
  });

  it('reports a folder that does not exist', () => {
    const dir = join(PACKS_DIR, 'no-such-folder');
    const result = loadFacts(dir);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]).toMatchObject({ file: dir, message: expect.stringMatching(/no such folder/) });
  });

  it('openCatalog throws InvalidFactsError carrying the formatted lines', () => {
    const dir = join(PACKS_DIR, 'impossible-date');
    expect(() => openCatalog(dir)).toThrow(InvalidFactsError);
    try {
      openCatalog(dir);
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidFactsError);
      expect((error as InvalidFactsError).lines).toEqual(problemsIn('impossible-date').map(formatProblem));
    }
  });
});

describe('loadFacts on valid packs', () => {
  it('takes an unquoted four-digit year as a year-precision date, and unquoted YYYY-MM(-DD) as text', () => {
    const { facts } = loaded(join(PACKS_DIR, 'unquoted-year'));
    expect(facts.map((fact) => [fact.id, fact.date])).toEqual([
      ['unquoted-year', { precision: 'year', year: 2023 }],
      ['unquoted-day', { precision: 'day', year: 2023, month: 6, day: 15 }],
      ['unquoted-month', { precision: 'month', year: 2023, month: 6 }],
    ]);
  });

  it('reads every precision, the pack source, a fact source override and folds quote whitespace', () => {
    const { facts, themes } = loaded(join(PACKS_DIR, 'valid'));
    expect(themes.map((theme) => theme.id)).toEqual(['regulation', 'imaging']);
    const byId = new Map(facts.map((fact) => [fact.id, fact]));
    expect(byId.get('day-fact')!.date).toEqual({ precision: 'day', year: 2023, month: 6, day: 15 });
    expect(byId.get('month-fact')!.date).toEqual({ precision: 'month', year: 2023, month: 6 });
    expect(byId.get('year-fact')!.date).toEqual({ precision: 'year', year: 2018 });
    expect(byId.get('undated-fact')!.date).toBeUndefined();
    expect(byId.get('day-fact')!.citations).toEqual([
      {
        source: { id: 'fixture-article', title: 'Fixture article', publisher: 'Fixture Press', url: 'https://example.org/article' },
        quote: 'On 15 June 2023, something happened.',
      },
    ]);
    expect(byId.get('undated-fact')!.citations.map((cited) => cited.source)).toEqual([{ id: 'another-article', title: 'Another article' }]);
    expect(byId.get('month-fact')!.entities).toEqual([]);
    expect(new Set(facts.map((fact) => fact.pack))).toEqual(new Set(['pack.yaml']));
  });
});

describe('the real fact pack (facts/)', () => {
  const { facts, themes } = loaded(FACTS_DIR);
  const themeIds = new Set(themes.map((theme) => theme.id));

  it('loads between 25 and 40 facts with unique ids and known themes', () => {
    expect(facts.length).toBeGreaterThanOrEqual(25);
    expect(facts.length).toBeLessThanOrEqual(40);
    expect(new Set(facts.map((fact) => fact.id)).size).toBe(facts.length);
    for (const fact of facts) for (const theme of fact.themes) expect(themeIds.has(theme), `${fact.id}: ${theme}`).toBe(true);
  });

  it('gives every theme at least one fact, and has dated and undated facts', () => {
    for (const theme of themes)
      expect(
        facts.some((fact) => fact.themes.includes(theme.id)),
        theme.id,
      ).toBe(true);
    expect(facts.some((fact) => fact.date)).toBe(true);
    expect(facts.some((fact) => !fact.date)).toBe(true);
  });

  it('rests every date on its quote: the quote states the year, month and day the date claims', () => {
    for (const fact of facts) {
      if (!fact.date) continue;
      const quote = fact.citations[0]!.quote;
      expect(quote, fact.id).toContain(String(fact.date.year));
      if (fact.date.precision !== 'year') expect(quote, fact.id).toContain(monthName(fact.date.month));
      if (fact.date.precision === 'day') expect(quote, fact.id).toMatch(new RegExp(`\\b${fact.date.day}\\b`));
    }
  });

  it('loads the same number of facts as there are `- id:` entries in the YAML', () => {
    const yaml = readFileSync(join(FACTS_DIR, 'korea-medical-ai.yaml'), 'utf8');
    expect(facts).toHaveLength(yaml.slice(yaml.indexOf('\nfacts:')).match(/^\s+- id: /gm)?.length ?? -1);
  });
});

describe('dateline facts check', () => {
  beforeEach(() => {
    vi.stubEnv('DATELINE_TZ', 'Asia/Seoul');
    vi.stubEnv('FACTS_DIR', FACTS_DIR);
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('prints file:line:col message for each problem and returns 1', async () => {
    const dir = join(PACKS_DIR, 'impossible-date');
    const { out, text } = captureOutput();
    const code = await runCli(['facts', 'check', dir], adapters, out);
    expect(code).toBe(1);
    const lines = text().trimEnd().split('\n');
    expect(lines.slice(0, 2)).toEqual([
      `${file('impossible-date')}:6:11 2023-02-30 is not a date: February 2023 has 28 days`,
      `${file('impossible-date')}:12:11 2023-13 is not a date: a month is 01 to 12`,
    ]);
    expect(lines[2]).toMatch(/^2 problems/);
  });

  it.each([
    'yaml-syntax',
    'no-themes',
    'missing-quote',
    'unknown-theme',
    'duplicate-id',
    'wrong-date-form',
    'fractional-year',
    'empty-pack',
    'no-packs',
  ])('returns 1 on the %s fixture with every line in file:line:col form', async (pack) => {
    const { out, text } = captureOutput();
    expect(await runCli(['facts', 'check', join(PACKS_DIR, pack)], adapters, out)).toBe(1);
    const lines = text().trimEnd().split('\n');
    const problemLines = lines.slice(0, -1);
    expect(problemLines.length).toBeGreaterThan(0);
    for (const line of problemLines) expect(line).toMatch(/^\S+:\d+:\d+ \S/);
    expect(problemLines).toEqual(problemsIn(pack).map(formatProblem));
  });

  it('returns 0 on the real facts/ folder and on a valid fixture', async () => {
    const real = captureOutput();
    expect(await runCli(['facts', 'check', FACTS_DIR], adapters, real.out)).toBe(0);
    expect(real.text()).toMatch(/all valid/);
    const valid = captureOutput();
    expect(await runCli(['facts', 'check', join(PACKS_DIR, 'valid')], adapters, valid.out)).toBe(0);
    expect(valid.text()).toMatch(/4 facts/);
  });

  it('checks FACTS_DIR when no folder is given', async () => {
    vi.stubEnv('FACTS_DIR', join(PACKS_DIR, 'unknown-theme'));
    const { out, text } = captureOutput();
    expect(await runCli(['facts', 'check'], adapters, out)).toBe(1);
    expect(text()).toContain('unknown theme "robotics"');
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
