// Korean questions through the core, beyond question-shapes.test.ts: the words that only carry a
// sentence (the commonest Korean words, a copula after a filler, verb-adnominal forms) are cut,
// a noun left after a known name is kept (삼성전자 is not 삼성), every name of the pack answers in
// Korean (misspelt by a letter too), each theme has its Korean word, a Korean date with a subject lists nothing when the
// subject has nothing on that date, and Korean dates are read in the forms people write them.
import { describe, expect, it } from 'vitest';
import type { Briefing } from '../../src/briefing/model.ts';
import { koreanReader } from '../../src/commands/korean.ts';
import { parseCommand } from '../../src/commands/parse.ts';
import { Dateline } from '../../src/dateline.ts';
import { openCatalog } from '../../src/facts/open.ts';
import { FACTS_DIR } from './support.ts';

const catalog = openCatalog(FACTS_DIR);
const dateline = new Dateline(catalog, 'Asia/Seoul');
const korean = koreanReader(catalog.vocabulary());
const NOW = new Date('2026-06-15T10:00:00+09:00');
const HANGUL = /\p{Script=Hangul}/u;
const listed = (briefing: Briefing) =>
  briefing.sections.flatMap((section) => section.items.flatMap((item) => (item.factId ? [item.factId] : [])));
const ask = (text: string) => dateline.ask(text, { now: NOW, zone: 'Asia/Seoul' });

describe('Korean words that only carry the sentence', () => {
  it.each([
    // 내용 (contents) is among the commonest words of Korean film subtitles: filler, as "stuff" is in English.
    ['뷰노 관련 내용 정리해줘', '뷰노'],
    // 중인: 중 (in the middle of) with the copula 인: the "-ing" of 개발 중인.
    ['베르티스가 개발 중인 모델은 뭐야?', '베르티스 개발 모델'],
    // 될: a verb's future adnominal, as 할 and 된 are.
    ['출시될 제품', '제품'],
    // A noun after a known name makes another name of it: 삼성전자 is Samsung Electronics, not Samsung.
    ['삼성전자 반도체 소식', '삼성 전자 반도체'],
    // Laughter in letters (ㅋㅋ), a recollecting ending (뭐였더라), hearsay (커진대, 받았대): no subject.
    ['뷰노 모델 ㅋㅋ', '뷰노 모델'],
    ['베르티스 모델 이름이 뭐였더라', '베르티스 모델'],
    ['시장이 커진대', '시장'],
    ['뉴로핏이 승인 받았대', '뉴로핏 승인'],
    // A syllable closed by ㅆ is a verb's tense, never a noun's (됐음, 받았을까요); a polite request (알려주실).
    ['코어라인소프트 승인 됐음?', '코어라인소프트 승인'],
    ['루닛 소식 알려주실 수 있나요?', '루닛'],
    // 현황 (how things stand), 자료 (material) ask about the name; they name nothing a fact says.
    ['뷰노 현황이 궁금해요', '뷰노'],
    ['루닛 자료 부탁드립니다', '루닛'],
    // A noun of two syllables that ends as hearsay does (현대) is kept.
    ['현대 자동차', '현대'],
    // 우리나라 (our country) is Korea.
    ['우리나라 의료 AI', '우리나라 의료 AI'],
    // What follows a name is a particle, one or more: cut.
    ['식약처로부터 승인받은 곳', '식약처 승인'],
    ['루닛이랑 뷰노', '루닛 뷰노'],
  ])('reads %s as "%s"', (question, read) => {
    expect(korean(question)).toBe(read);
  });

  it('answers a question whose other words are filler, and still finds nothing for what the pack lacks', async () => {
    expect(listed(await ask('미국 FDA와 식약처 양해각서 내용 알려줘')).slice(0, 3)).toContain('mfds-fda-ai-mou');
    expect(listed(await ask('베르티스가 개발 중인 모델 알려줘')).slice(0, 3)).toContain('bertis-san-proteomics-model');
    // 반도체 and 수출 실적 are not filler: the question is about what no fact has.
    expect(listed(await ask('한국 반도체 수출 실적 알려줘'))).toEqual([]);
    expect(listed(await ask('삼성전자 반도체 소식 있어?'))).toEqual([]);
  });
});

