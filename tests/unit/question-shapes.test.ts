// The shapes of questions people type, through the core: Korean questions and dates, dates in
// words relative to the ask time in the channel's zone, command words that begin questions,
// answers headed by what was asked, lists that say how to see the rest, and follow-ups that use
// the conversation's last answer (a memory bounded and expiring).
import { describe, expect, it } from 'vitest';
import type { Briefing } from '../../src/briefing/model.ts';
import { koreanReader } from '../../src/commands/korean.ts';
import { parseCommand } from '../../src/commands/parse.ts';
import { commandText } from '../../src/commands/text.ts';
import { findAnaphoricDate, findRelativeDate } from '../../src/commands/relative-date.ts';
import { Dateline } from '../../src/dateline.ts';
import { sortKey } from '../../src/dates/fact-date.ts';
import { openCatalog } from '../../src/facts/open.ts';
import { ConversationMemory, FOLLOW_UP_MS, followUp, type Recalled } from '../../src/queries/follow-ups.ts';
import type { ChannelRef } from '../../src/types.ts';
import { FACTS_DIR } from './support.ts';

const catalog = openCatalog(FACTS_DIR);
const dateline = new Dateline(catalog, 'Asia/Seoul');
const korean = koreanReader(catalog.vocabulary());
const NOW = new Date('2026-06-15T10:00:00+09:00');
const listed = (briefing: Briefing) =>
  briefing.sections.flatMap((section) => section.items.flatMap((item) => (item.factId ? [item.factId] : [])));
const channel = (id: string): ChannelRef => ({ platform: 'teams', workspace: 'tenant', channel: id });
const ask = (text: string, options: { now?: Date; channel?: ChannelRef; zone?: string } = {}) =>
  dateline.ask(text, {
    now: options.now ?? NOW,
    zone: options.zone ?? 'Asia/Seoul',
    ...(options.channel ? { channel: options.channel } : {}),
  });

describe('Korean questions', () => {
  it.each([
    ['코어라인소프트는 무엇을 만들었나요?', '코어라인소프트'],
    ['패혈증 감지 AI로 FDA 허가받은 회사 있어?', '패혈증 감지 AI FDA 허가 회사'],
    ['혁신의료기기 중에 AI 영상진단 소프트웨어가 몇 개야?', 'how many 혁신의료기기 AI 영상 진단 소프트웨어'],
    ['스탠다임이 머크랑 계약한 게 언제야?', 'when 스탠다임 머크 계약'],
    ['현대자동차의 판매량은?', '현대자동차 판매량'],
  ])('reads %s as "%s": particles and endings cut, compounds split by the pack’s words, unknown nouns kept', (question, read) => {
    expect(korean(question).replace(/\s+/g, ' ').trim()).toBe(read);
  });

  it.each([
    ['2022년 7월에 무슨 일?', { kind: 'month', year: 2022, month: 7 }],
    ['2022년 3월 21일', { kind: 'day', year: 2022, month: 3, day: 21 }],
    ['2021년에 나온 가이드라인 있어?', { kind: 'year', year: 2021 }],
    ['작년에 무슨 일이 있었어?', { kind: 'relative', phrase: 'last year' }],
    ['올해 4월에 무슨 일 있었어?', { kind: 'relative', phrase: 'April this year' }],
    ['지난달 소식', { kind: 'relative', phrase: 'last month' }],
    ['3년 전에 나온 가이드', { kind: 'relative', phrase: '3 years ago' }],
  ])('reads the date of %s', (question, date) => {
    const parsed = parseCommand(question, NOW, korean);
    expect(parsed.ok && parsed.command.kind === 'on' && parsed.command.date).toEqual(date);
  });

  it('answers through the bilingual bridge, and a question word shapes the answer', async () => {
    expect(listed(await ask('흉부 CT 판독 인공지능 있어?'))).toContain('vuno-med-lung-ct-deepbrain');
    // 폐암 (lung cancer), which no fact says, is read as 폐 + 암: the chest-CT reader is listed, as the Korean half did.
    expect(listed(await ask('폐암 검진 인공지능 있어?')).slice(0, 3)).toContain('vuno-med-lung-ct-deepbrain');
    const when = await ask('스탠다임이 머크랑 계약한 게 언제야?');
    expect(when.title).toBe('June 2022 — Standigm inks a drug discovery research deal with Merck Korea');
  });

  it('drops a question word with its particle (뭐가, 무엇이) as it drops the bare word', async () => {
    expect(listed(await ask('뷰노가 받은 인증은 뭐가 있나요?')).slice(0, 3)).toContain('vuno-status-2023-07');
  });

  it('finds nothing for what the pack does not have, rather than what its known words match', async () => {
    expect(listed(await ask('현대자동차의 판매량은?'))).toEqual([]);
  });

  it('keeps the one-way bridge one way: an English word does not find through a Korean group', async () => {
    // 승인 finds a 510(k) clearance, as Korean says; "clearance" does not find an approval through it.
    expect(listed(await ask('2023년 6월에 FDA 승인 받은 곳 있어?'))).toContain('spassmed-sepsis-510k');
    expect(listed(await ask('search 암'))).toContain('lunit-adoption-2023-07');
    expect(listed(await ask('search clearance'))).not.toContain('coreline-soft-brain-haemorrhage-approval');
  });
});

