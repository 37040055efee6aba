// The FTS5 search index: exact words before prefixes and typos, titles and entities before
// summaries, nearer misspellings before farther ones, a common word's champion list, the
// more-than-half rule, and a build in the background that stops when aborted (the index kept
// in the packs' built file is tested in built-packs.test.ts).
import { describe, expect, it } from 'vitest';
import { SearchIndex } from '../../src/facts/search-index.ts';
import type { Fact } from '../../src/facts/types.ts';
import { makeFact } from './support.ts';

const fact = (id: string, title: string, summary: string, entities: string[] = []): Fact => ({ ...makeFact(id), title, summary, entities });

const FACTS = [
  fact('radiology-summary', 'An approval', 'The radiology unit adopts it.'),
  fact('radiology-title', 'Radiology wins an award', 'Something else.'),
  fact('radiologist', 'Radiologist shortage eases', 'Staff news.'),
  fact('lunit', 'Lunit raises funds', 'Lunit Insight CXR sells.', ['Lunit']),
  fact('deepcatch', 'DeepCatch launches', 'A body composition tool.', ['DeepCatch']),
];

const ids = (index: SearchIndex, words: string[]) => index.search(words.join(' '), 10).hits.map((hit) => FACTS[hit.position]!.id);

describe('SearchIndex', () => {
  it('ranks a word in the title above the same word in a summary', () => {
    const index = SearchIndex.build(FACTS, []);
    // Then the radiologist, a derivation of the word (WordNet), below both.
    expect(ids(index, ['radiology'])).toEqual(['radiology-title', 'radiology-summary', 'radiologist']);
  });

  it('lists the facts with the exact word before those found by its prefix, and counts them all', () => {
    const facts = [...FACTS, fact('radiologyx', 'Radiologyx scanners', 'Sold.')];
    const index = SearchIndex.build(facts, []);
    const found = index.search('radiology', 10);
    // The summary's exact word comes before the title's longer word; the derivation (WordNet) in between.
    expect(found.hits.map((hit) => facts[hit.position]!.id)).toEqual(['radiology-title', 'radiology-summary', 'radiologist', 'radiologyx']);
    expect(found.total).toBe(4);
    // "radiolog" is the stem of "radiology", an exact word of the index now: a prefix that is no word completes.
    expect(index.search('radiolo', 2)).toMatchObject({ hits: [{}, {}], total: 4 });
  });

  it('finds a misspelt name within the edit distance, and not beyond it', () => {
    const index = SearchIndex.build(FACTS, []);
    expect(ids(index, ['deepcach'])).toEqual(['deepcatch']);
    expect(ids(index, ['deapcach'])).toEqual(['deepcatch']);
    expect(ids(index, ['dxxpcxxh'])).toEqual([]);
  });

  it('counts two neighbouring letters swapped as one edit (optimal string alignment), where Levenshtein counts two', () => {
    const index = SearchIndex.build(
      [...FACTS, fact('kaist', 'KAIST predicts interactions', 'Staff.', ['KAIST']), fact('vuno', 'Vuno sells', 'Staff.', ['Vuno'])],
      [],
    );
    const found = (word: string) => index.search(word, 10).hits.map((hit) => [...FACTS, { id: 'kaist' }, { id: 'vuno' }][hit.position]!.id);
    // Five letters allow one edit: "kiast" and "lnuit" are one swap from KAIST and Lunit.
    expect(found('kiast')).toEqual(['kaist']);
    expect(found('lnuit')).toEqual(['lunit']);
    // Four letters allow a swap, and one edit to a name only: "vnuo" and "vxno" are Vuno; "vxxo" is nothing.
    expect(found('vnuo')).toEqual(['vuno']);
    expect(found('vxno')).toEqual(['vuno']);
    expect(found('vxxo')).toEqual([]);
  });

  it('takes a word for a misspelling only of a word some fact says, not of a synonym or a WordNet bridge', () => {
    // WordNet bridges "naming" to "namer"; "naver" is one edit from it, two from what the fact says.
    const facts = [fact('naming', 'A report naming no speaker', 'The report, naming no one, quotes a pharmacy.')];
    const index = SearchIndex.build(facts, [['pharmacy', 'drugstore']]);
    expect(index.search('naver', 10).hits).toEqual([]);
    expect(index.search('namimg', 10).hits).toHaveLength(1);
    // "drugstore" finds the fact through its group; "drugstorr" is a misspelling of a word no fact says.
    expect(index.search('drugstore', 10).hits).toHaveLength(1);
    expect(index.search('drugstorr', 10).hits).toEqual([]);
  });

  it('takes a short word one edit from a word that is no name for no misspelling', () => {
    const facts = [fact('sold', 'Scanners sold', 'Scan units sold.')];
    const index = SearchIndex.build(facts, []);
    // "scxn" is one edit from "scan", a word but no name; "sacn" is a swap.
    expect(index.search('scxn', 10).hits).toEqual([]);
    expect(index.search('sacn', 10).hits).toHaveLength(1);
  });

  it('reads an English word that no fact has as spelt out, not as the start of a longer word', () => {
    const facts = [fact('country', 'The country revises its rules', 'A country acts.')];
    const index = SearchIndex.build(facts, []);
    expect(index.search('count', 10).hits).toEqual([]);
    // A prefix that is no English word still completes.
    expect(index.search('countr', 10).hits).toHaveLength(1);
  });

  it('ranks a nearer misspelling above a farther one that scores the same', () => {
    // Two edits from "kardiomedx" listed first, one edit second: a tie would keep this order.
    const facts = [fact('two-edits', 'Kardiome launches', 'Sold.'), fact('one-edit', 'Kardiomed launches', 'Sold.')];
    const index = SearchIndex.build(facts, []);
    expect(index.search('kardiomedx', 10).hits.map((hit) => facts[hit.position]!.id)).toEqual(['one-edit', 'two-edits']);
  });

  it("ranks a common word's facts from its champion list as scoring them all would, and counts them all", () => {
    const facts = Array.from({ length: 150 }, (_, i) =>
      i % 3 === 0
        ? fact(`title-${i}`, `Radar unit${' scanner'.repeat(i % 5)}`, 'Sold.')
        : fact(`summary-${i}`, `Unit ${i}`, `A radar${' scanner'.repeat(i % 7)}.`),
    );
    const index = SearchIndex.build(facts, []);
    const page = index.search('radar', 10);
    expect(page.total).toBe(150);
    // More than a champion list holds: every fact with the word is scored.
    expect(page.hits).toEqual(index.search('radar', 150).hits.slice(0, 10));
    expect(page.hits.every((hit) => facts[hit.position]!.id.startsWith('title-'))).toBe(true);
    // Through a prefix, the same facts, all counted.
    const completed = index.search('rada', 10);
    expect(completed.total).toBe(150);
    expect(completed.hits.map((hit) => hit.position)).toEqual(page.hits.map((hit) => hit.position));
  });

  it('counts the same total whatever the page size: every fact that paging through goes on to list', () => {
    // 12 facts say "scanner" (a name in four of them), 3 only "scanners", 2 "scannerx"; 6 say "scanner unit" and 2 "scanners unit".
    const facts = [
      ...Array.from({ length: 12 }, (_, i) => fact(`exact-${i}`, `Scanner ${i}${i < 6 ? ' unit' : ''}`, 'Sold.', i < 4 ? ['Scanner'] : [])),
      ...Array.from({ length: 3 }, (_, i) => fact(`plural-${i}`, `Scanners ${i}${i < 2 ? ' unit' : ''}`, 'Sold.')),
      ...Array.from({ length: 2 }, (_, i) => fact(`completed-${i}`, `Scannerx ${i}`, 'Sold.')),
    ];
    const index = SearchIndex.build(facts, []);
    for (const question of ['scanner', 'scanner unit', 'scann']) {
      const listed = index.search(question, facts.length).hits.length;
      const totals = Array.from({ length: 20 }, (_, i) => index.search(question, i + 1).total);
      expect(new Set(totals), question).toEqual(new Set([listed]));
    }
    expect(index.search('scanner', 5).total).toBe(17);
  });

  it('with no fact having every word of a question, ranks one with a word as written above one with only completions', () => {
    const facts = [
      fact('both-completed', 'Lunitcare scanning', 'Short.'),
      fact('one-as-written', 'Lunit wins', 'A scanning tool for lungs, told here in many more words than the other fact has in its own.'),
    ];
    const index = SearchIndex.build(facts, []);
    expect(index.search('lunit scan', 10).hits.map((hit) => facts[hit.position]!.id)).toEqual(['one-as-written', 'both-completed']);
  });

  it('takes no word that a fact has as written for a misspelling of another', () => {
    const facts = [fact('lunik', 'Lunik scanner', 'Short.'), fact('lunit', 'Lunit wins', 'A scanner.')];
    const index = SearchIndex.build(facts, []);
    expect(index.search('lunit', 10).hits.map((hit) => facts[hit.position]!.id)).toEqual(['lunit']);
    expect(index.search('lunit scanner', 10).hits.map((hit) => facts[hit.position]!.id)).toEqual(['lunit']);
    expect(index.search('lunitt', 10).hits.map((hit) => facts[hit.position]!.id)).toEqual(['lunit']);
  });

  it('with no fact having every word of a long question, lists those with more than half of them', () => {
    const index = SearchIndex.build(FACTS, []);
    expect(ids(index, ['lunit', 'insight', 'cxr', 'weather'])).toEqual(['lunit']);
    expect(ids(index, ['lunit', 'weather', 'football', 'music'])).toEqual([]);
  });

  it('finds a word that FTS5 folds or splits, though the vocabulary holds it otherwise', () => {
    // FTS5 keeps "ΟΔΟΣ" as οδοσ, where the question's lower case has a final sigma: οδος.
    const facts = [...FACTS, fact('greek', 'ΟΔΟΣ opens', 'Staff.')];
    const index = SearchIndex.build(facts, []);
    expect(index.search('οδος', 10).hits.map((hit) => facts[hit.position]!.id)).toEqual(['greek']);
  });

  it('reads words that look like FTS5 syntax as words', () => {
    const facts = [...FACTS, fact('syntax', 'NEAR the column', 'Staff.')];
    const index = SearchIndex.build(facts, []);
    expect(index.search('near', 10).hits.map((hit) => facts[hit.position]!.id)).toEqual(['syntax']);
    expect(index.search('title:staff "staff', 10).hits).toEqual([]);
    expect(() => index.search('staff* a"b ( AND', 10)).not.toThrow();
  });

  it('stops a build in the background when it is aborted', async () => {
    const facts = Array.from({ length: 5_000 }, (_, i) => fact(`fact-${i}`, `Title ${i}`, 'A summary.'));
    const stopping = new AbortController();
    const opening = SearchIndex.inBackground(facts, [], stopping.signal);
    setImmediate(() => stopping.abort());
    await expect(opening).rejects.toMatchObject({ name: 'AbortError' });
  });
});
