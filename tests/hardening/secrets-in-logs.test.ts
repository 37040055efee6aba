// A full run of the real `dateline` binary at LOG_LEVEL=trace, with Slack (HTTP mode) and Teams
// (MicrosoftAppId + MicrosoftAppPassword) configured with distinctive secrets: start-up, slash
// commands (answered, and badly signed), two subscriptions, a share whose Web API call fails,
// Teams activities without a valid token (401), a scheduled delivery by `dateline run-due` (one
// post accepted, one refused by the Web API), /healthz, and shutdown on SIGTERM. Everything the
// two processes print, and every HTTP answer they give, is then searched for the secrets and for
// their obvious fragments and encodings.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { commandSigner } from '../../adapters/slack/signed-command.ts';
import { fixture, startFakeSlack, type FakeSlack } from '../slack/support/fake-slack.ts';
import { formBody, postSigned } from '../slack/support/signing.ts';
import { FACTS_DIR, mentionMessage } from '../teams/support.ts';

const BIN = fileURLToPath(new URL('../../bin/dateline.js', import.meta.url));

const BOT_TOKEN = 'xoxb-4815162342-1088-Zq7VtR2mPx9LwK4sNb8Hd3Fc';
const SIGNING_SECRET = 'f3c9a1e7b5d2c8e4a6c1d9f7b3e0a2d4';
const APP_ID = '0b7e4c2a-9d1f-4e6b-8a3c-5f2d7e9b1c40';
const APP_PASSWORD = 'Qx7~tmsPw.9vL2kR8sT4mN6bZ1cY5-hJ3';
const SECRETS = { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, MicrosoftAppPassword: APP_PASSWORD };

const CHANNEL_OK = 'C2147483705';
const CHANNEL_REFUSING = 'C0REFUSES1';
/** The longest run of a secret that may appear by chance in unrelated text. */
const WINDOW = 10;

/** A secret, its parts after a known prefix, its usual encodings, and every WINDOW-character run of it. */
function fragmentsOf(secret: string): string[] {
  const found = new Set([
    secret,
    secret.replace(/^xox[a-z]-/, ''),
    encodeURIComponent(secret),
    Buffer.from(secret).toString('base64'),
    Buffer.from(secret).toString('base64url'),
  ]);
  for (let at = 0; at + WINDOW <= secret.length; at++) found.add(secret.slice(at, at + WINDOW));
  return [...found];
}

