// End to end in emulator mode (no MicrosoftAppId): recorded Teams activities POSTed to the
// running bot's /api/messages, replies recorded by a local Bot Connector. Shows that each
// lookup is answered with the card for the right facts, in the right conversation and thread,
// that plain questions, card submits and messages without text get sensible answers, and that
// Dateline stays silent in group conversations unless mentioned.
import { describe, expect, it } from 'vitest';
import { NO_TEXT_INTRO } from '../../adapters/teams/messages.ts';
import { renderTeamsActivity } from '../../adapters/teams/render.ts';
import { apologyBriefing, notice, type Briefing } from '../../src/briefing/model.ts';
import type { SubscriptionCommand } from '../../src/dateline.ts';
import {
  CHANNEL_ID,
  fixture,
  GROUP_CHAT_ID,
  mentionMessage,
  NOW,
  TENANT_ID,
  cardText,
  quoteCards,
  teamsChannel,
  type ConnectorRequest,
  useTeamsBot,
} from './support.ts';
import type { ChannelRef } from '../../src/types.ts';
import { cardProblems } from './card-shape.ts';

const running = useTeamsBot();

/** Sends the activity and returns the one reply the bot sent to the Bot Connector. */
async function replyTo(activity: unknown): Promise<ConnectorRequest> {
  const response = await running.teams.send(activity);
  expect(response.status).toBe(200);
  expect(running.connector.requests).toHaveLength(1);
  return running.connector.requests[0]!;
}

const expectedCard = async (text: string, channel: ChannelRef = teamsChannel(CHANNEL_ID)) =>
  renderTeamsActivity(await running.teams.bot.dateline.ask(text, { now: NOW, channel }));

const titlesOf = (facts: readonly { title: string }[]) => facts.map((fact) => fact.title);

describe('questions in a channel, mentioning "Dateline Bot"', () => {
  const LOOKUPS = [
    '',
    'today',
    'on 2023-06',
    'week',
    'themes',
    'theme imaging',
    'search lunit',
    'latest 3',
    'fact lunit-adoption-2023-07',
    'help',
    'what happened in June 2023?',
    'anything on Lunit?',
  ];

  it.each(LOOKUPS)('answers "%s" in the thread, with the card Dateline.ask gives for it', async (command) => {
    const activity = mentionMessage(running.connector.url, command);
    const reply = await replyTo(activity);
    expect(reply.method).toBe('POST');
    expect(reply.conversationId).toBe(activity.conversation.id);
    expect(reply.replyToId).toBe(activity.id);
    expect(reply.body.replyToId).toBe(activity.id);
    const expected = await expectedCard(command);
    expect(reply.body.summary).toBe(expected.summary);
    expect(reply.body.attachments).toEqual(expected.attachments);
  });

  it('lists every fact of the theme for "theme imaging"', async () => {
    const reply = await replyTo(mentionMessage(running.connector.url, 'theme imaging'));
    const titles = titlesOf(running.teams.bot.dateline.catalog.inTheme('imaging'));
    expect(titles.length).toBeGreaterThan(5);
    for (const title of titles) expect(cardText(reply.body)).toContain(title);
  });

  it('answers a plain dated question with the facts of that month', async () => {
    const reply = await replyTo(mentionMessage(running.connector.url, 'what happened in June 2023?'));
    const june = titlesOf(running.teams.bot.dateline.catalog.inYearMonth(2023, 6));
    expect(june.length).toBeGreaterThan(0);
    expect(reply.body.summary).toBe('June 2023');
    for (const title of june) expect(cardText(reply.body)).toContain(title);
  });

  it('answers a plain question without a date by searching', async () => {
    const reply = await replyTo(mentionMessage(running.connector.url, 'anything on Lunit?'));
    expect(reply.body.summary).toBe('Search: anything on Lunit');
    expect(cardText(reply.body)).toContain('Lunit Insight CXR obtains health insurance reimbursement eligibility in Japan');
  });

  it('shows a fact in full, with its quote, for "fact <id>"', async () => {
    const reply = await replyTo(mentionMessage(running.connector.url, 'fact lunit-adoption-2023-07'));
    const fact = running.teams.bot.dateline.catalog.fact('lunit-adoption-2023-07')!;
    expect(cardText(reply.body)).toContain(`“${fact.citations[0]!.quote}”`);
  });

  it('offers each item’s quote and linked source in place, through an Action.ShowCard', async () => {
    const reply = await replyTo(mentionMessage(running.connector.url, 'search lunit'));
    const cards = quoteCards(reply.body);
    const expected = await running.teams.bot.dateline.ask('search lunit', { now: NOW, channel: teamsChannel(CHANNEL_ID) });
    expect(cards.map((card) => card.factId)).toEqual(expected.sections.flatMap((section) => section.items.map((item) => item.factId)));
    for (const card of cards) {
      const fact = running.teams.bot.dateline.catalog.fact(card.factId)!;
      const { quote, source } = fact.citations[0]!;
      expect(card.texts[0]).toBe(`“${quote.replace(/\s+/g, ' ').trim()}”`);
      expect(card.texts[1]).toContain(source.title);
      expect(card.texts[1]).toContain(source.author!);
      expect(card.texts[1]).toContain('1 September 2023');
      expect(card.links).toEqual([{ type: 'Action.OpenUrl', title: `Open: ${source.title}`, url: source.url }]);
      // Read in the card's data only: the id is in no text a person reads.
      expect(cardText(reply.body)).not.toContain(card.factId);
    }
    expect(cardProblems(reply.body)).toEqual([]);
  });

  it('answers input that is no command with a helpful card, never silence', async () => {
    const reply = await replyTo(mentionMessage(running.connector.url, 'xyzzy plugh'));
    expect(reply.body.summary).toBe('Nothing found for "xyzzy plugh".');
    expect(reply.body.attachments[0].content.actions?.map((action) => action.title)).toEqual(['themes', 'latest']);
  });

  it('keeps the card for the largest theme under 40 KB on the wire', async () => {
    const catalog = running.teams.bot.dateline.catalog;
    const largest = [...catalog.themes].sort((a, b) => catalog.inTheme(b.id).length - catalog.inTheme(a.id).length)[0]!;
    const reply = await replyTo(mentionMessage(running.connector.url, `theme ${largest.id}`));
    expect(reply.body.summary).toBe(largest.title);
    expect(reply.bytes).toBeLessThan(40 * 1024);
  });

  it('hands subscription commands to the desk with this channel (tenant, channel without the thread)', async () => {
    const seen: ChannelRef[] = [];
    running.teams.bot.dateline.useSubscriptions({
      async handle(command: SubscriptionCommand, channel: ChannelRef): Promise<Briefing> {
        seen.push(channel);
        return notice(`Subscribed: ${command.kind}`);
      },
    });
    const reply = await replyTo(mentionMessage(running.connector.url, 'subscribe daily 08:30'));
    expect(seen).toEqual([{ platform: 'teams', workspace: TENANT_ID, channel: CHANNEL_ID }]);
    expect(reply.body.summary).toBe('Subscribed: subscribe');
  });

  it('answers a failure inside Dateline with an apology card, not silence or a stack trace', async () => {
    running.teams.bot.dateline.useSubscriptions({
      handle: () => Promise.reject(new Error('subscription store is down')),
    });
    const reply = await replyTo(mentionMessage(running.connector.url, 'subscriptions'));
    expect(reply.body.summary).toBe(apologyBriefing().title);
    expect(JSON.stringify(reply.body)).not.toContain('subscription store is down');
  });
});

