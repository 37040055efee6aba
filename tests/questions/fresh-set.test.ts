// The fresh question sets are well-formed: each names only facts of the shipped pack, and the
// scoring rule tells a right answer from a wrong one (the sets are scored by npm run bench:questions).
import { describe, expect, it } from 'vitest';
import { notice } from '../../src/briefing/model.ts';
import { openCatalog } from '../../src/facts/open.ts';
import { FACTS_DIR } from '../unit/support.ts';
import { loadFreshSet, scoreFresh, type FreshQuestion } from './fresh-set.ts';

const catalog = openCatalog(FACTS_DIR);
const listing = (ids: string[]) => ({
  ...notice('answer'),
  kind: 'briefing' as const,
  sections: [{ items: ids.map((factId) => ({ factId, title: factId })) }],
});

describe('the fresh question sets', () => {
  it.each(['dev', 'dev-2', 'held-out', 'held-out-2', 'held-out-3'] as const)('%s names only facts of the pack', (set) => {
    const unknown = loadFreshSet(set).flatMap((question) => question.expect.filter((id) => !catalog.fact(id)));
    expect(unknown).toEqual([]);
  });

  it('scores a question only when an expected fact is among the first three, or nothing is listed where nothing should be', async () => {
    const question: FreshQuestion = { ask: 'q', expect: ['b'], answer: 'b', class: 'when' };
    const score = async (q: FreshQuestion, ids: string[]) => (await scoreFresh(q, 'c', async () => listing(ids))).scored;
    expect(await score(question, ['a', 'c', 'b'])).toBe(true);
    expect(await score(question, ['a', 'c', 'd', 'b'])).toBe(false);
    expect(await score({ ...question, expect: [] }, [])).toBe(true);
    expect(await score({ ...question, expect: [] }, ['a'])).toBe(false);
  });

  it('asks a follow-up after its conversation, in the same conversation', async () => {
    const asked: string[] = [];
    await scoreFresh(
      { ask: 'and then?', after: ['first', 'second'], expect: [], answer: '', class: 'follow-up' },
      'c1',
      async (text, _at, conversation) => {
        asked.push(`${conversation}:${text}`);
        return listing([]);
      },
    );
    expect(asked).toEqual(['c1:first', 'c1:second', 'c1:and then?']);
  });
});
