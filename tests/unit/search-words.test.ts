// Search that reads questions: words (Hangul with its particles, plurals, stopwords), aliases
// and synonyms from a pack (search only, never shown), the relevance floor and "did you mean".
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderText } from '../../adapters/console/render.ts';
import { Dateline } from '../../src/dateline.ts';
import { Catalog } from '../../src/facts/catalog.ts';
import { formatProblem, loadFacts } from '../../src/facts/load.ts';
import { openCatalog } from '../../src/facts/open.ts';
import { contentWords } from '../../src/facts/words.ts';
import { FACTS_DIR, makeFact, PACKS_DIR, THEMES } from './support.ts';

const ids = (catalog: Catalog, text: string) => catalog.search(text, 10).hits.map((hit) => hit.fact.id);

describe('the words of a question', () => {
  it('drops stopwords, question words and single letters, and folds case and plurals', () => {
    expect(contentWords("What's the latest news about Hospitals in Korea?")).toEqual(['hospital', 'korea']);
    expect(contentWords('how big will the market be by 2030')).toEqual(['market', '2030']);
  });

  it('splits on symbols as on punctuation: 2023~2027 is two words', () => {
    expect(contentWords('the 2023~2027 plan')).toEqual(['2023', '2027', 'plan']);
  });

  it('tokenises Hangul and cuts a particle off a name, never below two syllables', () => {
    expect(contentWords('루닛의 소식')).toEqual(['루닛']);
    expect(contentWords('뷰노는')).toEqual(['뷰노']);
    expect(contentWords('식약처에서')).toEqual(['식약처']);
    expect(contentWords('백신이')).toEqual(['백신']);
    expect(contentWords('강이')).toEqual(['강이']);
  });
});

describe('aliases and synonyms from a pack', () => {
  const dir = join(PACKS_DIR, 'aliases-synonyms');
  const catalog = openCatalog(dir);

  it('loads aliases on the fact and synonyms.yaml as groups, not as a pack', () => {
    const loaded = loadFacts(dir);
    if (!loaded.ok) throw new Error(loaded.problems.map(formatProblem).join('\n'));
    expect(loaded.facts.map((fact) => fact.id)).toEqual(['acme-approval', 'haemorrhage-tool']);
    expect(loaded.facts[0]!.aliases).toEqual(['아크메']);
    expect(loaded.facts[1]!.aliases).toEqual([]);
    expect(loaded.synonyms).toEqual([
      ['haemorrhage', 'hemorrhage', 'bleed'],
      ['HR', 'human resources'],
    ]);
  });

  it('finds a fact by its alias, particles and all', () => {
    expect(ids(catalog, '아크메')).toEqual(['acme-approval']);
    expect(ids(catalog, '아크메의 소식')).toEqual(['acme-approval']);
  });

  it('finds a fact by any word of a group its text mentions, and a phrase by its words', () => {
    for (const text of ['hemorrhage', 'brain bleed', 'haemorrhage']) expect(ids(catalog, text), text).toEqual(['haemorrhage-tool']);
    // A group's word does not stand for the other words of a question: no fact has bleeding and an approval.
    expect(ids(catalog, 'bleeding approval')).toEqual([]);
  });

  it('never shows an alias or a synonym as content', async () => {
    const dateline = new Dateline(catalog, 'UTC');
    const shown =
      renderText(await dateline.ask('fact acme-approval', { now: new Date() })) +
      renderText(await dateline.ask('search 아크메', { now: new Date() }));
    expect(shown.replace('Search: 아크메', '')).not.toContain('아크메');
    expect(renderText(await dateline.ask('search bleed', { now: new Date() })).replace('Search: bleed', '')).not.toMatch(
      /bleed|hemorrhage/,
    );
  });

  it('reports an invalid synonyms.yaml at its line and column', () => {
    const loaded = loadFacts(join(PACKS_DIR, 'bad-synonyms'));
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.problems.map(formatProblem)).toEqual([
      `${join(PACKS_DIR, 'bad-synonyms', 'synonyms.yaml')}:3:5 groups.1: a group needs at least two words`,
    ]);
  });
});

describe('relevance and "did you mean"', () => {
  const catalog = new Catalog(
    [
      { ...makeFact('scanner'), title: 'Acme wins approval for a scanner', entities: ['Acme Imaging'] },
      { ...makeFact('trial'), title: 'Borealis starts a drug trial', entities: ['Borealis'] },
      { ...makeFact('world'), title: 'A world first for a hospital', entities: [] },
    ],
    THEMES,
  );

  it('a question none of whose facts has more than half its words finds nothing, not the least bad match', () => {
    expect(ids(catalog, 'who won the world cup final')).toEqual([]);
    expect(ids(catalog, 'acme scanner approval news')).toEqual(['scanner']);
    // Three words, one fact with two of them: more than half, so it is found.
    expect(ids(catalog, 'acme scanner price')).toEqual(['scanner']);
  });

  it('suggests the nearest name for a misspelt one, preferring the misspelt word to a known one', () => {
    expect(catalog.nearestName('Boreallis Pharma')).toBe('Borealis');
    expect(catalog.nearestName('Acme Borealiss')).toBe('Borealis');
    expect(catalog.nearestName('quantum computing')).toBeUndefined();
  });

  it('says so and suggests the name when nothing is found', async () => {
    const briefing = await new Dateline(catalog, 'UTC').ask('news on Boreallis Pharma', { now: new Date() });
    expect(briefing.kind).toBe('notice');
    expect(briefing.intro).toMatch(/Did you mean Borealis\?/);
    expect(briefing.suggestions[0]).toBe('search Borealis');
  });
});

describe('the real pack', () => {
  it('names Lunit, VUNO and MFDS in Korean as aliases', () => {
    const catalog = openCatalog(FACTS_DIR);
    const aliased = (alias: string) => catalog.facts.filter((fact) => fact.aliases?.includes(alias)).flatMap((fact) => fact.entities);
    expect(aliased('루닛')).toContain('Lunit');
    expect(aliased('뷰노').map((name) => name.toLowerCase())).toContain('vuno');
    expect(aliased('식약처')).toContain('MFDS');
  });
});
