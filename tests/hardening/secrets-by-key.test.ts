// Every secret Dateline knows, at LOG_LEVEL=trace, through the wire: Slack over OAuth with token
// rotation (the code exchange that carries client_secret and the code, a refresh that carries the
// refresh token), signed commands, a badly signed one, a health check with DATELINE_HEALTH_TOKEN,
// and a digest posted with a refreshed token. The logs are then searched for each secret and the
// runs of it. WebClient at debug logs request bodies with only keys containing "token" hidden:
// the logger redacts by key.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FakeReply } from '../slack/support/fake-slack.ts';
import {
  CLIENT_SECRET,
  codeOf,
  dueIn,
  install,
  type Issued,
  OAUTH_ENV,
  SECRET_KEY,
  STATE_SECRET,
  standInOAuth,
} from '../slack/support/oauth.ts';
import { SIGNING_SECRET, startSlackBot, type SlackBot } from '../slack/support/slack-bot.ts';

const TEAM = 'T000SECRET';
const CHANNEL = 'C000SECRT1';
const PREVIOUS_KEY = 'previous-key-Yc5Nw8Rt2Bv6Xj9Lq3Hs7Dk1Fm4';
const HEALTH_TOKEN = 'health-token-Ua8Ke3Wp6Zs1Tg9Cv4';
/** The longest run of a secret that may appear by chance in unrelated text. */
const WINDOW = 10;

let slack: SlackBot;
let issued: Issued;

beforeAll(async () => {
  slack = await startSlackBot(
    { ...OAUTH_ENV, DATELINE_SECRET_KEY_PREVIOUS: PREVIOUS_KEY, DATELINE_HEALTH_TOKEN: HEALTH_TOKEN },
    {
      logLevel: 'trace',
      prepare: (fake) => {
        issued = standInOAuth(fake, { team: TEAM, botUser: 'U0000BOTS', expiresIn: 3_600 });
        fake.on(
          'chat.postMessage',
          (body, call): FakeReply => ({
            body: { ok: true, channel: body.channel, ts: `1717225300.${String(call).padStart(6, '0')}` },
          }),
        );
      },
    },
  );
  // Starting a bot: seconds on a loaded machine.
}, 30_000);
afterAll(async () => {
  await slack?.close();
});

function runsOf(secret: string): string[] {
  const runs = new Set([secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64')]);
  for (let at = 0; at + WINDOW <= secret.length; at++) runs.add(secret.slice(at, at + WINDOW));
  return [...runs];
}

it('writes no secret, nor a run of one, at LOG_LEVEL=trace through installs, refreshes, commands, digests and health checks', async () => {
  const base = `http://127.0.0.1:${slack.bot.port}`;
  await install(base, TEAM);
  const subscribed = await slack.command('subscribe daily 09:00 Asia/Seoul', { fields: { team_id: TEAM, channel_id: CHANNEL } });
  expect((await slack.reply(subscribed.id)).response_type).toBe('in_channel');
  expect((await slack.command('today', { fields: { team_id: TEAM }, secret: 'not-the-signing-secret' })).status).toBe(401);
  expect((await slack.bot.scheduler.runPass(dueIn(1))).delivered).toBe(1);
  const health = await fetch(`${base}/healthz`, { headers: { authorization: `Bearer ${HEALTH_TOKEN}` } });
  expect(health.status).toBe(200);

  const logs = slack.logs().join('\n');
  // There was something to leak: the exchange and the refresh went out, logged at debug.
  expect(slack.fake.api('oauth.v2.access').some((call) => call.body.grant_type === 'refresh_token')).toBe(true);
  expect(logs).toContain('http request body');
  const secrets: Record<string, string> = {
    SLACK_CLIENT_SECRET: CLIENT_SECRET,
    SLACK_STATE_SECRET: STATE_SECRET,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    DATELINE_SECRET_KEY: SECRET_KEY,
    DATELINE_SECRET_KEY_PREVIOUS: PREVIOUS_KEY,
    DATELINE_HEALTH_TOKEN: HEALTH_TOKEN,
    'the OAuth code': codeOf(TEAM),
    ...Object.fromEntries(issued.accessTokens.map((token, n) => [`access token ${n + 1}`, token])),
    ...Object.fromEntries(issued.refreshTokens.map((token, n) => [`refresh token ${n + 1}`, token])),
  };
  const leaks = Object.entries(secrets).flatMap(([name, secret]) =>
    runsOf(secret)
      .filter((run) => logs.includes(run))
      .map((run) => `${name}: "${run}"`),
  );
  expect(leaks).toEqual([]);
}, 30_000);
