// Fuzzing the running bot over raw sockets: at least 5,000 random request targets, methods,
// headers and bodies to every route (GET /healthz, POST /slack/events with Slack over HTTP,
// POST /api/messages in Teams emulator mode) and to paths that are none of them. Some bodies are
// recorded Slack and Teams payloads with fields replaced by random JSON, correctly signed, so
// that they get past the checks into Bolt's and botbuilder's handlers. No answer may be a 5xx,
// nothing may be logged at error level, and /healthz must still answer afterwards.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { slackAdapter } from '../../adapters/slack/index.ts';
import { teamsAdapter } from '../../adapters/teams/index.ts';
import { startBot, type RunningBot } from '../../src/server/serve.ts';
import { fixture as slackFixture, startFakeSlack, type FakeSlack } from '../slack/support/fake-slack.ts';
import { formBody, nowSeconds, signSlackRequest } from '../slack/support/signing.ts';
import { BOT_TOKEN, SIGNING_SECRET } from '../slack/support/slack-bot.ts';
import { rawRequest } from '../support/raw-http.ts';
import { captureLogs, FACTS_DIR, FakeConnector, fixture as teamsFixture, guardNetwork } from '../teams/support.ts';

const REQUESTS = 5_000;
const CONCURRENCY = 24;
const ROUTES = ['/healthz', '/slack/events', '/api/messages'];
const TEAMS_FIXTURES = [
  'personal-message',
  'channel-message-mention',
  'channel-card-submit',
  'conversation-update-bot-added',
  'conversation-update-bot-removed',
  'installation-update-add',
  'emulator-message',
];

let bot: RunningBot;
let fake: FakeSlack;
let connector: FakeConnector;
let dir: string;
let restoreNetwork: () => void;
const logs = captureLogs();

beforeAll(async () => {
  restoreNetwork = guardNetwork();
  fake = await startFakeSlack();
  connector = new FakeConnector();
  await connector.start();
  dir = mkdtempSync(join(tmpdir(), 'dateline-fuzz-'));
  bot = await startBot({
    config: { port: 0, factsDir: FACTS_DIR, zone: 'Asia/Seoul', catchupHours: 6, dbPath: join(dir, 'dateline.db'), logLevel: 'debug' },
    env: { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl, TEAMS_EMULATOR: '1' },
    adapters: [slackAdapter({ retryConfig: { retries: 0 }, timeoutMs: 2_000 }), teamsAdapter()],
    logger: logs.logger,
    host: '127.0.0.1',
    scheduler: false,
  });
});

afterAll(async () => {
  await bot?.close();
  await fake?.close();
  await connector?.stop();
  restoreNetwork?.();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const junk = fc.string({ unit: 'binary', maxLength: 60 });
const jsonish = fc.jsonValue({ maxDepth: 3 });

const target = fc.oneof(
  fc.constantFrom(...ROUTES),
  fc.tuple(fc.constantFrom(...ROUTES), fc.string({ maxLength: 20 })).map(([route, tail]) => `${route}${tail}`),
  fc
    .tuple(
      fc.constantFrom('/', '//', '/../', '*', 'http://', '/%', '/?'),
      fc.string({ unit: fc.constantFrom('[', ']', '%', 'z', ':', '9', '/', '?', '#', '.', '@', 'x'), maxLength: 12 }),
    )
    .map(([head, tail]) => `${head}${tail}`),
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
);
const method = fc.oneof(
  fc.constantFrom('GET', 'POST', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'CONNECT', 'TRACE'),
  fc.stringMatching(/^[A-Z]{1,10}$/),
);
const contentType = fc.constantFrom(
  'application/json',
  'application/x-www-form-urlencoded',
  'text/plain',
  'application/json; charset=utf-8',
  '',
  'multipart/form-data; boundary=x',
);

/** A recorded Teams activity with some fields replaced by random JSON. */
const teamsBody = fc
  .tuple(
    fc.constantFrom(...TEAMS_FIXTURES),
    fc.dictionary(
      fc.constantFrom(
        'type',
        'text',
        'conversation',
        'from',
        'recipient',
        'membersAdded',
        'membersRemoved',
        'entities',
        'value',
        'channelData',
        'action',
        'attachments',
        'channelId',
        'id',
      ),
      jsonish,
      { maxKeys: 3 },
    ),
  )
  .map(([name, changes]) => JSON.stringify({ ...teamsFixture(name, connector.url), ...changes }));

/** A recorded slash command or block_actions payload with some fields replaced. */
const slackBody = fc.oneof(
  fc
    .dictionary(
      fc.constantFrom('text', 'command', 'channel_id', 'team_id', 'user_id', 'response_url', 'trigger_id'),
      fc.string({ maxLength: 40 }),
      { maxKeys: 3 },
    )
    .map((changes) =>
      formBody({ ...slackFixture<Record<string, string>>('slash-command.json'), response_url: fake.responseUrl('fuzz'), ...changes }),
    ),
  fc
    .dictionary(fc.constantFrom('type', 'actions', 'container', 'channel', 'team', 'user', 'response_url', 'trigger_id'), jsonish, {
      maxKeys: 3,
    })
    .map((changes) =>
      formBody({
        payload: JSON.stringify({ ...slackFixture('block-actions-share.json'), response_url: fake.responseUrl('fuzz'), ...changes }),
      }),
    ),
  fc.string({ maxLength: 200 }).map((text) => formBody({ payload: text })),
);

const body = fc.oneof(
  { arbitrary: fc.constant(''), weight: 2 },
  { arbitrary: junk, weight: 2 },
  { arbitrary: jsonish.map((value) => JSON.stringify(value)), weight: 2 },
  { arbitrary: teamsBody, weight: 3 },
  { arbitrary: slackBody, weight: 3 },
);

const extraHeaders = fc.array(
  fc.tuple(
    fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,15}$/),
    fc.string({ unit: fc.constantFrom(...'abcXYZ019 =;,/-_'.split('')), maxLength: 30 }),
  ),
  { maxLength: 4 },
);

