// One shape check per payload, through the wire: signed Slack requests and Teams (emulator)
// activities whose fields have the wrong type are refused with a 400 that names the field, before
// any listener runs; and what a search box sends is capped before any work (a 510 KB zone lookup
// held the event loop 1.2 s; a 600 KB Teams application/search, 5 s).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZONE_QUERY_MAX_CHARS } from '../../src/index.ts';
import { fixture as slackFixture } from '../slack/support/fake-slack.ts';
import { OAUTH_ENV, standInOAuth } from '../slack/support/oauth.ts';
import { startSlackBot, type SlackBot } from '../slack/support/slack-bot.ts';
import { FakeConnector, fixture as teamsFixture, startTeamsBot, type TeamsBot } from '../teams/support.ts';

type Json = Record<string, unknown>;

describe('signed Slack payloads', () => {
  let slack: SlackBot;
  let oauth: SlackBot;
  beforeAll(async () => {
    slack = await startSlackBot();
    oauth = await startSlackBot(OAUTH_ENV, { prepare: (fake) => standInOAuth(fake, { team: 'T000SHAPES', botUser: 'U0000BOTS' }) });
  });
  afterAll(async () => {
    await slack?.close();
    await oauth?.close();
  });

  /** The subscription form's submission with one input's state replaced. */
  function submission(block: string, state: Json): Json {
    const payload = slackFixture<Json & { view: { state: { values: Record<string, Record<string, Json>> } } }>(
      'view-submission-subscribe.json',
    );
    payload.view.state.values[block] = { [block]: { ...payload.view.state.values[block]?.[block], ...state } };
    return payload;
  }

  it.each([
    ['a time that is a number', submission('time', { selected_time: 1234 }), /payload\.view\.state\.values\.time\.time\.selected_time/],
    [
      'options that are a string',
      submission('chosenDays', { selected_options: 'mon' }),
      /payload\.view\.state\.values\.chosenDays\.chosenDays\.selected_options/,
    ],
    ['a zone lookup of a number', { ...slackFixture<Json>('block-suggestion-zone.json'), value: 42 }, /payload\.value/],
  ])('%s: 400 naming the field', async (_label, payload, field) => {
    const answer = await slack.action(payload);
    expect(answer.status).toBe(400);
    expect(answer.text).toMatch(field);
  });

  it(`refuses a zone lookup over ${ZONE_QUERY_MAX_CHARS} characters at once, before any search`, async () => {
    const started = performance.now();
    const answer = await slack.action({ ...slackFixture<Json>('block-suggestion-zone.json'), value: 'asia'.repeat(127_000) });
    expect(answer.status).toBe(400);
    expect(answer.text).toMatch(/payload\.value/);
    expect(performance.now() - started).toBeLessThan(500);
    const typed = await slack.action({ ...slackFixture<Json>('block-suggestion-zone.json'), value: 'a'.repeat(ZONE_QUERY_MAX_CHARS) });
    expect(typed.status).toBe(200);
  });

  it('refuses tokens_revoked without its tokens with a 400 naming the field', async () => {
    const answer = await oauth.event({
      type: 'event_callback',
      team_id: 'T000SHAPES',
      api_app_id: 'A0000DATE',
      event_id: 'Ev000SHAPES1',
      event_time: Math.floor(Date.now() / 1000),
      event: { type: 'tokens_revoked' },
    });
    expect(answer.status).toBe(400);
    expect(answer.text).toMatch(/event/);
  });
});

describe('Teams activities (emulator mode)', () => {
  let connector: FakeConnector;
  let teams: TeamsBot;
  beforeAll(async () => {
    connector = new FakeConnector();
    await connector.start();
    teams = await startTeamsBot();
  });
  afterAll(async () => {
    await teams?.close();
    await connector?.stop();
  });

  it('refuses message-extension parameters that are not a list with a 400 naming the field', async () => {
    const query = teamsFixture('compose-extension-query', connector.url);
    const answer = await teams.send({ ...query, value: { ...(query.value as Json), parameters: 'x' } });
    expect(answer.status).toBe(400);
    expect(answer.text).toMatch(/value\.parameters/);
  });

  it(`refuses a zone search over ${ZONE_QUERY_MAX_CHARS} characters at once, before any search`, async () => {
    const search = teamsFixture('application-search-zones', connector.url);
    const started = performance.now();
    const answer = await teams.send({ ...search, value: { ...(search.value as Json), queryText: 'Europe/'.repeat(90_000) } });
    expect(answer.status).toBe(400);
    expect(answer.text).toMatch(/value\.queryText/);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect((await teams.send(search)).status).toBe(200);
  });
});
