// End to end over signed HTTP: every lookup command of DESIGN.md, sent as Slack sends a slash
// command, is acked and answered ephemerally on its response_url with what the core answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeText } from '../../adapters/slack/mrkdwn.ts';
import type { Briefing } from '../../src/briefing/model.ts';
import { allText, quoteButtons, startSlackBot, type SlackBot } from './support/slack-bot.ts';

let slack: SlackBot;
beforeAll(async () => {
  slack = await startSlackBot();
});
afterAll(async () => {
  await slack?.close();
});

const LOOKUPS = [
  '',
  'today',
  'on 2023',
  'on 2023-06',
  'on 2023-05-15',
  'on 06-15',
  'on June 2023',
  'on 15 June',
  'on March 21, 2022',
  'week',
  'themes',
  'theme imaging',
  'search lunit',
  'search lunt',
  'latest',
  'latest 3',
  'fact mfds-fda-ai-mou',
  'help',
  'preview daily',
  'preview weekly theme regulation',
  'what happened in June 2023?',
];

/** Every item of a fact offers its quote behind a button, except a full fact, which shows it. */
const expectedFactIds = (briefing: Briefing) =>
  briefing.sections.flatMap((section) => section.items.flatMap((item) => (item.factId && !item.quotes ? [item.factId] : [])));

describe('slash command lookups', () => {
  it.each(LOOKUPS)('"/dateline %s" answers with the facts the core answers', async (text) => {
    const { status, id } = await slack.command(text);
    expect(status).toBe(200);
    const reply = await slack.reply(id);
    const expected = await slack.bot.dateline.ask(text, { now: new Date() });

    expect(reply.response_type).toBe('ephemeral');
    expect(reply).not.toHaveProperty('link_names');
    const shown = allText(reply);
    expect(shown).toContain(escapeText(expected.title));
    for (const item of expected.sections.flatMap((section) => section.items)) expect(shown).toContain(escapeText(item.title));
    expect(quoteButtons(reply).map((button) => button.factId)).toEqual(expectedFactIds(expected));
    // The fact id is an internal name: no reader sees it.
    for (const id of expectedFactIds(expected)) expect(shown).not.toContain(id);
  });

  it('finds facts for the lookups that have them, so the comparisons above compare something', async () => {
    const now = new Date();
    for (const text of ['on 2023', 'search lunit', 'latest 3', 'theme imaging']) {
      expect(expectedFactIds(await slack.bot.dateline.ask(text, { now })).length, text).toBeGreaterThan(0);
    }
  });

  it('offers "Share in channel" on a briefing, not on help or an error', async () => {
    const buttons = async (text: string) => {
      const { id } = await slack.command(text);
      const reply = await slack.reply(id);
      return JSON.stringify(reply.blocks).includes('"action_id":"dateline_share"');
    };
    expect(await buttons('search lunit')).toBe(true);
    expect(await buttons('help')).toBe(false);
    expect(await buttons('on 2023-02-30')).toBe(false);
  });
});
