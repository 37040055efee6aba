// `dateline facts draft`: each dating rule on small invented articles (tests/fixtures/articles),
// the draft of an HTML article passing `facts check --sources` as it stands, --merge, and, when
// ../shared/seed is beside the checkout, the seed article's draft against the hand-made pack.
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { adapters } from '../../adapters/index.ts';
import { runCli } from '../../src/cli/main.ts';
import { factDateText, monthName } from '../../src/dates/fact-date.ts';
import { draftCandidates, statements, type Candidate } from '../../src/facts/draft.ts';
import { formatProblem, loadFacts } from '../../src/facts/load.ts';
import { openCatalog } from '../../src/facts/open.ts';
import { readArticle } from '../../src/facts/article.ts';
import { articleText, foldText } from '../../src/facts/provenance.ts';
import type { FactDate } from '../../src/dates/fact-date.ts';
import { captureOutput, FACTS_DIR, REPO_DIR } from './support.ts';
import { testDir } from '../support/temp-dir.ts';

const ARTICLES = join(REPO_DIR, 'tests', 'fixtures', 'articles');
const SEED_DIR = join(REPO_DIR, '..', 'shared', 'seed');
const SEED_ARTICLE = join(SEED_DIR, '000_6d9e56be75b627f0.txt');
const THEMES = openCatalog(FACTS_DIR).themes;

function draft(file: string): Candidate[] {
  return draftCandidates({
    text: readArticle(readFileSync(file, 'utf8'), file).text,
    source: { id: 'fixture', title: 'Fixture' },
    themes: THEMES,
  }).candidates;
}

/** The candidate drafted from the sentence that starts with `start` (its quote may open with the sentence before). */
function candidate(candidates: Candidate[], start: string): Candidate {
  const found = candidates.find((one) => one.quote.startsWith(start)) ?? candidates.find((one) => one.quote.includes(` ${start}`));
  expect(found, start).toBeDefined();
  return found!;
}

const dateOf = (one: Candidate) => (one.date ? factDateText(one.date) : undefined);

/** Every part of the date appears in the quote (a month by its name or year first in numbers): no drafted date is invented. */
function expectStated(quote: string, date: FactDate): void {
  expect(quote).toContain(String(date.year));
  if (date.precision === 'year') return;
  expect(quote).toMatch(new RegExp(`${monthName(date.month)}|${date.year}[-./]0?${date.month}\\b|${date.year}년\\s*${date.month}월`));
  if (date.precision === 'day') expect(quote).toMatch(new RegExp(`\\b0?${date.day}\\b`));
}

/** A folder ready for `facts check`: the real themes and the draft. */
function draftFolder(): string {
  const dir = testDir('draft');
  copyFileSync(join(FACTS_DIR, 'themes.yaml'), join(dir, 'themes.yaml'));
  return dir;
}

