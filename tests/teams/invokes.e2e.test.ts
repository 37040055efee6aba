// End to end in emulator mode: the invokes of the subscription card and the message extension,
// POSTed to /api/messages as Teams sends them, each answered in the HTTP response. `subscribe`
// alone answers with the form card; its Action.Execute (adaptiveCard/action) subscribes and
// answers with the confirmation card that replaces it, or the form again with the errors; the zone
// typeahead (application/search) lists zones; composeExtension/query lists facts whose insert is
// the fact's card; the message action looks up the message's words. Every card passes the
// adaptivecards library and the Adaptive Card 1.5 schema.
import { describe, expect, it } from 'vitest';
import { renderTeamsActivity, type TeamsMessageActivity } from '../../adapters/teams/render.ts';
import { publishedCardProblems } from './card-validators.ts';
import { CHANNEL_ID, cardText, fixture, mentionMessage, NOW, teamsChannel, useTeamsBot } from './support.ts';

const running = useTeamsBot();
type Json = Record<string, unknown>;

async function invoke(name: string, changes: Json = {}): Promise<{ status: number; body: Json }> {
  const response = await running.teams.send(fixture(name, running.connector.url, changes));
  return { status: response.status, body: JSON.parse(response.text) as Json };
}

const asActivity = (card: unknown) => ({ attachments: [{ content: card }] }) as unknown as TeamsMessageActivity;
const inputsOf = (card: { body: Json[] }) => card.body.filter((element) => String(element.type).startsWith('Input.'));
const subscribeAction = (data: Json) => ({
  value: { action: { type: 'Action.Execute', title: 'Subscribe', verb: 'dateline.subscribe', data }, trigger: 'manual' },
});
const channel = teamsChannel(CHANNEL_ID);