describe('relative dates, as of the ask time in the channel’s zone', () => {
  const today = { year: 2026, month: 6, day: 15 };
  it.each([
    ['anything from last spring?', 'last spring (March–May 2026)'],
    ['what happened the year before last?', 'the year before last (2024)'],
    ['what was approved four years ago?', 'four years ago (2022)'],
    ['anything earlier this year?', 'earlier this year (January–June 2026)'],
    ['what happened last quarter?', 'last quarter (January–March 2026)'],
    ['research the summer before last', 'the summer before last (June–August 2024)'],
    ['what happened two months ago?', 'two months ago (April 2026)'],
    ['news from April this year', 'April this year (April 2026)'],
    ['in the past two years', 'in the past two years (2025–2026)'],
    ['what happened last week', 'last week (8–14 June 2026)'],
    // The latest March before this month (June); the latest June before it is last year's.
    ['what happened last March?', 'last March (March 2026)'],
    ['anything from last June?', 'last June (June 2025)'],
    ['anything this December?', 'this December (December 2026)'],
    ['approvals in the first half of last year', 'first half of last year (January–June 2025)'],
    ['what happened late last year?', 'late last year (September–December 2025)'],
    ['anything new so far this year?', 'so far this year (January–June 2026)'],
    ['what happened over the past year?', 'over the past year (July 2025 – June 2026)'],
    ['over the last few months', 'over the last few months (April–June 2026)'],
    ['deals in recent years', 'in recent years (2024–2026)'],
    ['the past couple of years', 'the past couple of years (2025–2026)'],
    ['what happened two years back?', 'two years back (2024)'],
    ['anything since last year?', 'since last year (since 2025)'],
    ['anything before last year?', 'before last year (up to 2024)'],
    ['what happened after last spring?', 'after last spring (since June 2026)'],
  ])('%s → %s', (question, label) => {
    expect(findRelativeDate(question, today)?.date.label.toLowerCase()).toBe(label.toLowerCase());
  });

  it('states the dates in the title, resolved where the channel is: just after midnight in Seoul is still the old year in UTC', async () => {
    const answer = await ask('anything from last spring?', { now: new Date('2024-01-10T09:00:00+09:00') });
    expect(answer.title).toBe('Last spring (March–May 2023)');
    expect(listed(answer)).toContain('coreline-soft-brain-haemorrhage-approval');
    const newYear = new Date('2024-01-01T00:30:00+09:00');
    expect((await ask('what happened this year?', { now: newYear })).title).toContain('(2024)');
    expect((await ask('what happened this year?', { now: newYear, zone: 'UTC' })).title).toContain('(2023)');
  });

  it('reads "recently" alone as the newest facts, and "new this week" as facts dated this week', async () => {
    expect((await ask("what's been happening recently?")).title).toMatch(/most recent facts/);
    expect(listed(await ask('anything new this week?'))).toEqual([]);
  });
});