describe('Korean misspellings and small talk', () => {
  it.each([
    // ㅔ for ㅐ, ㅔ for ㅣ, ㅆ for ㅅ, ㅁ for ㄴ: one letter (jamo) off a name of three syllables or more.
    ['스텐다임이랑 머크 계약', '스탠다임 머크 계약'],
    ['뉴로펫 싱가포르', '뉴로핏 싱가포르'],
    ['코어라인쏘프트 승인', '코어라인소프트 승인'],
    ['삼성서울병웜', '삼성서울병원'],
  ])('reads %s as "%s"', (question, read) => {
    expect(korean(question)).toBe(read);
  });

  it('leaves a word alone that is near no one name, or near two', () => {
    // 뷰티 is two syllables; 현대자동차 is near nothing the pack has.
    expect(korean('뷰티 현대자동차')).toBe('뷰티 현대자동차');
  });

  it('answers the weather wherever the word stands, as in English', async () => {
    expect((await ask('서울 날씨 알려줘')).title).toMatch(/weather/);
  });
});

describe('names and concepts in Korean, as data in the pack', () => {
  it('gives every fact that names something a Korean alias, and each alias finds its fact', () => {
    const named = catalog.facts.filter((fact) => fact.entities.length > 0);
    expect(named.length).toBeGreaterThan(30);
    for (const fact of named) {
      const aliases = (fact.aliases ?? []).filter((alias) => HANGUL.test(alias));
      expect(aliases, fact.id).not.toEqual([]);
      for (const alias of aliases) {
        const found = catalog.search(alias, catalog.facts.length).hits.map((hit) => hit.fact.id);
        expect(found, `${alias} → ${fact.id}`).toContain(fact.id);
      }
    }
  });

  it.each([
    ['딥캐치 내용 알려줘', 'medical-ip-deepcatch-510k'],
    ['루닛 인사이트 CXR 일본 급여', 'lunit-insight-cxr-japan-reimbursement'],
    ['한국머크랑 계약한 회사는?', 'standigm-merck-korea-deal'],
    ['포항공대 면역항암 반응 예측', 'postech-immunotherapy-response-model'],
    ['세계 최초로 달성한 병원은?', 'samsung-medical-center-himss-infram'],
    ['식약처와 미국 FDA가 맺은 협약은?', 'mfds-fda-ai-mou'],
    ['패혈증 조기 발견 AI', 'spassmed-sepsis-510k'],
    ['국내 첫 AI 의료기기는 뭐야?', 'vunomed-boneage-first-ai-device'],
    ['흉부 엑스레이 이상 소견 검출', 'lunit-insight-cxr-japan-reimbursement'],
    ['코로나 때 우리나라가 AI를 어떻게 썼는지 궁금합니다', 'covid-smart-quarantine-contact-tracing'],
    // 인증 for a 510(k) clearance, as Korean says it (one way: "certification" does not find a clearance).
    ['메디컬아이피가 받은 인증이 뭐예요', 'medical-ip-deepcatch-510k'],
  ])('answers %s with %s', async (question, id) => {
    expect(listed(await ask(question)).slice(0, 3)).toContain(id);
  });

  it('has a Korean word for each theme of the pack that finds that theme’s facts', async () => {
    const words: Record<string, string> = {
      regulation: '규제',
      imaging: '의료영상',
      'drug-discovery': '신약',
      hospitals: '병원',
      'precision-medicine': '정밀의료',
      market: '시장',
    };
    expect(Object.keys(words).sort()).toEqual(catalog.themes.map((theme) => theme.id).sort());
    for (const [theme, word] of Object.entries(words)) {
      const facts = listed(await ask(`${word} 관련 소식 있어?`)).map((id) => catalog.fact(id)!);
      expect(facts.length, word).toBeGreaterThan(0);
      expect(facts[0]!.themes, word).toContain(theme);
    }
  });
});

