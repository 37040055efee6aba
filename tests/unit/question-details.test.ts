// Questions that ask for a detail (an amount, a figure, names) about something the pack has: the
// answer is the fact that states that detail, or, when none does, a reply that says the facts do
// not give it and offers the fact they have as near, listing nothing.
import { describe, expect, it } from 'vitest';
import type { Briefing } from '../../src/briefing/model.ts';
import { Dateline } from '../../src/dateline.ts';
import { openCatalog } from '../../src/facts/open.ts';
import { askedDetail, states } from '../../src/queries/details.ts';
import { FACTS_DIR } from './support.ts';

const catalog = openCatalog(FACTS_DIR);
const dateline = new Dateline(catalog, 'Asia/Seoul');
const NOW = new Date('2026-06-15T10:00:00+09:00');
const ask = (text: string) => dateline.ask(text, { now: NOW, zone: 'Asia/Seoul' });
const listed = (briefing: Briefing) =>
  briefing.sections.flatMap((section) => section.items.flatMap((item) => (item.factId ? [item.factId] : [])));

describe('the detail a question asks for', () => {
  it.each([
    ['how much did Daewoong put into Vincere', 'how-many', 'amount', 'the amount'],
    ['what is the reimbursement price for Lunit Insight CXR in Japan', undefined, 'amount', 'the price'],
    ['what was Vuno’s revenue last year', undefined, 'amount', 'the revenue'],
    ['how many patients did Samsung Medical Center treat', 'how-many', 'figure', 'the number of patients'],
    ['how big will the market be', 'how-many', 'figure', 'the figure'],
    ['what compounds did Standigm and Merck Korea discover', undefined, 'names', 'which compounds'],
    ['which countries’ experts worked on the guide', undefined, 'names', 'which countries'],
    ['who makes DeepCatch', 'who', 'names', 'who'],
    ['did Daewoong start working with AzothBio', 'when', 'date', 'the date'],
    ['what exact day did SpassMed get the 510(k)', undefined, 'day', 'the day'],
    ["what's Neurophet's device called?", undefined, 'names', 'the name'],
    ['베르티스 모델 이름이 뭐야', undefined, 'names', 'the name'],
  ] as const)('%s → %s', (question, asks, kind, label) => {
    expect(askedDetail(question, asks)).toEqual({ kind, label });
  });

  it.each(['what does Kore.ai say', 'what is VUNOmed BoneAge', 'Lunit news', 'what’s the status of Vuno'])(
    '%s asks for no detail',
    (question) => {
      expect(askedDetail(question)).toBeUndefined();
    },
  );

  it('is stated by a currency figure, a number that is no date, or a name the question does not give', () => {
    const fact = (id: string) => catalog.fact(id)!;
    const amount = askedDetail('how much money', 'how-many')!;
    expect(states(fact('insights10-ai-healthcare-market-projection'), amount, '')).toBe(true);
    // "500+ hospitals" is a figure, not an amount of money.
    expect(states(fact('vuno-status-2023-07'), amount, '')).toBe(false);
    const figure = askedDetail('how many', 'how-many')!;
    expect(states(fact('vuno-status-2023-07'), figure, '')).toBe(true);
    expect(states(fact('covid-ai-testing-kits'), figure, '')).toBe(true);
    // "In June 2023" is a date, not a figure.
    expect(states(fact('hanall-daewoong-vincere-investment'), figure, '')).toBe(false);
    // "What exact day": a fact dated to the day, not to the month.
    const day = askedDetail('what exact day', undefined)!;
    expect(states(fact('parexel-innovative-devices-ai-imaging'), day, '')).toBe(true);
    expect(states(fact('spassmed-sepsis-510k'), day, '')).toBe(false);
    const names = askedDetail('which compounds did Standigm and Merck find', undefined)!;
    expect(states(fact('standigm-merck-korea-deal'), names, 'which compounds did Standigm and Merck find')).toBe(false);
    expect(states(fact('standigm-merck-korea-deal'), names, 'which compounds did Standigm find')).toBe(true);
  });
});

describe('answers to detail questions', () => {
  it.each([
    ['how much did Daewoong put into Vincere?', 'Nothing on the amount.', 'hanall-daewoong-vincere-investment'],
    ['how much money did HanAll and Daewoong put into Vincere?', 'Nothing on the amount.', 'hanall-daewoong-vincere-investment'],
    ['what is the reimbursement price for Lunit Insight CXR in Japan?', 'Nothing on the price.', 'lunit-insight-cxr-japan-reimbursement'],
    ['what compounds did Standigm and Merck Korea discover?', 'Nothing on which compounds.', 'standigm-merck-korea-deal'],
    ['how many patients did Samsung Medical Center treat in 2023?', 'Nothing on the figure.', 'samsung-medical-center-himss-infram'],
    ['when did Daewoong start working with AzothBio?', 'Nothing on the date.', 'daewoong-ai-drug-discovery-partners'],
  ])('%s lists nothing, says what is missing and offers the fact the pack has as near', async (question, title, near) => {
    const answer = await ask(question);
    expect(listed(answer)).toEqual([]);
    expect(answer.title).toBe(title);
    expect(answer.intro).toContain('Near it, not an answer');
    expect(answer.suggestions).toContain(`fact ${near}`);
  });

  it.each([
    ['how many institutions adopted Lunit?', 'lunit-adoption-2023-07'],
    ['how many hospitals use Vuno’s AI?', 'vuno-status-2023-07'],
    ['how big will Korea’s AI healthcare market be by 2030?', 'insights10-ai-healthcare-market-projection'],
    ['how fast were the covid test kits developed with AI?', 'covid-ai-testing-kits'],
    ['which countries’ experts worked with Korea on the AI medical care guide?', 'global-ai-medical-care-guide'],
    ['who makes DeepCatch?', 'medical-ip-deepcatch-510k'],
    ['when did Standigm sign with Merck Korea?', 'standigm-merck-korea-deal'],
    ['on which day did PAREXEL count the innovative devices?', 'parexel-innovative-devices-ai-imaging'],
  ])('%s still answers with the fact that states it', async (question, fact) => {
    expect(listed(await ask(question))[0]).toBe(fact);
  });

  it('puts the fact that states the figure first: "how many" about Lunit leads with its 2,000 institutions', async () => {
    const answer = await ask('how many Lunit');
    expect(listed(answer)[0]).toBe('lunit-adoption-2023-07');
    expect(listed(answer)).toContain('lunit-vuno-trailblazers');
  });
});
