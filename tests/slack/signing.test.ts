// Request signing: our helper reproduces Slack's published example, and the real server accepts
// that very request when signed with the helper at a fresh timestamp.
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { allText, startSlackBot, type SlackBot } from './support/slack-bot.ts';
import { nowSeconds, postSigned, signSlackRequest } from './support/signing.ts';

const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const TIMESTAMP = 1531420618;
const BODY =
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
const EXPECTED = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';

describe('signSlackRequest', () => {
  it("matches Slack's published example", () => {
    expect(signSlackRequest(SECRET, TIMESTAMP, BODY)).toBe(EXPECTED);
  });

  it('changes with the body, the timestamp and the secret', () => {
    expect(signSlackRequest(SECRET, TIMESTAMP, `${BODY}x`)).not.toBe(EXPECTED);
    expect(signSlackRequest(SECRET, TIMESTAMP + 1, BODY)).not.toBe(EXPECTED);
    expect(signSlackRequest(`${SECRET}x`, TIMESTAMP, BODY)).not.toBe(EXPECTED);
  });
});

describe('the running server', () => {
  let slack: SlackBot;
  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect(/^127\.0\.0\.1(:\d+)?$/);
    slack = await startSlackBot({ SLACK_SIGNING_SECRET: SECRET, SLACK_COMMAND: '/webhook-collect' });
  });
  afterEach(() => {
    nock.cleanAll();
  });
  afterAll(async () => {
    await slack?.close();
    nock.enableNetConnect();
  });

  it("accepts Slack's example request signed by the helper at a fresh timestamp, and answers on its response_url", async () => {
    let answered: (body: Record<string, unknown>) => void = () => undefined;
    const reply = new Promise<Record<string, unknown>>((resolve) => (answered = resolve));
    const hook = nock('https://hooks.slack.com')
      .post('/commands/T1DC2JH3J/397700885554/96rGlfmibIGlgcZRskXaIFfN')
      .reply(200, (_uri, body) => {
        answered(body as Record<string, unknown>);
        return 'ok';
      });

    const response = await postSigned(slack.eventsUrl, BODY, { secret: SECRET, timestamp: nowSeconds() });
    expect(response.status).toBe(200);
    const body = await reply;
    expect(hook.isDone()).toBe(true);
    const today = await slack.bot.dateline.ask('', { now: new Date() });
    expect(allText(body)).toContain(today.title);
  });

  it('rejects the same request with its published, stale timestamp', async () => {
    const response = await postSigned(slack.eventsUrl, BODY, { secret: SECRET, timestamp: TIMESTAMP });
    expect(response.status).toBe(401);
  });
});