describe('drafting dates at the precision the text states them', () => {
  const candidates = draft(join(ARTICLES, 'harbour-dates.txt'));

  it('keeps a headline without a full stop out of the next statement, and dates that statement to its day', () => {
    expect(
      statements(articleText(readFileSync(join(ARTICLES, 'harbour-dates.txt'), 'utf8'), 'x.txt'))
        .filter((one) => one.headline)
        .map((one) => one.text),
    ).toEqual(['Harbour city opens a tidal lab', 'Budget talks']);
    const opened = candidate(candidates, 'The tidal lab opened');
    expect(opened.quote).toBe('The tidal lab opened on 2 May 2024 beside the old ferry pier.');
    expect(dateOf(opened)).toBe('2024-05-02');
  });

  it('never gives a month without a year a year: undated, with a review note', () => {
    const may = candidate(candidates, 'In May, the lab');
    expect(may.date).toBeUndefined();
    expect(may.notes).toEqual(['"May" has no year: left undated (never guess the year)']);
  });

  it('takes no date from a target year ("by 2030"), nor from a projection’s baseline year', () => {
    const target = candidate(candidates, 'The Port Authority aims');
    expect(target.date).toBeUndefined();
    expect(target.notes).toEqual(['"by 2030" is a target, not the event\'s date']);
    const projection = candidate(candidates, 'The city said the tidal market');
    expect(projection.date).toBeUndefined();
    expect(projection.notes).toContain("2023 is the baseline of a projection, not an event's date");
  });

  it('takes no date from a range, but keeps the date the sentence states beside it', () => {
    const range = candidate(candidates, 'The marine plan runs');
    expect(range.date).toBeUndefined();
    expect(range.notes).toEqual(["2024-2028 is a range, not the event's date"]);
    const adopted = candidate(candidates, 'In April 2024, the council adopted');
    expect(dateOf(adopted)).toBe('2024-04');
    expect(adopted.notes).toEqual(["2024~2028 is a range, not the event's date"]);
  });

  it('dates "during the same month" and "later that year" by the sentence before, which the quote includes', () => {
    const lease = candidate(candidates, 'During the same month');
    expect(lease.quote).toBe(
      'In April 2024, the council adopted the 2024~2028 marine plan. During the same month, the Port Authority signed a lease for the pier.',
    );
    expect(dateOf(lease)).toBe('2024-04');
    const diver = candidate(candidates, 'In the same month, the lab hired');
    expect(diver.quote).toBe(`${lease.quote} In the same month, the lab hired its first diver.`);
    expect(dateOf(diver)).toBe('2024-04');
    const storm = candidate(candidates, 'Later that year');
    expect(storm.quote).toBe(
      'Northport and Southbay built the first prototype in 2021. Later that year, the prototype survived a winter storm.',
    );
    expect(dateOf(storm)).toBe('2021');
  });

  it('makes "as of" a status at that date, whose title says "As of"', () => {
    const staff = candidate(candidates, 'As of June 2024');
    expect([dateOf(staff), staff.asOf, staff.title]).toEqual([
      '2024-06',
      true,
      'As of June 2024, the lab has 40 staff and 3 test turbines',
    ]);
    const projects = candidate(candidates, 'Out of the 12 tidal projects');
    expect([dateOf(projects), projects.asOf]).toEqual(['2024-03-03', true]);
    expect(projects.title).toBe('As of 3 March 2024: Out of the 12 tidal projects in the region 5 of them use its turbines');
  });

  it('leaves a statement without a date undated, and states every drafted date in its quote', () => {
    expect(candidate(candidates, 'It is run by Harbour Energy').date).toBeUndefined();
    for (const one of candidates) if (one.date) expectStated(one.quote, one.date);
  });

  it('guesses entities, and themes from themes.yaml keywords', () => {
    expect(candidate(candidates, 'During the same month').entities).toEqual(['Port Authority']);
    expect(candidate(candidates, 'It is run by Harbour Energy').entities).toEqual(['Harbour Energy']);
    const market = candidate(candidates, 'The city said the tidal market');
    expect(market.themes).toEqual(['market']);
    expect(market.themeNote).toMatch(/market \(market/);
  });
});

describe('drafting every way an article writes a date', () => {
  const filing = draft(join(ARTICLES, 'filing-dates.txt'));
  const korean = draft(join(ARTICLES, 'korean-dates.txt'));

  it('dates an ISO date in running text to its day', () => {
    const announced = candidate(filing, 'The lab announced');
    expect([dateOf(announced), announced.dateNote, announced.notes]).toEqual(['2024-02-14', 'stated: "2024-02-14"', []]);
  });

  it('dates a quarter by its year, whichever way it is written, keeps it in the title and marks it for review', () => {
    const sales = candidate(filing, 'Turbine sales rose in Q1 2024');
    const hired = candidate(filing, 'In the second quarter of 2024');
    for (const [one, words] of [
      [sales, 'Q1 2024'],
      [hired, 'second quarter of 2024'],
    ] as const) {
      expect(dateOf(one)).toBe('2024');
      expect(one.title).toContain(words);
      expect(one.notes).toEqual([
        `"${words}" is a quarter, half or season: dated by its year, as a pack has no finer precision; keep it in the title`,
      ]);
    }
  });

  it('reads Korean dates: 2024년 2월 14일, 2024년 2월, 2024.02.14 and 2021년, and a Korean target and relative date as no date', () => {
    expect(dateOf(candidate(korean, '식약처는 2024년 2월 14일'))).toBe('2024-02-14');
    expect(dateOf(candidate(korean, '뷰노는 2024년 2월'))).toBe('2024-02');
    expect(dateOf(candidate(korean, '루닛은 2024.02.14'))).toBe('2024-02-14');
    expect(dateOf(candidate(korean, '그 회사는 2021년에'))).toBe('2021');
    const target = candidate(korean, '삼성은 2030년까지');
    expect([target.date, target.notes]).toEqual([undefined, ['"2030년까지" is a target, not the event\'s date']]);
    expect(candidate(korean, '지난달 회사는').date).toBeUndefined();
  });

  it('never dates a relative expression: undated, with a note naming it', () => {
    for (const [start, words] of [
      ['Last month, the lab opened', 'Last month'],
      ['This spring the divers', 'This spring'],
      ['Two years ago the lab', 'Two years ago'],
      ['Next year the lab plans', 'Next year'],
      ['Its first array received', 'last year'],
    ]) {
      const one = candidate(filing, start!);
      expect(one.date, start).toBeUndefined();
      expect(one.notes).toEqual([
        `"${words}" is relative to when the article was written: left undated (anchor it to the publication date by hand)`,
      ]);
    }
    expect(candidate(korean, '지난달 회사는').notes).toEqual([
      '"지난달" is relative to when the article was written: left undated (anchor it to the publication date by hand)',
    ]);
    for (const one of [...filing, ...korean]) if (one.date) expectStated(one.quote, one.date);
  });

  it('keeps the byline out of the facts and the headline out of the statements', () => {
    for (const one of [...filing, ...korean])
      expect(one.quote).not.toMatch(/Jane Doe|14 February 2024|홍길동|files its first patent|허가 지침 발표$/);
    expect(filing[0]!.quote).toMatch(/^The lab announced/);
  });

  it('names whom "the firm" means in the title, from the sentences before, and keeps the quote verbatim', () => {
    const testing = candidate(filing, 'The firm is currently testing');
    expect(testing.title).toBe('Tidewater Labs is currently testing a new sensor array (TSA, Tides Are All You Need) off the north pier');
    expect(testing.quote).toMatch(/^The firm is currently testing/);
    expect(testing.entities[0]).toBe('Tidewater Labs');
    expect(testing.notes).toContain('"The firm" in the title is Tidewater Labs, named in the sentences before');
  });

  it('guesses no code or title-case phrase as an entity', () => {
    const entities = filing.flatMap((one) => one.entities);
    expect(entities).toContain('TSA');
    for (const junk of ['USFDA510', 'Tides Are All You Need', 'All You Need', 'Q1']) expect(entities).not.toContain(junk);
  });

  it('puts the headline, byline author and publication date into the source record, and the draft passes facts check --sources', async () => {
    for (const [file, expected] of [
      ['filing-dates.txt', ['title: "Harbour lab files its first patent"', 'author: "Jane Doe"', 'published: "2024-02-14"']],
      ['korean-dates.txt', ['title: "인공지능 의료기기 허가 지침 발표"', 'author: "홍길동"', 'published: "2024-02-15"']],
    ] as const) {
      const dir = draftFolder();
      const output = join(dir, 'draft.yaml');
      expect(await runCli(['facts', 'draft', join(ARTICLES, file), '-o', output], adapters, captureOutput().out)).toBe(0);
      const yaml = readFileSync(output, 'utf8');
      const record = yaml.slice(yaml.indexOf('sources:'), yaml.indexOf('facts:'));
      for (const line of expected) expect(record).toContain(line);
      expect(yaml).not.toContain('the source has no title');
      const checked = loadFacts(dir, ARTICLES);
      expect(checked.ok ? [] : checked.problems.map(formatProblem)).toEqual([]);
    }
  });

  it('takes no title from a first line that runs on into the next', () => {
    const text = 'The tidal lab opened a visitor centre beside the old\nferry pier. It is run by Harbour Energy.\n';
    expect(readArticle(text, 'x.txt').metadata).toEqual({});
  });
});

describe('dateline facts draft on an HTML article', () => {
  const article = join(ARTICLES, 'tidal-notes.html');

  it('strips the page to its text, takes the metadata it states, and the draft passes facts check --sources as it stands', async () => {
    const dir = draftFolder();
    const output = join(dir, 'draft.yaml');
    const drafted = captureOutput();
    expect(await runCli(['facts', 'draft', article, '--published', '2024-05-02', '-o', output], adapters, drafted.out)).toBe(0);
    expect(drafted.text()).toBe(`${output}: 3 candidate facts (1 dated) to review\n`);
    const yaml = readFileSync(output, 'utf8');
    expect(yaml).toContain('title: "Tidal lab notes"');
    expect(yaml).toContain('publisher: "Fixture Press"');
    expect(yaml).toContain('author: "Ada Example"');
    expect(yaml).toContain('url: "https://example.org/tidal-lab-notes"');
    expect(yaml).toContain('id: fixture-press-2024-05-02');
    expect(yaml).not.toMatch(/January 2020|Home|color/);
    expect(yaml).toMatch(/date: "2024-04" {4}# stated: "April 2024"/);
    expect(yaml).toContain('# review: "May" has no year: left undated (never guess the year)');
    const checked = loadFacts(dir, ARTICLES);
    expect(checked.ok ? [] : checked.problems.map(formatProblem)).toEqual([]);
    expect(checked.ok && checked.facts.map((fact) => fact.citations[0]!.quote)).toContain(
      'Its turbines & sensors were made by Harbour Energy.',
    );
  });

  it('--merge skips the statements the pack already quotes', async () => {
    const dir = draftFolder();
    const first = join(dir, 'first.yaml');
    await runCli(['facts', 'draft', article, '-o', first], adapters, captureOutput().out);
    const merged = captureOutput();
    expect(await runCli(['facts', 'draft', article, '--merge', first], adapters, merged.out)).toBe(0);
    expect(merged.text()).toContain('# --merge');
    expect(merged.text()).toContain('3 statements skipped, already quoted there.');
    expect(merged.text()).toMatch(/facts:\n$/);
  });

  it('refuses to write a draft into FACTS_DIR, and explains a missing article', async () => {
    await expect(runCli(['facts', 'draft', article, '-o', join(FACTS_DIR, 'draft.yaml')], adapters, captureOutput().out)).rejects.toThrow(
      /is in FACTS_DIR: write the draft elsewhere/,
    );
    await expect(runCli(['facts', 'draft', join(ARTICLES, 'nowhere.txt')], adapters, captureOutput().out)).rejects.toThrow(
      /is not a readable file/,
    );
    await expect(runCli(['facts', 'draft', article, '--published', '2024-02-30'], adapters, captureOutput().out)).rejects.toThrow(
      /February 2024 has 29 days/,
    );
  });
});

describe.skipIf(!existsSync(SEED_ARTICLE))(
  'the seed article’s draft against the hand-made pack (skipped: ../shared/seed is not beside the checkout)',
  () => {
    const candidates = existsSync(SEED_ARTICLE) ? draft(SEED_ARTICLE) : [];
    const facts = openCatalog(FACTS_DIR).facts;
    const folded = (text: string) => foldText(text);
    /** The draft's candidates whose quote the hand-made fact's quote contains (or that contain it). */
    const matches = (quote: string) =>
      candidates.filter((one) => folded(quote).includes(folded(one.quote)) || folded(one.quote).includes(folded(quote)));

    it('recovers every dated fact with the same date and precision', () => {
      const dated = facts.filter((fact) => fact.date);
      expect(dated.length).toBeGreaterThan(15);
      for (const fact of dated) {
        const dates = matches(fact.citations[0]!.quote).map(dateOf);
        expect(dates, fact.id).toContain(factDateText(fact.date!));
      }
    });

    it('names whom "the firm" and "the startup" mean in titles, and guesses no junk entity', () => {
      expect(candidate(candidates, 'The firm is currently working on').title).toMatch(/^Bertis is currently working on/);
      expect(candidate(candidates, 'In June 2022, the startup').title).toBe(
        'In June 2022, Standigm also inked a deal with Merck Korea for drug discovery research',
      );
      const entities = candidates.flatMap((one) => one.entities);
      for (const junk of ['USFDA510', 'All You Need']) expect(entities).not.toContain(junk);
    });

    it('invents no date: each drafted date is stated in its quote (its own sentence or the one before)', () => {
      expect(candidates.filter((one) => one.date)).not.toHaveLength(0);
      for (const one of candidates) if (one.date) expectStated(one.quote, one.date);
    });

    it('quotes the article verbatim: the draft passes facts check --sources as it stands', async () => {
      const dir = draftFolder();
      expect(await runCli(['facts', 'draft', SEED_ARTICLE, '-o', join(dir, 'draft.yaml')], adapters, captureOutput().out)).toBe(0);
      const checked = loadFacts(dir, SEED_DIR);
      expect(checked.ok ? [] : checked.problems.map(formatProblem)).toEqual([]);
    });

    it('with --merge of the pack, leaves only statements the pack does not quote: none of them dated', () => {
      const text = articleText(readFileSync(SEED_ARTICLE, 'utf8'), SEED_ARTICLE);
      const existingQuotes = facts.flatMap((fact) => fact.citations.map((cited) => cited.quote));
      const merged = draftCandidates({ text, source: { id: 'seed', title: 'Seed' }, themes: THEMES, existingQuotes });
      expect(merged.skipped + merged.candidates.length).toBe(candidates.length);
      expect(merged.candidates.length).toBeLessThan(candidates.length / 4);
      expect(merged.candidates.filter((one) => one.date)).toEqual([]);
      for (const one of merged.candidates)
        expect(existingQuotes.some((quote) => foldText(quote).includes(foldText(one.quote)))).toBe(false);
    });

    it('proposes a statement of every undated fact of the pack', () => {
      const undated = facts.filter((fact) => !fact.date);
      const found = undated.filter((fact) => matches(fact.citations[0]!.quote).length > 0);
      expect(found.map((fact) => fact.id)).toEqual(undated.map((fact) => fact.id));
    });
  },
);
