// End to end over signed HTTP: a Korean question, a relative date, a "when" headline, a date with
// nothing on record, a follow-up and cut lists as Slack sends them (slash commands), and the "More"
// button under a cut list (a block_actions click, as Slack sends it), which answers the clicking
// person alone with the list's next page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandSigner } from '../../adapters/slack/signed-command.ts';
import { blockKitProblems } from './support/block-kit-limits.ts';
import { fixture } from './support/fake-slack.ts';
import { allText, quoteButtons, SIGNING_SECRET, startSlackBot, type SlackBot } from './support/slack-bot.ts';

let slack: SlackBot;
beforeAll(async () => {
  slack = await startSlackBot();
});
afterAll(async () => {
  await slack?.close();
});

/** The facts a reply lists, in order: those its "Quote & source" buttons name. */
const factIds = (reply: Record<string, unknown>) => quoteButtons(reply).map((button) => button.factId);

type Payload = Record<string, unknown> & { actions: Record<string, unknown>[] };
type Button = { action_id?: string; value?: string; text?: { text?: string } };

/** A message's buttons in its actions blocks. */
const actionButtons = (reply: Record<string, unknown>) =>
  ((reply.blocks ?? []) as { type: string; elements?: Button[] }[]).flatMap((block) =>
    block.type === 'actions' ? (block.elements ?? []) : [],
  );
const moreButton = (reply: Record<string, unknown>) => actionButtons(reply).find((button) => button.action_id === 'dateline_more');

/** A click on "More" carrying `value`, in a message of `channel`, answered on response_url `id`. */
async function clickMore(value: string, id: string, channel = 'C2147483705') {
  const payload = fixture<Payload>('block-actions-share.json');
  const { status } = await slack.action({
    ...payload,
    channel: { id: channel, name: 'test' },
    container: { ...(payload.container as object), channel_id: channel },
    response_url: slack.fake.responseUrl(id),
    trigger_id: `13345224609.738474920.${id}`,
    actions: [{ ...payload.actions[0], action_id: 'dateline_more', text: { type: 'plain_text', text: 'More' }, value }],
  });
  expect(status, slack.logs().join('\n')).toBe(200);
  return slack.reply(id);
}

async function ask(text: string) {
  const { status, id } = await slack.command(text);
  expect(status).toBe(200);
  return slack.reply(id);
}

