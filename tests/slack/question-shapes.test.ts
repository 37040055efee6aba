// End to end over signed HTTP: a Korean question, a relative date and a cut list as Slack sends
// them (slash commands), and the "More" button of the cut list (a block_actions payload), which
// answers with the list's next page on the click's response_url.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from './support/fake-slack.ts';
import { allText, startSlackBot, type SlackBot } from './support/slack-bot.ts';

let slack: SlackBot;
beforeAll(async () => {
  slack = await startSlackBot();
});
afterAll(async () => {
  await slack?.close();
});

const factIds = (text: string) => [...text.matchAll(/`fact ([a-z0-9-]+)`/g)].map((match) => match[1]);
type Element = { action_id?: string; value?: string };
const buttons = (reply: Record<string, unknown>) => (reply.blocks as { elements?: Element[] }[]).flatMap((block) => block.elements ?? []);

async function ask(text: string) {
  const { status, id } = await slack.command(text);
  expect(status).toBe(200);
  return slack.reply(id);
}

describe('questions as people type them, through Slack', () => {
  it('answers a Korean question with the fact it asks about', async () => {
    const shown = allText(await ask('코어라인소프트는 무엇을 만들었나요?'));
    expect(factIds(shown)[0]).toBe('coreline-soft-brain-haemorrhage-approval');
  });

  it('states the dates a relative date means in the title', async () => {
    const expected = await slack.bot.dateline.ask('what happened last spring?', { now: new Date() });
    expect(expected.title).toMatch(/Last spring \(March–May \d{4}\)/);
    expect(allText(await ask('what happened last spring?'))).toContain(expected.title);
  });

  it('offers "More" under a cut search, and the click answers with the next page', async () => {
    const reply = await ask('search korea');
    const more = buttons(reply).find((element) => element.action_id === 'dateline_more');
    expect(more?.value).toBe('search korea page 2');
    const first = factIds(allText(reply));
    expect(first).toHaveLength(10);

    const payload = fixture<Record<string, unknown> & { actions: Record<string, unknown>[] }>('block-actions-share.json');
    const { status } = await slack.action({
      ...payload,
      response_url: slack.fake.responseUrl('more-1'),
      trigger_id: '13345224609.738474920.more-1',
      actions: [{ ...payload.actions[0], action_id: 'dateline_more', value: more!.value }],
    });
    expect(status, slack.logs().join('\n')).toBe(200);
    const next = await slack.reply('more-1');
    expect(next).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    const rest = factIds(allText(next));
    expect(rest.length).toBeGreaterThan(0);
    expect(rest.filter((id) => first.includes(id))).toEqual([]);
  });
});