describe('command words that begin questions', () => {
  it.each([
    ['latest about Neurophet?', 'neurophet-singapore-approval'],
    ['on which day did PAREXEL count the innovative devices?', 'parexel-innovative-devices-ai-imaging'],
    ['theme of the Bertis story', 'bertis-san-proteomics-model'],
    ['show me Lunit news', 'lunit-adoption-2023-07'],
    ['define INFRAM', 'samsung-medical-center-himss-infram'],
    ['on lunit', 'lunit-adoption-2023-07'],
    ['imaging AI approvals roundup', 'neurophet-singapore-approval'],
    ["what's the name of Bertis's model?", 'bertis-san-proteomics-model'],
  ])('reads %s as a question', async (question, fact) => {
    expect(listed(await ask(question)).slice(0, 3)).toContain(fact);
  });

  it('keeps the errors of a bare command argument', () => {
    expect(parseCommand('latest 50', NOW).ok).toBe(false);
    expect(parseCommand('on 2023-02-30', NOW).ok).toBe(false);
    expect(parseCommand('on xyz1', NOW).ok).toBe(false);
  });

  it('reads "the name of X" as who X is, and a list word at the end ("roundup") as no subject', () => {
    expect(parseCommand("what's the name of Bertis's model?", NOW)).toEqual({
      ok: true,
      command: { kind: 'search', text: "Bertis's model", asks: 'who' },
    });
    expect(parseCommand('imaging AI approvals roundup', NOW)).toEqual({
      ok: true,
      command: { kind: 'search', text: 'imaging AI approvals' },
    });
  });

  it('reads "latest on X" as X, newest first, headed by the newest fact and its date', async () => {
    expect(parseCommand('latest on drug discovery', NOW)).toEqual({
      ok: true,
      command: { kind: 'search', text: 'drug discovery', asks: 'latest' },
    });
    const answer = await ask("what's the latest on drug discovery?");
    expect(answer.title).toBe('June 2023 — HanAll Biopharma and Daewoong Pharmaceutical co-invest in US-based Vincere Biosciences');
    const keys = listed(answer)
      .flatMap((id) => catalog.fact(id)?.date ?? [])
      .map(sortKey);
    expect(keys.length).toBeGreaterThan(2);
    expect(keys).toEqual([...keys].sort((a, b) => b - a));
  });
});

describe('answers shaped like answers', () => {
  it('heads when, who and how many with the answer from the best fact', async () => {
    expect((await ask('when did Neurophet get approval in Singapore?')).title).toBe(
      "April 2023 — Neurophet's AI brain imaging device gets approval in Singapore",
    );
    expect((await ask('who developed the Paxlovid prediction?')).title).toMatch(/^KAIST/);
    expect((await ask('how many institutions use Lunit?')).title).toMatch(/2000/);
  });

  it('states no answer from a fact that does not say what was asked', async () => {
    // No fact says when Coreline Soft was founded (WordNet knows "founded" as a word of the facts'
    // "founder"): the approval is offered as near, and its date is not given as the answer.
    const answer = await ask('when was Coreline Soft founded?');
    expect(answer.title).toBe('Nothing on founded.');
    expect(answer.title).not.toMatch(/March 2023/);
    expect(answer.intro).toMatch(/Near it, not an answer: .*Coreline Soft/);
  });

  it('says how to see the rest of every cut list: search pages, date pages, latest 20', async () => {
    const first = await ask('search korea');
    expect(first.sections[0]!.more?.command).toEqual({ kind: 'search', text: 'korea', page: 2 });
    expect(commandText(first.sections[0]!.more!.command!)).toBe('search korea page 2');
    const second = await ask('search korea page 2');
    expect(listed(second).filter((id) => listed(first).includes(id))).toEqual([]);
    expect(listed(second).length).toBeGreaterThan(0);
    expect(second.title).toBe('Search: korea (page 2)');
    expect((await ask('latest')).sections[0]!.more?.command).toEqual({ kind: 'latest', count: 20 });
  });

  it('says the same "of M" on every page of a search, M the facts its pages list', async () => {
    for (const words of ['korea', 'medical', 'medical ai korea', 'ai']) {
      const pages: Briefing[] = [];
      for (let page = 1; page === 1 || pages.at(-1)!.sections[0]?.more; page++)
        pages.push(await ask(page === 1 ? `search ${words}` : `search ${words} page ${page}`));
      const totals = pages.map((answer) =>
        /of (\d+)\.$|^(\d+) results?\.$/
          .exec(answer.intro ?? '')
          ?.slice(1)
          .find(Boolean),
      );
      const everyFact = pages.flatMap(listed);
      expect(new Set(everyFact).size, words).toBe(everyFact.length);
      expect(new Set(totals), words).toEqual(new Set([String(everyFact.length)]));
    }
  });

  it('points a date with nothing on record to the nearest years that have facts', async () => {
    const answer = await ask('on 2016');
    expect(answer.title).toBe('Nothing on record for 2016.');
    expect(answer.suggestions).toEqual(['on 2018', 'latest']);
    expect((await ask('on 2020')).suggestions).toEqual(['on 2018', 'on 2021', 'latest']);
  });
});