describe('a Korean date with a subject', () => {
  it('lists nothing when the subject has nothing on that date, and points to its nearest date', async () => {
    // Asked in 2026: 작년 is 2025, and the newest Lunit fact is from July 2023.
    const answer = await ask('작년에 루닛 새 소식 있어?');
    expect(listed(answer)).toEqual([]);
    expect(answer.title).toBe('Nothing on record for Last year (2025) about 루닛.');
    expect(answer.suggestions[0]).toBe('on 2023-07');
    // With the date in another place, and a particle on the subject.
    expect(listed(await ask('루닛은 2024년에 뭐 했어?'))).toEqual([]);
  });

  it('lists the date’s facts about each of several subjects when none is about all of them', async () => {
    expect(listed(await ask('2023년 7월 루닛이랑 뷰노 현황은?')).sort()).toEqual(['lunit-adoption-2023-07', 'vuno-status-2023-07']);
  });

  it('lists the subject’s facts on that date', async () => {
    expect(listed(await ask('2023년에 루닛 소식 있어?'))).toEqual(['lunit-adoption-2023-07']);
    expect(listed(await ask('2022년에 스탠다임이 뭐 했어?'))).toEqual(['standigm-merck-korea-deal']);
  });
});

describe('Korean dates in the forms people write them', () => {
  it.each([
    ['23년 3월에 승인된 거 있어?', { kind: 'month', year: 2023, month: 3 }],
    ['2023.6 FDA 허가', { kind: 'month', year: 2023, month: 6 }],
    ['2023/06 FDA 허가', { kind: 'month', year: 2023, month: 6 }],
    ['6월에 FDA 허가받은 곳', { kind: 'calendar-month', month: 6 }],
    ['지난해 6월에 스탠다임', { kind: 'relative', phrase: 'June last year' }],
    ['두 달 전에 무슨 일 있었어?', { kind: 'relative', phrase: '2 months ago' }],
    ['올해 초에 나온 거', { kind: 'relative', phrase: 'earlier this year' }],
    // 재작년 is not 작년: the year before last, and its month searched as a word of the facts ("In June 2022").
    ['재작년 6월', { kind: 'relative', phrase: 'the year before last' }],
    ['재작년 봄', { kind: 'relative', phrase: 'the year before last' }],
  ])('reads the date of %s', (question, date) => {
    const parsed = parseCommand(question, NOW, korean);
    expect(parsed.ok && parsed.command.kind === 'on' && parsed.command.date).toEqual(date);
  });

  it.each([
    ['2022년 하반기', 'Second half of 2022 (July–December 2022)'],
    ['2023년 1분기 승인', 'Q1 2023 (January–March 2023)'],
  ])('reads the half or quarter of %s', (question, label) => {
    const parsed = parseCommand(question, NOW, korean);
    expect(parsed.ok && parsed.command.kind === 'on' && parsed.command.date.kind === 'range' && parsed.command.date.label).toBe(label);
  });

  it.each([
    ['2018년 이후 의료영상 AI', 'Since 2018'],
    ['2020년 이전 승인', 'Before 2020'],
    ['2021년부터 2022년까지 승인', '2021 to 2022'],
  ])('reads the span of %s', (question, label) => {
    const parsed = parseCommand(question, NOW, korean);
    expect(parsed.ok && parsed.command.kind === 'on' && parsed.command.date.kind === 'range' && parsed.command.date.label).toBe(label);
  });

  it('reads 이번 주 as this week’s anniversaries, as "this week" is', () => {
    const parsed = parseCommand('이번 주 소식', NOW, korean);
    expect(parsed.ok && parsed.command).toEqual({ kind: 'week' });
  });

  it('answers a month of the year before last with that month’s facts', async () => {
    const answer = await dateline.ask('재작년 6월에 무슨 일 있었어?', { now: new Date('2024-02-01T09:00:00+09:00'), zone: 'Asia/Seoul' });
    expect(listed(answer)).toEqual(['standigm-merck-korea-deal']);
  });
});
