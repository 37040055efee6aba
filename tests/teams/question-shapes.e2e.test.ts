// End to end in emulator mode: Teams activities POSTed to /api/messages. A Korean question is
// answered with its fact, a follow-up in the same conversation uses the answer before it, a list
// cut short carries a "More" button whose submit (a message with { command } as its value)
// answers with the next page, and the other classes of issue 24 reach the card: word forms,
// paraphrases, relative dates, command words inside questions, names first, no false synonym,
// Korean filler, misspellings and dates with a subject.
import { describe, expect, it } from 'vitest';
import { cardText, fixture, mentionMessage, useTeamsBot } from './support.ts';

const running = useTeamsBot();

async function send(activity: Parameters<typeof running.teams.send>[0]) {
  running.connector.requests.length = 0;
  const response = await running.teams.send(activity);
  expect(response.status).toBe(200);
  expect(running.connector.requests).toHaveLength(1);
  return running.connector.requests[0]!.body;
}

const ask = (text: string, id: string) => send(mentionMessage(running.connector.url, text, id));

/** A card button's submit, as Teams sends it: a message with the button's data as its value and no text. */
const submit = (data: unknown, id: string) => send(fixture('channel-card-submit', running.connector.url, { value: data, id }));

type Card = { actions?: { title: string; data?: unknown }[] };
const cardOf = (reply: Awaited<ReturnType<typeof send>>) => reply.attachments![0]!.content as Card;

/** The facts a card lists, in order: those its "Quote & source" ShowCards name. */
const factIds = (reply: Awaited<ReturnType<typeof send>>) =>
  [...JSON.stringify(reply).matchAll(/"id":"quote:\d+:([a-z0-9-]+)"/g)].map((match) => match[1]!);

const title = (id: string) => running.teams.bot.dateline.catalog.fact(id)!.title;

describe('questions as people type them, through Teams', () => {
  it('answers a Korean question, then a follow-up in the same conversation from its subject', async () => {
    const first = await ask('스탠다임이 머크랑 계약한 게 언제야?', '1781485323001');
    expect(first.summary).toBe(`June 2022 — ${title('standigm-merck-korea-deal')}`);
    const second = await ask('what else did they do?', '1781485323002');
    expect(cardText(second)).toContain(title('standigm-institut-pasteur-korea-tb'));
    expect(cardText(second)).not.toContain(title('standigm-merck-korea-deal'));
    // The first answer that searches builds the search index: slow on a loaded machine.
  }, 30_000);

  it('dates a follow-up by the last answer’s date ("that spring", 그해)', async () => {
    await ask('tell me about Neurophet', '1781485323011');
    const spring = await ask('what else got approved that spring?', '1781485323012');
    expect(spring.summary).toBe('That spring (March–May 2023)');
    expect(factIds(spring)).toEqual(['coreline-soft-brain-haemorrhage-approval']);
    const year = await ask('그해 다른 승인은?', '1781485323013');
    expect(year.summary).toBe('That year (2023)');
    // The year of the answer before (spring 2023's), less the fact it showed.
    expect(factIds(year)).not.toContain('coreline-soft-brain-haemorrhage-approval');
    expect(factIds(year)).toContain('neurophet-singapore-approval');
  });

  it('puts a "More" button on a cut search, whose submit answers with the next page', async () => {
    const first = await ask('search korea', '1781485323003');
    const more = cardOf(first).actions?.find((action) => action.title === 'More');
    expect(more).toMatchObject({ data: { command: 'search korea page 2' } });
    const second = await submit(more!.data, '1781485323004');
    expect(second.summary).toBe('Search: korea (page 2)');
    expect(factIds(second).length).toBeGreaterThan(0);
    expect(factIds(second).filter((id) => factIds(first).includes(id))).toEqual([]);
  });

  it.each([
    ['word forms', 'Vuno deployments', 'vuno-status-2023-07'],
    ['punctuation', 'who got a 510k', 'medical-ip-deepcatch-510k'],
    ['paraphrase', 'who inked a deal with Merck Korea?', 'standigm-merck-korea-deal'],
    ['a generic word', 'stuff about hospitals', 'himss-korean-hospital-association-mou'],
    ['a command word', 'latest about Neurophet?', 'neurophet-singapore-approval'],
    ['names first', 'berti', 'bertis-san-proteomics-model'],
  ])('%s: "%s" lists %s among the first three', async (_kind, typed, id) => {
    expect(factIds(await ask(typed, '1781485323010')).slice(0, 3)).toContain(id);
  });

  it('states the dates a relative date means in the title, as of the ask time', async () => {
    // The bot's clock is in June 2026: four years ago is 2022.
    const reply = await ask('what happened four years ago?', '1781485323011');
    expect(reply.summary).toBe('Four years ago (2022)');
    const in2022 = running.teams.bot.dateline.catalog.facts.filter((fact) => fact.date?.year === 2022).map((fact) => fact.id);
    expect(factIds(reply).sort()).toEqual(in2022.sort());
  });

  it('lists no FDA clearance as an approval, and says what no fact has', async () => {
    expect(factIds(await ask('approval', '1781485323012')).filter((id) => /510k/.test(id))).toEqual([]);
    const india = await ask("what did India's health ministry do about AI?", '1781485323013');
    expect(india.summary).toBe('Nothing on India.');
    expect(factIds(india)).toEqual([]);
  });

  it('reads Korean filler, a misspelt Korean name and a Korean date with a subject', async () => {
    // 내용 only carries the sentence; 스텐다임 is 스탠다임 misspelt by a letter.
    expect(factIds(await ask('딥캐치 내용 알려줘', '1781485323014')).slice(0, 3)).toContain('medical-ip-deepcatch-510k');
    expect(factIds(await ask('스텐다임이랑 머크 계약', '1781485323015')).slice(0, 3)).toContain('standigm-merck-korea-deal');
    // The bot's clock is in June 2026: nothing about Lunit is dated 2025, and its newest fact is from July 2023.
    const lunit = await ask('작년에 루닛 새 소식 있어?', '1781485323016');
    expect(lunit.summary).toBe('Nothing on record for Last year (2025) about 루닛.');
    expect(factIds(lunit)).toEqual([]);
    expect(JSON.stringify(lunit)).toContain('on 2023-07');
  });
});
