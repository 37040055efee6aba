// What a failed webhook post means, as one plain function, and the one HTTP call underneath it
// against a local server: a timeout on every call, redirects not followed, answers read only up
// to the cap.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyWebhookError, classifyWebhookResponse, parseRetryAfter, platformSaid } from '../../adapters/webhook/classify-error.ts';
import { MAX_RESPONSE_BYTES, postJson } from '../../adapters/webhook/http.ts';

const answer = (status: number, body = '', headers: Record<string, string> = {}) => ({ status, body, headers: new Headers(headers) });

describe('classifyWebhookResponse', () => {
  it.each([
    [404, 'no_service', 'The webhook was deleted or disabled (404 no_service): add it again with its new URL.'],
    [410, 'channel_is_archived', 'The webhook was deleted or disabled (410 channel_is_archived): add it again with its new URL.'],
    [
      404,
      '{"message": "Unknown Webhook", "code": 10015}',
      'The webhook was deleted or disabled (404 Unknown Webhook): add it again with its new URL.',
    ],
    [403, 'invalid_token', 'The webhook refused the post (403 invalid_token): it was disabled, or its token is no longer valid.'],
    [
      400,
      '{"error":{"code":400,"message":"Invalid JSON payload","status":"INVALID_ARGUMENT"}}',
      'The webhook refused the message (400 Invalid JSON payload).',
    ],
    [302, '', 'The webhook answered with a redirect (302), which Dateline does not follow: check the URL the platform gave.'],
  ])('%i %s pauses the webhook', (status, body, reason) => {
    expect(classifyWebhookResponse(answer(status, body))).toEqual({ kind: 'install', reason });
  });

  it("429 honours Retry-After, in seconds or as a date, or Discord's retry_after in the body", () => {
    expect(classifyWebhookResponse(answer(429, '', { 'retry-after': '7' }))).toEqual({
      kind: 'retry',
      reason: 'The webhook is rate limiting Dateline (429).',
      retryAfterMs: 7_000,
    });
    expect(
      classifyWebhookResponse(answer(429, '{"message":"You are being rate limited.","retry_after":0.25,"global":false}')),
    ).toMatchObject({
      kind: 'retry',
      retryAfterMs: 250,
    });
    const now = Date.parse('2026-06-01T00:00:00Z');
    expect(parseRetryAfter('Mon, 01 Jun 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });

  it.each([500, 502, 503, 504, 408])('%i is retried', (status) => {
    expect(classifyWebhookResponse(answer(status, 'upstream failed'))).toEqual({
      kind: 'retry',
      reason: `The webhook failed for now (${status} upstream failed).`,
    });
  });

  it('keeps what the platform said short and on one line', () => {
    const said = platformSaid(`${'x'.repeat(500)}\n\u0000`);
    expect(said).toHaveLength(160);
    expect(said).toMatch(/^x+…$/);
  });
});

describe('classifyWebhookError', () => {
  it('retries a timeout and an unreachable webhook', () => {
    expect(classifyWebhookError(new DOMException('timed out', 'TimeoutError'))).toEqual({
      kind: 'retry',
      reason: 'The webhook gave no answer in time (timeout).',
    });
    const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    expect(classifyWebhookError(refused)).toEqual({ kind: 'retry', reason: 'The webhook could not be reached (ECONNREFUSED).' });
  });
});

describe('postJson', () => {
  let server: Server;
  let base: string;
  const hits: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      hits.push(req.url ?? '');
      req.resume();
      if (req.url === '/stall') return;
      if (req.url === '/moved') return void res.writeHead(307, { location: '/elsewhere' }).end();
      if (req.url === '/big') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        // 1 MiB, written in chunks: the client stops reading at the cap.
        for (let chunk = 0; chunk < 64; chunk++) res.write('y'.repeat(16 * 1024));
        return void res.end();
      }
      res.writeHead(200).end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('gives up after its timeout', async () => {
    const started = Date.now();
    const error = await postJson(`${base}/stall`, {}, 300).catch((caught: unknown) => caught);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(classifyWebhookError(error).reason).toBe('The webhook gave no answer in time (timeout).');
  });

  it('does not follow a redirect', async () => {
    const response = await postJson(`${base}/moved`, {});
    expect(response.status).toBe(307);
    expect(hits).not.toContain('/elsewhere');
  });

  it('reads an answer only up to the cap', async () => {
    const response = await postJson(`${base}/big`, {});
    expect(response.status).toBe(200);
    expect(response.body.length).toBeGreaterThan(0);
    expect(response.body.length).toBeLessThanOrEqual(MAX_RESPONSE_BYTES);
  });
});