describe('the /api/messages route', () => {
  it('refuses a body that is not a JSON activity, before botbuilder sees it', async () => {
    const post = (body: string, type: string) =>
      fetch(`http://127.0.0.1:${running.teams.bot.port}/api/messages`, { method: 'POST', headers: { 'content-type': type }, body });
    expect((await post('{"type":', 'application/json')).status).toBe(400);
    expect((await post('[]', 'application/json')).status).toBe(400);
    expect((await post('type=message', 'application/x-www-form-urlencoded')).status).toBe(415);
    expect((await running.teams.send({ text: 'no type' })).status).toBe(400);
    expect(running.connector.requests).toEqual([]);
  });

  it('in emulator mode, refuses an activity whose serviceUrl is not on this machine', async () => {
    const response = await running.teams.send(mentionMessage('https://smba.trafficmanager.net/apac/', 'today'));
    expect(response.status).toBe(403);
    expect(response.text).toContain('Set MicrosoftAppId and MicrosoftAppPassword');
    expect(running.connector.requests).toEqual([]);
  });
});

describe('conversations without a mention', () => {
  it('answers a plain question in personal chat, where no mention is needed', async () => {
    const activity = fixture('personal-message', running.connector.url);
    const reply = await replyTo(activity);
    expect(reply.conversationId).toBe(activity.conversation.id);
    expect(reply.replyToId).toBe(activity.id);
    const expected = await expectedCard('what happened in June 2023?', teamsChannel(activity.conversation.id));
    expect(reply.body.attachments).toEqual(expected.attachments);
  });

  it('stays silent in a group chat when not mentioned, but still refreshes its reference', async () => {
    const response = await running.teams.send(fixture('groupchat-message-no-mention', running.connector.url));
    expect(response.status).toBe(200);
    expect(running.connector.requests).toEqual([]);
    expect(await running.teams.bot.store.getConversation(teamsChannel(GROUP_CHAT_ID))).toBeDefined();
  });

  it('runs the command a card button submits (a message with value and no text)', async () => {
    const activity = fixture('channel-card-submit', running.connector.url);
    const reply = await replyTo(activity);
    expect(reply.conversationId).toBe(activity.conversation.id);
    expect(reply.body.attachments).toEqual((await expectedCard('themes')).attachments);
  });

  it('answers a submit without a command with help', async () => {
    const reply = await replyTo(fixture('channel-card-submit', running.connector.url, { value: { action: 'unknown' } }));
    expect(reply.body.summary).toBe('Dateline: briefings from dated, sourced facts');
    expect(cardText(reply.body)).toContain(NO_TEXT_INTRO);
  });

  it('answers a file sent without text with help, not an error', async () => {
    const reply = await replyTo(fixture('personal-message-file-no-text', running.connector.url));
    expect(cardText(reply.body)).toContain(NO_TEXT_INTRO);
    expect(cardText(reply.body)).toContain('search <words>');
  });

  it('works with the Bot Framework Emulator (channel "emulator", no tenant)', async () => {
    const activity = fixture('emulator-message', running.connector.url);
    const reply = await replyTo(activity);
    expect(reply.body.attachments).toEqual(
      (await expectedCard('search lunit', teamsChannel(activity.conversation.id, 'emulator'))).attachments,
    );
    expect(await running.teams.bot.store.getConversation(teamsChannel(activity.conversation.id, 'emulator'))).toBeDefined();
  });
});