describe('questions as people type them, through Slack', () => {
  it('answers a Korean question with the fact it asks about', async () => {
    expect(factIds(await ask('코어라인소프트는 무엇을 만들었나요?'))[0]).toBe('coreline-soft-brain-haemorrhage-approval');
  });

  it('states the dates a relative date means in the title', async () => {
    const expected = await slack.bot.dateline.ask('what happened last spring?', { now: new Date() });
    expect(expected.title).toMatch(/Last spring \(March–May \d{4}\)/);
    expect(allText(await ask('what happened last spring?'))).toContain(expected.title);
  });

  it('heads a "when" question with the date of its best fact', async () => {
    const deal = slack.bot.dateline.catalog.fact('neurophet-singapore-approval')!;
    const reply = await ask('when did Neurophet get approval in Singapore?');
    expect((reply.blocks as { type: string; text?: { text: string } }[])[0]).toMatchObject({
      type: 'header',
      text: { text: `April 2023 — ${deal.title}` },
    });
    expect(factIds(reply)[0]).toBe(deal.id);
  });

  it('takes a follow-up in the same channel from the last answer’s subject, typed', async () => {
    expect(factIds(await ask('when did Standigm sign with Merck Korea?'))[0]).toBe('standigm-merck-korea-deal');
    expect(factIds(await ask('what else did they do?'))).toEqual(['standigm-institut-pasteur-korea-tb']);
    const other = await ask('and Bertis?');
    expect(factIds(other)[0]).toBe('bertis-san-proteomics-model');
  });

  it('dates a follow-up by the last answer’s date, and keeps a dated question’s subject', async () => {
    expect(factIds(await ask('tell me about Neurophet'))).toEqual(['neurophet-singapore-approval']);
    const spring = await ask('what else got approved that spring?');
    expect(allText(spring)).toContain('That spring (March–May 2023)');
    expect(factIds(spring)).toEqual(['coreline-soft-brain-haemorrhage-approval']);
    // Korean: the same month as the last answer's, less what it showed.
    await ask('what did KAIST develop?');
    expect(factIds(await ask('같은 달에 또 뭐 있었어?'))).toEqual([
      'coreline-soft-brain-haemorrhage-approval',
      'samsung-medical-center-himss-infram',
    ]);
    const nothing = await ask('any news about Lunit last year?');
    expect(factIds(nothing)).toEqual([]);
    expect(allText(nothing)).toContain('Nothing on record for Last year (2025) about Lunit');
  });

  it('points a date with nothing on record to the nearest years that have facts', async () => {
    const shown = allText(await ask('on 2016'));
    expect(shown).toContain('Nothing on record for 2016.');
    expect(shown).toContain('`/dateline on 2018`');
  });

  it('says under a cut search which command shows the rest', async () => {
    const reply = await ask('search korea');
    const shown = allText(reply);
    expect(factIds(reply)).toHaveLength(10);
    expect(shown).toContain('/dateline search korea page 2');
  });

  it('offers "More" under a cut search, and a click answers the clicker alone with the next page, itself with "More"', async () => {
    const first = await ask('search korea');
    expect(blockKitProblems({ blocks: first.blocks as Record<string, unknown>[] })).toEqual([]);
    const more = moreButton(first);
    expect(more?.text?.text).toBe('More');
    // The signed typed command for page 2: no text to be parsed again.
    expect(JSON.parse(more!.value!)).toMatchObject({ command: { kind: 'search', text: 'korea', page: 2 }, channel: 'C2147483705' });

    const second = await clickMore(more!.value!, 'more-search-2');
    expect(second).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(blockKitProblems({ blocks: second.blocks as Record<string, unknown>[] })).toEqual([]);
    expect(allText(second)).toContain('Search: korea (page 2)');
    const [page1, page2] = [factIds(first), factIds(second)];
    expect(page2.length).toBeGreaterThan(0);
    expect(page2.filter((id) => page1.includes(id))).toEqual([]);
    // The same page as typing the command shown under the list.
    expect(page2).toEqual(factIds(await ask('search korea page 2')));
    // Page 2 is cut too: its own "More" asks for page 3.
    const next = moreButton(second);
    if (next) expect(JSON.parse(next.value!)).toMatchObject({ command: { kind: 'search', text: 'korea', page: 3 } });
  });

  it('offers "More" under every cut list: latest, a date', async () => {
    const latest = moreButton(await ask('latest'));
    expect(JSON.parse(latest!.value!).command).toEqual({ kind: 'latest', count: 20 });
    const rest = await clickMore(latest!.value!, 'more-latest');
    expect(factIds(rest)).toHaveLength(slack.bot.dateline.catalog.latest(20).length);

    // 2022 and 2023 hold 16 dated facts: a date's list shows 15.
    const years = await ask('on 2022/2023');
    const onMore = moreButton(years);
    expect(JSON.parse(onMore!.value!).command).toMatchObject({ kind: 'on', date: { kind: 'range' }, page: 2 });
    expect(allText(years)).toContain('/dateline on 2022/2023 page 2');
    const page2 = factIds(await clickMore(onMore!.value!, 'more-on-range'));
    expect(page2).toHaveLength(1);
    expect([...factIds(years), ...page2].sort()).toEqual(
      slack.bot.dateline.catalog.facts
        .filter((fact) => fact.date && fact.date.year >= 2022)
        .map((fact) => fact.id)
        .sort(),
    );
  });

  it('answers a More click signed for another channel, or not by this server, with no facts', async () => {
    const elsewhere = commandSigner(SIGNING_SECRET).sign({ command: { kind: 'search', text: 'korea', page: 2 }, channel: 'C0OTHER0' })!;
    const forged = JSON.stringify({ command: { kind: 'search', text: 'korea', page: 2 }, channel: 'C2147483705', sig: 'x' });
    for (const [value, id] of [
      [elsewhere, 'more-elsewhere'],
      [forged, 'more-forged'],
    ] as const) {
      const reply = await clickMore(value, id);
      expect(allText(reply)).toContain('This button no longer works');
      expect(factIds(reply)).toEqual([]);
    }
  });
});
