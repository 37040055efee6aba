// Slow uploads, over raw sockets: 256 connections from one client address send their headers and
// one byte of a 1,000-byte body. /healthz keeps answering at once throughout, a signed command
// from another client is answered, that one address gets at most its share of the slots, and the
// slow requests are cut off by the byte-rate floor within seconds, not held until the deadline.
import { connect, type Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { slackAdapter } from '../../adapters/slack/index.ts';
import { createLogger } from '../../src/logger.ts';
import { MAX_REQUESTS_PER_ADDRESS, REQUEST_TIMEOUT_MS } from '../../src/server/http-server.ts';
import { startBot, type RunningBot } from '../../src/server/serve.ts';
import { fixture, startFakeSlack, type FakeSlack } from '../slack/support/fake-slack.ts';
import { formBody, postSigned } from '../slack/support/signing.ts';
import { FACTS_DIR } from '../unit/support.ts';

/** Another client, as far as the server can tell: this machine's own non-loopback address. */
const clientAddress = Object.values(networkInterfaces())
  .flat()
  .find((address) => address && address.family === 'IPv4' && !address.internal)?.address;
const SECRET = 'slow-uploads-signing-secret-0123';
const SLOW_CLIENTS = 256;

let dir: string;
let fake: FakeSlack;
let bot: RunningBot;

beforeAll(async () => {
  if (!clientAddress) return;
  dir = mkdtempSync(join(tmpdir(), 'dateline-slow-'));
  fake = await startFakeSlack();
  bot = await startBot({
    config: { port: 0, factsDir: FACTS_DIR, zone: 'Asia/Seoul', catchupHours: 6, dbPath: join(dir, 'dateline.db'), logLevel: 'silent' },
    env: { SLACK_BOT_TOKEN: 'xoxb-slow-uploads', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl },
    adapters: [slackAdapter({ retryConfig: { retries: 0 } })],
    logger: createLogger('silent'),
    host: '0.0.0.0',
    scheduler: false,
  });
});
afterAll(async () => {
  await bot?.close();
  await fake?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Slow {
  status: Promise<number>;
  closedAfterMs: Promise<number>;
  socket: Socket;
}

/** Headers and one byte of body, then nothing: resolves with the status the server answered (0: none) and when it closed. */
function slowUpload(port: number): Slow {
  const started = performance.now();
  const socket = connect(port, clientAddress!);
  let answer = '';
  socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  socket.write(
    'POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\na',
  );
  return {
    socket,
    status: closed.then(() => Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0)),
    closedAfterMs: closed.then(() => performance.now() - started),
  };
}

it.skipIf(!clientAddress)(
  `answers /healthz at once and serves other clients while one address holds ${SLOW_CLIENTS} slow uploads`,
  async () => {
    const base = `http://127.0.0.1:${bot.port}`;
    // Warmed up first: the first request of a process compiles the code it runs.
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const slow = Array.from({ length: SLOW_CLIENTS }, () => slowUpload(bot.port));
    await new Promise((resolve) => setTimeout(resolve, 300));

    const latencies: number[] = [];
    const statuses: number[] = [];
    const until = performance.now() + 2_500;
    while (performance.now() < until) {
      const sent = performance.now();
      statuses.push((await fetch(`${base}/healthz`)).status);
      latencies.push(performance.now() - sent);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const body = formBody({
      ...fixture<Record<string, string>>('slash-command.json'),
      text: 'help',
      response_url: fake.responseUrl('slow'),
    });
    const command = await postSigned(`${base}/slack/events`, body, { secret: SECRET });

    const slowStatuses = await Promise.all(slow.map((upload) => upload.status));
    const slowClosed = await Promise.all(slow.map((upload) => upload.closedAfterMs));
    latencies.sort((a, b) => a - b);
    const p50 = latencies[Math.floor(latencies.length / 2)]!;
    const max = latencies.at(-1)!;
    console.log(
      `slow uploads: /healthz ${latencies.length} checks during ${SLOW_CLIENTS} slow uploads, p50 ${p50.toFixed(1)} ms, max ${max.toFixed(1)} ms; slow requests closed within ${Math.max(...slowClosed).toFixed(0)} ms`,
    );

    expect(statuses.every((status) => status === 200)).toBe(true);
    expect(max).toBeLessThan(1_000);
    expect((await command).status).toBe(200);
    // That address held its share of the slots at a time, each cut off by the floor (and taken again
    // by its next connection); the rest were turned away at once. None was held to the deadline.
    expect(slowStatuses.every((status) => status === 408 || status === 503)).toBe(true);
    expect(slowStatuses.filter((status) => status === 408).length).toBeGreaterThanOrEqual(MAX_REQUESTS_PER_ADDRESS);
    expect(slowStatuses.filter((status) => status === 503).length).toBeGreaterThan(0);
    expect(Math.max(...slowClosed)).toBeLessThan(REQUEST_TIMEOUT_MS / 2);
  },
  30_000,
);