interface Child {
  process: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

const children: ChildProcess[] = [];

function run(args: string[], env: NodeJS.ProcessEnv, cwd: string): Child {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += String(chunk)));
  child.stderr!.on('data', (chunk: Buffer) => (output += String(chunk)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { process: child, output: () => output, exited };
}

/** Resolves with `value` or rejects after timeoutMs, naming what was awaited. */
async function within<T>(value: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>(
    (_resolve, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs)),
  );
  try {
    return await Promise.race([value, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function until<T>(find: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  const started = performance.now();
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (performance.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

let dir: string;
let fake: FakeSlack;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dateline-secrets-'));
  fake = await startFakeSlack();
  fake.on('chat.postMessage', (body, call) =>
    body.channel === CHANNEL_REFUSING
      ? { body: { ok: false, error: 'not_in_channel' } }
      : { body: { ok: true, channel: body.channel, ts: `1717225300.${String(call).padStart(6, '0')}` } },
  );
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('never writes a secret, or a fragment of one, to the logs of a full run at LOG_LEVEL=trace', async () => {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(SLACK_|Microsoft|DATABASE_URL|DATELINE_|FACTS_DIR|PORT$|LOG_LEVEL$)/.test(name)),
  );
  const env: NodeJS.ProcessEnv = {
    ...inherited,
    ...SECRETS,
    MicrosoftAppId: APP_ID,
    MicrosoftAppType: 'MultiTenant',
    SLACK_API_URL: fake.apiUrl,
    PORT: '0',
    FACTS_DIR,
    DATELINE_DB: join(dir, 'dateline.db'),
    DATELINE_TZ: 'Asia/Seoul',
    LOG_LEVEL: 'trace',
  };
  const answers: string[] = [];

  // Start-up.
  const serve = run(['serve'], env, dir);
  const port = await until(
    () => /"port":(\d+)[^\n]*"msg":"dateline is serving"/.exec(serve.output())?.[1],
    20_000,
    '"dateline is serving"',
  );
  const base = `http://127.0.0.1:${port}`;
  const health = await fetch(`${base}/healthz`);
  expect(health.status).toBe(200);
  answers.push(await health.text());

  // Slash commands: answered, badly signed, and two subscriptions.
  const command = async (text: string, fields: Record<string, string> = {}, secret = SIGNING_SECRET) => {
    const id = randomUUID();
    const body = formBody({
      ...fixture<Record<string, string>>('slash-command.json'),
      text,
      response_url: fake.responseUrl(id),
      ...fields,
    });
    const response = await postSigned(`${base}/slack/events`, body, { secret });
    answers.push(response.text);
    return { ...response, id };
  };
  const reply = async (id: string) => (await until(() => fake.responses(id)[0], 10_000, `the reply on ${id}`)).body;
  const asked = await command('search lunit');
  expect(asked.status).toBe(200);
  expect((await reply(asked.id)).text).toBe('Search: lunit');
  expect((await command('search lunit', {}, 'not-the-signing-secret')).status).toBe(401);
  for (const channel of [CHANNEL_OK, CHANNEL_REFUSING]) {
    const subscribed = await command('subscribe daily 09:00 Asia/Seoul', { channel_id: channel });
    expect(subscribed.status).toBe(200);
    expect(String((await reply(subscribed.id)).text)).toMatch(/^Subscribed/);
  }

  // A share the Web API refuses (not_in_channel).
  const share = fixture<Record<string, unknown>>('block-actions-share.json');
  const shareReply = randomUUID();
  const value = commandSigner(SIGNING_SECRET).sign({
    command: { kind: 'search', text: 'lunit' },
    at: new Date(),
    channel: CHANNEL_REFUSING,
  });
  const actions = [{ ...(share.actions as object[])[0], value }];
  const click = {
    ...share,
    channel: { id: CHANNEL_REFUSING, name: 'secret-test' },
    container: { ...(share.container as object), channel_id: CHANNEL_REFUSING },
    response_url: fake.responseUrl(shareReply),
    actions,
  };
  const clicked = await postSigned(`${base}/slack/events`, formBody({ payload: JSON.stringify(click) }), { secret: SIGNING_SECRET });
  expect(clicked.status).toBe(200);
  expect(String((await reply(shareReply)).text)).toContain('not_in_channel');

  // Teams activities without a valid token.
  for (const authorization of [undefined, 'Bearer not-a-token']) {
    const response = await fetch(`${base}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify(mentionMessage('http://127.0.0.1:9/', 'today')),
    });
    expect(response.status).toBe(401);
    answers.push(await response.text());
  }

  // A scheduled delivery: the pass at the next 09:00 in Seoul (00:00 UTC), a minute late.
  const occurrence = new Date(Math.ceil(Date.now() / 86_400_000) * 86_400_000);
  const runDue = run(['run-due', '--at', new Date(occurrence.getTime() + 60_000).toISOString()], env, dir);
  expect(await within(runDue.exited, 20_000, 'dateline run-due to exit')).toBe(0);
  const posted = fake.api('chat.postMessage').map((call) => call.body.channel);
  expect(posted.filter((channel) => channel === CHANNEL_OK)).toHaveLength(1);
  expect(posted.filter((channel) => channel === CHANNEL_REFUSING)).toHaveLength(2);

  // Shutdown.
  serve.process.kill('SIGTERM');
  expect(await within(serve.exited, 10_000, 'dateline serve to exit on SIGTERM')).toBe(0);

  const logs = `${serve.output()}\n${runDue.output()}`;
  // The run logged what it did, at every level down to debug (so there was something to leak).
  for (const marker of [
    'dateline is serving',
    'dateline stopped',
    'slack share failed',
    'not_in_channel',
    '"level":"debug"',
    'http request headers',
  ])
    expect(logs).toContain(marker);
  const leaks = Object.entries(SECRETS).flatMap(([name, secret]) =>
    fragmentsOf(secret).flatMap((fragment) => [
      ...(logs.includes(fragment) ? [`${name}: "${fragment}" in the logs`] : []),
      ...(answers.some((answer) => answer.includes(fragment)) ? [`${name}: "${fragment}" in an HTTP answer`] : []),
    ]),
  );
  expect(leaks).toEqual([]);
}, 60_000);