const anyRequest = fc.record({
  method,
  target,
  contentType,
  body,
  signed: fc.boolean(),
  timestampShift: fc.constantFrom(0, 0, 0, -400, 400, 1e6),
  authorization: fc.option(junk.map((text) => text.replace(/[\r\n]/g, ''))),
  extraHeaders,
});

/** Requests as the platforms send them, but with random fields: these get past the checks into the handlers. */
const platformRequest = fc.oneof(
  teamsBody.map((body) => ({
    method: 'POST',
    target: '/api/messages',
    contentType: 'application/json',
    body,
    signed: false,
    timestampShift: 0,
    authorization: null,
    extraHeaders: [] as [string, string][],
  })),
  slackBody.map((body) => ({
    method: 'POST',
    target: '/slack/events',
    contentType: 'application/x-www-form-urlencoded',
    body,
    signed: true,
    timestampShift: 0,
    authorization: null,
    extraHeaders: [] as [string, string][],
  })),
  fc.constant({
    method: 'GET',
    target: '/healthz',
    contentType: '',
    body: '',
    signed: false,
    timestampShift: 0,
    authorization: null,
    extraHeaders: [] as [string, string][],
  }),
);

const request = fc.oneof({ arbitrary: anyRequest, weight: 3 }, { arbitrary: platformRequest, weight: 2 });

type Sample = typeof request extends fc.Arbitrary<infer T> ? T : never;

/** The request as bytes: Content-Length always matches, so that the server never waits for more. */
function serialize(sample: Sample): Buffer {
  const payload = Buffer.from(sample.body, 'utf8');
  const timestamp = nowSeconds() + sample.timestampShift;
  const lines = [
    `${sample.method} ${sample.target.replace(/[\r\n ]/g, '')} HTTP/1.1`,
    'Host: 127.0.0.1',
    'Connection: close',
    `Content-Length: ${payload.length}`,
  ];
  if (sample.contentType) lines.push(`Content-Type: ${sample.contentType}`);
  if (sample.signed) {
    lines.push(`X-Slack-Request-Timestamp: ${timestamp}`, `X-Slack-Signature: ${signSlackRequest(SIGNING_SECRET, timestamp, sample.body)}`);
  }
  if (sample.authorization) lines.push(`Authorization: ${sample.authorization}`);
  for (const [name, value] of sample.extraHeaders) lines.push(`${name}: ${value}`);
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), payload]);
}

it(`answers ${REQUESTS} random requests to every route with no 5xx and no error logged, then /healthz still answers`, async () => {
  // A failure names its seed: FUZZ_SEED=<seed> replays the same requests.
  const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
  const samples = fc.sample(request, { numRuns: REQUESTS, seed });
  const statuses = new Map<number, number>();
  const failures: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < samples.length) {
      const sample = samples[next++]!;
      // The client keeps its side open, as a client waiting for an answer does (a half-close ends the request).
      const { status } = await rawRequest(bot.port, serialize(sample), true);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if (status >= 500 || status === 0)
        failures.push(
          `${status} ← ${sample.method} ${JSON.stringify(sample.target)} ${sample.contentType} ${JSON.stringify(sample.body).slice(0, 200)}`,
        );
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));

  expect([...statuses.values()].reduce((sum, count) => sum + count, 0)).toBe(REQUESTS);
  expect(failures.slice(0, 10), `seed ${seed}`).toEqual([]);
  // The runs reached the handlers, not only the router's refusals.
  expect(statuses.get(200) ?? 0).toBeGreaterThan(100);
  const errors = logs
    .text()
    .split('\n')
    .filter((line) => /"level":"(error|fatal)"/.test(line));
  expect(errors.slice(0, 5), `seed ${seed}`).toEqual([]);
  const health = await fetch(`http://127.0.0.1:${bot.port}/healthz`);
  expect(health.status).toBe(200);
  expect(await health.json()).toMatchObject({ status: 'ok' });
}, 60_000);
