// Truth: every fact's quote stands verbatim in its source article (whitespace and quote marks
// folded, as ../shared/tools/check-quotes.mjs does), and a dated fact's quote states its date,
// so no date is invented. The article lives in ../shared/seed beside the checkout; CI has it.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { monthName } from '../../src/dates/fact-date.ts';
import { openCatalog } from '../../src/facts/open.ts';
import { FACTS_DIR, REPO_DIR } from './support.ts';

const SEED_DIR = join(REPO_DIR, '..', 'shared', 'seed');
const inCi = ['true', '1'].includes((process.env.CI ?? '').toLowerCase());

const fold = (text: string) =>
  text
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();

const facts = openCatalog(FACTS_DIR).facts;

describe.runIf(existsSync(SEED_DIR) || inCi)('the fact pack against its source article', () => {
  const article = fold(readdirSync(SEED_DIR).map((name) => readFileSync(join(SEED_DIR, name), 'utf8')).join(' '));

  it.each(facts.map((fact) => [fact.id, fact] as const))('%s quotes the article verbatim', (_id, fact) => {
    expect(article).toContain(fold(fact.quote));
  });
});

describe('dates rest on their quotes', () => {
  it.each(facts.filter((fact) => fact.date).map((fact) => [fact.id, fact] as const))('%s: the quote states the date', (_id, fact) => {
    const date = fact.date!;
    expect(fact.quote).toContain(String(date.year));
    if (date.precision !== 'year') expect(fact.quote).toContain(monthName(date.month));
    if (date.precision === 'day') expect(fact.quote).toMatch(new RegExp(`\\b${date.day}\\b`));
  });

  it('has undated facts too: a statement without a date stays undated', () => {
    expect(facts.some((fact) => !fact.date)).toBe(true);
  });
});