describe('the subscription card', () => {
  it('`subscribe` alone answers with the form: every field, the time an Input.Time, the zone a typeahead', async () => {
    const response = await running.teams.send(mentionMessage(running.connector.url, 'subscribe'));
    expect(response.status).toBe(200);
    const [reply] = running.connector.requests;
    const card = reply!.body.attachments[0].content as unknown as { body: Json[]; actions: Json[] };
    expect(publishedCardProblems(card)).toEqual([]);
    expect(inputsOf(card).map((input) => `${input.id}:${input.type}`)).toEqual([
      'cadence:Input.ChoiceSet',
      'time:Input.Time',
      'zone:Input.ChoiceSet',
      'days:Input.ChoiceSet',
      'chosenDays:Input.ChoiceSet',
      'quiet:Input.Toggle',
      'weekday:Input.ChoiceSet',
      'theme:Input.ChoiceSet',
    ]);
    expect(inputsOf(card)[2]).toMatchObject({
      style: 'filtered',
      value: 'Asia/Seoul',
      'choices.data': { type: 'Data.Query', dataset: 'dateline.zones' },
    });
    expect(card.actions).toEqual([{ type: 'Action.Execute', title: 'Subscribe', verb: 'dateline.subscribe', data: {} }]);
  });

  it('a bad time comes back as the form with the error under the field and the answers kept; nothing is saved', async () => {
    const data = { ...(fixture('adaptive-card-action-subscribe', '').value as { action: { data: Json } }).action.data, time: '25:00' };
    const { status, body } = await invoke('adaptive-card-action-subscribe', subscribeAction(data));
    expect(status).toBe(200);
    expect(body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    const card = body.value as { body: Json[] };
    expect(publishedCardProblems(card)).toEqual([]);
    expect(cardText(asActivity(card))).toContain('25:00 is not a time: use HH:MM on a 24-hour clock, from 00:00 to 23:59.');
    expect(inputsOf(card).find((input) => input.id === 'zone')).toMatchObject({ value: 'America/New_York' });
    expect(inputsOf(card).find((input) => input.id === 'chosenDays')).toMatchObject({ value: 'mon,wed,fri' });
    expect(await running.teams.bot.dateline.digestsOf([channel], NOW)).toEqual([]);
  });

  it('Action.Execute subscribes the conversation and answers with the confirmation card that replaces the form', async () => {
    const { status, body } = await invoke('adaptive-card-action-subscribe');
    expect(status).toBe(200);
    expect(body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    expect(publishedCardProblems(body.value)).toEqual([]);
    // The typed command's confirmation, typed in another channel that had no digest either.
    const elsewhere = teamsChannel('19:another@thread.tacv2');
    const typed = renderTeamsActivity(
      await running.teams.bot.dateline.ask('subscribe daily 08:30 America/New_York mon,wed,fri', { now: NOW, channel: elsewhere }),
    );
    expect(body.value).toEqual(typed.attachments[0].content);
    expect(cardText(asActivity(body.value))).toContain('Every Monday, Wednesday and Friday at 08:30 (America/New_York).');
    const [digest] = await running.teams.bot.dateline.digestsOf([channel], NOW);
    expect(digest?.subscription).toMatchObject({ cadence: 'daily', hour: 8, minute: 30, zone: 'America/New_York', days: [1, 3, 5] });
  });

  it('answers a verb that is not Dateline’s with an error, and the zone typeahead with zones', async () => {
    const unknown = await invoke('adaptive-card-action-subscribe', subscribeAction({}));
    expect(unknown.body).toMatchObject({ statusCode: 200 });
    const wrongVerb = await invoke('adaptive-card-action-subscribe', {
      value: { action: { type: 'Action.Execute', verb: 'something.else', data: {} } },
    });
    expect(wrongVerb.body).toMatchObject({ statusCode: 400, type: 'application/vnd.microsoft.error' });
    const zones = await invoke('application-search-zones');
    expect(zones).toEqual({
      status: 200,
      body: {
        type: 'application/vnd.microsoft.search.searchResponse',
        value: { results: [{ title: 'America/New_York', value: 'America/New_York' }] },
      },
    });
  });
});

describe('the message extension', () => {
  it('lists the facts `search` finds, each previewed, each inserting the fact’s card with its date, quote and source', async () => {
    const { status, body } = await invoke('compose-extension-query');
    expect(status).toBe(200);
    const result = (
      body as {
        composeExtension: { type: string; attachments: { content: unknown; preview: { content: { title: string; text: string } } }[] };
      }
    ).composeExtension;
    expect(result.type).toBe('result');
    const search = await running.teams.bot.dateline.ask('search lunit', { now: NOW, channel });
    const found = search.sections.flatMap((section) => section.items);
    expect(result.attachments.map((attachment) => attachment.preview.content.title)).toEqual(found.map((item) => item.title));
    for (const [index, attachment] of result.attachments.entries()) {
      expect(publishedCardProblems(attachment.content)).toEqual([]);
      const fact = await running.teams.bot.dateline.ask(`fact ${found[index]!.factId}`, { now: NOW, channel });
      expect(attachment.content).toEqual(renderTeamsActivity(fact).attachments[0].content);
      expect(cardText(asActivity(attachment.content))).toContain(`“${fact.sections[0]!.items[0]!.quotes![0]!.quote}”`);
    }
  });

  it('the message action looks up the message’s own words and inserts the answer’s card', async () => {
    const { status, body } = await invoke('compose-extension-submit-action');
    expect(status).toBe(200);
    const [attachment] = (body as { composeExtension: { attachments: { content: unknown }[] } }).composeExtension.attachments;
    expect(publishedCardProblems(attachment!.content)).toEqual([]);
    const answer = await running.teams.bot.dateline.ask('search Has Lunit been in the news?', { now: NOW, channel });
    expect(answer.sections.length).toBeGreaterThan(0);
    expect(attachment!.content).toEqual(renderTeamsActivity(answer).attachments[0].content);
  });
});
