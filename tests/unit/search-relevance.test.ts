// The relevance rule's weights, through the core on the shipped pack: a word among the
// commonest of English that the facts happen to have ("help") weighs half its IDF, so it cannot
// veto a question whose rare words match; a lower-case word made of two English words
// ("drugmakers") is English, not a name; a name a fact has only in passing, not as an entity or
// alias, counts for half; a short question's proper names must be in the fact that answers it;
// unanswerable questions still list nothing.
import { describe, expect, it } from 'vitest';
import type { Briefing } from '../../src/briefing/model.ts';
import { Dateline } from '../../src/dateline.ts';
import { isEnglishCompound } from '../../src/facts/common-words.ts';
import { openCatalog } from '../../src/facts/open.ts';
import { FACTS_DIR } from './support.ts';

const dateline = new Dateline(openCatalog(FACTS_DIR), 'Asia/Seoul');
const ask = (text: string) => dateline.ask(text, { now: new Date('2026-06-15T10:00:00+09:00'), zone: 'Asia/Seoul' });
const listed = (briefing: Briefing) =>
  briefing.sections.flatMap((section) => section.items.flatMap((item) => (item.factId ? [item.factId] : [])));

describe('the information a question’s words carry', () => {
  it('lets no common English word that a fact happens to have veto a question whose rare words match', async () => {
    // "help" is in two facts, so its IDF over 37 facts is a rare word's; in English it is among the commonest.
    expect(listed(await ask('did Korea help write an international rulebook for AI in medicine?')).slice(0, 3)).toContain(
      'global-ai-medical-care-guide',
    );
  });

  it('reads a lower-case word made of two English words as English, not as a name', async () => {
    expect(isEnglishCompound('drugmakers')).toBe(true);
    expect(isEnglishCompound('chatbot')).toBe(true);
    expect(isEnglishCompound('hyundai')).toBe(false);
    expect(listed(await ask('which Korean drugmakers made an investment in Vincere?'))[0]).toBe('hanall-daewoong-vincere-investment');
    expect(listed(await ask('a chatbot answering medicine questions for drugstore customers?')).slice(0, 3)).toContain(
      'drx-solution-pharmacy-ai',
    );
  });

  it('reads a name typed as two words as the name, and an abbreviation of single letters as no name', async () => {
    expect(listed(await ask('deep catch'))).toEqual(['medical-ip-deepcatch-510k']);
    expect(listed(await ask('Deep Catch body-composition s/w'))).toEqual(['medical-ip-deepcatch-510k']);
    expect(listed(await ask('Hyundai s/w'))).toEqual([]);
  });

  it.each([
    'is Merck Korea hiring data scientists?',
    'what did Samsung Electronics announce about memory chips?',
    "what's the won to dollar exchange rate?",
    'what is the meaning of life?',
    'who won the world cup?',
    "what's the outlook for Korea's car industry?",
    "Hyundai's car sales",
    'hyundai car sales',
  ])('still lists nothing for %s', async (question) => {
    expect(listed(await ask(question))).toEqual([]);
  });
});

describe('a name mentioned in passing', () => {
  it('does not answer a question about that name: China is only the backdrop of Korea catching up', async () => {
    const answer = await ask('how is China regulating medical AI?');
    expect(listed(answer)).toEqual([]);
    expect(answer.title).toBe('Nothing on China regulating.');
    expect(answer.suggestions).toContain('fact korea-catching-up-in-medical-ai');
  });

  it('still finds the fact when the name is all that is asked, or when it is the fact’s entity', async () => {
    expect(listed(await ask('what does the article say about China?'))).toEqual(['korea-catching-up-in-medical-ai']);
    expect(listed(await ask('did the UK work with Korea on AI rules?'))[0]).toBe('global-ai-medical-care-guide');
    expect(listed(await ask('who are the front-runners in Korean radiology AI?'))[0]).toBe('lunit-vuno-trailblazers');
  });
});

describe('a short question’s proper names', () => {
  it('must be in the fact that answers: an FDA clearance of someone else does not answer about Lunit', async () => {
    const answer = await ask('did Lunit get FDA clearance for anything?');
    expect(listed(answer)).toEqual([]);
    expect(answer.title).toBe('Nothing on clearance FDA.');
    expect(answer.suggestions).toEqual(expect.arrayContaining([expect.stringMatching(/^fact lunit-/)]));
    expect(listed(await ask('did SpassMed get FDA clearance for anything?'))[0]).toBe('spassmed-sepsis-510k');
  });
});