describe('follow-ups in a conversation', () => {
  it('uses the last answer’s subject: what else, tell me more, when was that, and X', async () => {
    const at = channel('follow-1');
    expect(listed(await ask('when did Standigm sign with Merck Korea?', { channel: at }))[0]).toBe('standigm-merck-korea-deal');
    const more = await ask('what else did they do?', { channel: at });
    expect(listed(more)).toEqual(['standigm-institut-pasteur-korea-tb']);
    const full = await ask('tell me more about it', { channel: at });
    expect(full.sections[0]!.items[0]!.quotes).toBeDefined();
    const other = await ask('and Bertis?', { channel: at });
    expect(listed(other)[0]).toBe('bertis-san-proteomics-model');
    expect((await ask('when was that?', { channel: channel('follow-2') })).title).not.toMatch(/^[A-Z][a-z]+ \d{4} —/);
  });

  it('keeps each conversation apart, and forgets after a few minutes', async () => {
    const at = channel('follow-3');
    await ask('what did KAIST develop?', { channel: at });
    expect((await ask('when was that?', { channel: at })).title).toBe(
      "March 2023 — KAIST researchers develop AI-based drug interaction prediction for Pfizer's Paxlovid",
    );
    expect(listed(await ask('what else?', { channel: channel('follow-4') }))).toEqual([]);
    const later = new Date(NOW.getTime() + FOLLOW_UP_MS + 1000);
    expect(listed(await ask('what else?', { channel: at, now: later }))).toEqual([]);
  });

  it('reads a follow-up into a typed command from the question as read: no text parsed again', () => {
    const last: Recalled = {
      command: { kind: 'search', text: 'Insights10 forecast' },
      subject: 'Insights10',
      shown: ['insights10-ai-healthcare-market-projection'],
    };
    const read = (text: string) => {
      const parsed = parseCommand(text, NOW);
      if (!parsed.ok) throw new Error(text);
      return parsed.command;
    };
    // The question's own shape (what it asks, its date) is kept; only the pronoun is the subject.
    expect(followUp('when did they sign with Merck?', read('when did they sign with Merck?'), last, catalog, read)).toEqual({
      kind: 'search',
      text: 'did Insights10 sign with Merck',
      asks: 'when',
    });
    expect(followUp('what was it in 2022?', read('what was it in 2022?'), last, catalog, read)).toEqual({
      kind: 'on',
      date: { kind: 'year', year: 2022 },
      words: 'Insights10',
    });
    // Insights10 has one fact: "what else?" is the rest of its theme.
    const theme = catalog.fact(last.shown[0]!)!.themes[0];
    expect(followUp('what else?', read('what else?'), last, catalog, read)).toEqual({ kind: 'theme', themeId: theme });
    // No pronoun, no follow-up: the question is answered as read.
    expect(followUp('what did KAIST develop?', read('what did KAIST develop?'), last, catalog, read)).toBeUndefined();
  });

  it.each([
    ['what else got approved that spring?', 'That spring (March–May 2023)'],
    ['anything that winter?', 'That winter (December 2022 – February 2023)'],
    ['who else signed that year?', 'That year (2023)'],
    ['anything else the same month?', 'The same month (April 2023)'],
    ['what happened that quarter?', 'That quarter (April–June 2023)'],
    ['what happened the year after?', 'The year after (2024)'],
    ['and a month earlier?', 'A month earlier (March 2023)'],
    ['anything else around then?', 'Around then (March–May 2023)'],
    ['what was going on back then?', 'Back then (April 2023)'],
    ['anything older?', 'Older (up to March 2023)'],
    ['anything since then?', 'Since then (since May 2023)'],
    ['그해 다른 소식은?', 'That year (2023)'],
    ['같은 달에 또 뭐 있었어?', 'That month (April 2023)'],
    ['그때 뭐가 승인됐어?', 'Then (April 2023)'],
    ['그 무렵에는?', 'Around then (March–May 2023)'],
    ['이듬해에는?', 'The year after (2024)'],
    ['그 전 달에는?', 'The month before (March 2023)'],
    ['그 이후로는?', 'Since then (since May 2023)'],
  ])('reads the date of "%s" from the last answer’s (April 2023) as %s', (question, label) => {
    const anchor = { precision: 'month', year: 2023, month: 4 } as const;
    const winter = { precision: 'month', year: 2023, month: 1 } as const;
    expect(findAnaphoricDate(question, question.includes('winter') ? winter : anchor)?.date.label).toBe(label);
  });

  it('finds no follow-up date in words that only look like one', () => {
    const anchor = { precision: 'month', year: 2023, month: 4 } as const;
    for (const text of ['그 때문에 승인됐어?', 'what did Lunit do in 2023?', 'the year before last', 'and then who signed?', '그날씨']) {
      expect(findAnaphoricDate(text, anchor)).toBeUndefined();
    }
  });

  it('answers a follow-up dated by the last answer: that date’s facts that the rest of the question finds, less those shown', async () => {
    const at = channel('follow-dated-1');
    expect(listed(await ask('tell me about Neurophet', { channel: at }))).toEqual(['neurophet-singapore-approval']);
    const spring = await ask('what else got approved that spring?', { channel: at });
    expect(spring.title).toBe('That spring (March–May 2023)');
    expect(listed(spring)).toEqual(['coreline-soft-brain-haemorrhage-approval']);
    const korean = channel('follow-dated-2');
    await ask('what did KAIST develop?', { channel: korean });
    const month = await ask('같은 달에 또 뭐 있었어?', { channel: korean });
    expect(month.title).toBe('That month (March 2023)');
    expect(listed(month)).toEqual(['coreline-soft-brain-haemorrhage-approval', 'samsung-medical-center-himss-infram']);
    // Without a conversation the same words date nothing: no answer dated by a stranger's question.
    expect((await ask('what else got approved that spring?')).title).not.toMatch(/^That spring/);
  });

  it('takes follow-ups of every shape a person types in a thread', async () => {
    const at = channel('follow-shapes');
    const standigm = async (question: string) => {
      await ask('when did Standigm sign with Merck Korea?', { channel: at });
      return ask(question, { channel: at });
    };
    expect(listed(await standigm('who else signed with Merck?'))).not.toContain('standigm-merck-korea-deal');
    expect(listed(await standigm('다른 건?'))).toEqual(['standigm-institut-pasteur-korea-tb']);
    expect(listed(await standigm('show me more'))).toEqual(['standigm-institut-pasteur-korea-tb']);
    expect((await standigm('그건 언제야?')).title).toBe('June 2022 — Standigm inks a drug discovery research deal with Merck Korea');
    for (const question of ['더 알려줘', "what's the source?", 'why?']) {
      expect((await standigm(question)).sections[0]!.items[0]!.quotes).toBeDefined();
    }
    // A listed fact by its place in the last answer.
    await ask('search korea approval', { channel: at });
    const shown = listed(await ask('search korea approval', { channel: channel('follow-shapes-list') }));
    expect(listed(await ask('tell me about the second one', { channel: at }))).toEqual([shown[1]]);
    await ask('search korea approval', { channel: at });
    expect(listed(await ask('마지막 거 자세히', { channel: at }))).toEqual([shown.at(-1)]);
    // A Korean question that only begins like a place ("세계 최초", "world first") is no pick from the list.
    await ask('search korea approval', { channel: at });
    expect(listed(await ask('세계 최초로 달성한 게 뭐야?', { channel: at }))).not.toEqual([shown[2]]);
    // "and in 2022?": the subject at the new date.
    expect(listed(await standigm('and in 2022?'))).toEqual(['standigm-merck-korea-deal']);
    expect(listed(await standigm('2022년에는?'))).toEqual(['standigm-merck-korea-deal']);
    // "anything older?": the subject before the answer's date; it has none, so nothing is listed and the nearest is named.
    const older = await standigm('anything older?');
    expect(listed(older)).toEqual([]);
    expect(older.suggestions).toContain('fact standigm-merck-korea-deal');
    // A question word alone asks it of the subject; "what else happened in 2023?" keeps its date.
    expect((await standigm('when?')).title).toBe('June 2022 — Standigm inks a drug discovery research deal with Merck Korea');
    await ask('what did KAIST develop?', { channel: at });
    const year = await ask('what else happened in 2023?', { channel: at });
    expect(year.title).toBe('2023');
    expect(listed(year)).not.toContain('kaist-paxlovid-interaction-prediction');
    expect(listed(year)).toContain('coreline-soft-brain-haemorrhage-approval');
    // "Earlier" in a longer question of its own is no date of the last answer's.
    expect((await standigm("which was approved earlier, Lunit's device or Vuno's device?")).title).not.toMatch(/^Earlier/);
    // A Korean name with a topic particle asks the last question again about it, its shape kept.
    await ask("how many hospitals use Vuno's AI?", { channel: at });
    const lunit = await ask('루닛은?', { channel: at });
    expect(listed(lunit).slice(0, 3)).toContain('lunit-adoption-2023-07');
    // Headed as a how-many answer is, not listed under a plain "Search:" title.
    expect(lunit.title).not.toMatch(/^Search:/);
  });

  it('keeps both the date and the subject of a dated question, and points a subject with nothing then to its nearest facts', async () => {
    expect(listed(await ask('what did Vuno do in 2023?'))).toEqual(['vuno-status-2023-07']);
    expect(listed(await ask('2023년 루닛'))).toEqual(['lunit-adoption-2023-07']);
    for (const question of ['any news about Lunit last year?', '작년에 루닛 새 소식 있었어?']) {
      const nothing = await ask(question);
      expect(listed(nothing)).toEqual([]);
      expect(nothing.title).toMatch(/^Nothing on record for Last year \(2025\) about (?:Lunit|루닛)\.$/);
      // The nearest in time (July 2023), offered as near.
      expect(nothing.suggestions).toEqual(expect.arrayContaining(['on 2023-07', 'fact lunit-adoption-2023-07']));
      expect(nothing.intro).toContain('July 2023');
    }
    // A word no fact has ("milestones") does not lose the subject: Vuno's 2023 facts, not all of 2023's.
    expect(listed(await ask('Vuno milestones 2023'))).toEqual(['vuno-status-2023-07']);
    // Nor with none of the subject's facts on the date: nothing listed, not the date's other facts.
    const unheard = await ask('Bertis stock price in 2021');
    expect(listed(unheard)).toEqual([]);
    expect(unheard.title).toBe('Nothing on record for 2021 about Bertis stock price.');
    expect(listed(await ask('2023년 7월 기준 루닛이랑 뷰노 현황은?'))).toEqual(['lunit-adoption-2023-07', 'vuno-status-2023-07']);
    // Words that name nothing leave the date's facts.
    expect(listed(await ask('anything interesting in 2023?'))).toEqual(listed(await ask('on 2023')));
    // An undated fact that names the year asked answers for it.
    expect(listed(await ask('how big was the market in 2022?'))[0]).toBe('insights10-ai-healthcare-market-projection');
    // So it does when some words are ones no fact has (커진대): the others find the fact that says "by 2030".
    expect(listed(await ask('국내 헬스케어 AI 시장 2030년엔 얼마나 커진대?'))[0]).toBe('insights10-ai-healthcare-market-projection');
  });

  it('forgets a conversation FOLLOW_UP_MS after its answer, by the ask times', async () => {
    const memory = new ConversationMemory();
    memory.remember('x', { kind: 'search', text: 'lunit' }, await ask('search lunit'), catalog, NOW);
    expect(memory.recall('x', new Date(NOW.getTime() + FOLLOW_UP_MS))?.subject).toBe('Lunit');
    expect(memory.recall('x', new Date(NOW.getTime() + FOLLOW_UP_MS + 1))).toBeUndefined();
  });

  it('remembers at most its bound of conversations, the least recent forgotten first', async () => {
    const memory = new ConversationMemory(2);
    const answer = await ask('search lunit');
    for (const id of ['a', 'b', 'c']) memory.remember(id, { kind: 'search', text: 'lunit' }, answer, catalog, NOW);
    expect(memory.recall('a', NOW)).toBeUndefined();
    expect(memory.recall('c', NOW)?.subject).toBe('Lunit');
  });
});
