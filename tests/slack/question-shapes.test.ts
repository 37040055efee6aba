// End to end over signed HTTP: a Korean question, a relative date and a cut list as Slack sends
// them (slash commands).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allText, quoteButtons, startSlackBot, type SlackBot } from './support/slack-bot.ts';

let slack: SlackBot;
beforeAll(async () => {
  slack = await startSlackBot();
});
afterAll(async () => {
  await slack?.close();
});

/** The facts a reply lists, in order: those its "Quote & source" buttons name. */
const factIds = (reply: Record<string, unknown>) => quoteButtons(reply).map((button) => button.factId);

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

  it('says under a cut search which command shows the rest', async () => {
    const reply = await ask('search korea');
    const shown = allText(reply);
    expect(factIds(reply)).toHaveLength(10);
    expect(shown).toContain('/dateline search korea page 2');
  });
});
