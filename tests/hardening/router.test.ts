// The one HTTP server, on raw sockets: request targets that once threw ERR_INVALID_URL outside
// any handler ("//[", "//x:99999/", "//%zz/") get 400 and the server keeps serving; a handler
// that throws is a 500 for that request alone; requests beyond the in-flight cap get 503 at once;
// a body that never finishes is cut off at the request timeout.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.ts';
import { sendJson, startHttpServer, type RunningHttpServer } from '../../src/server/http-server.ts';
import type { HttpRoute } from '../../src/adapter.ts';
import { rawRequest } from '../support/raw-http.ts';

const MAX_IN_FLIGHT = 3;
const REQUEST_TIMEOUT_MS = 1_000;

const releases: (() => void)[] = [];
const routes: HttpRoute[] = [
  { method: 'GET', path: '/ok', handle: (_req, res) => sendJson(res, 200, { ok: true }) },
  {
    method: 'GET',
    path: '/throws',
    handle: () => {
      throw new TypeError('boom');
    },
  },
  { method: 'GET', path: '/rejects', handle: async () => Promise.reject(new Error('async boom')) },
  {
    method: 'GET',
    path: '/hangs',
    handle: (_req, res) =>
      new Promise<void>((resolve) => {
        releases.push(() => {
          sendJson(res, 200, { released: true });
          resolve();
        });
      }),
  },
  {
    method: 'POST',
    path: '/body',
    handle: async (req, res) => {
      for await (const _chunk of req) void _chunk;
      sendJson(res, 200, {});
    },
  },
];

let http: RunningHttpServer;
beforeAll(async () => {
  http = await startHttpServer(0, routes, createLogger('silent'), {
    host: '127.0.0.1',
    maxRequestsInFlight: MAX_IN_FLIGHT,
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
  });
});
afterAll(async () => {
  http.server.closeAllConnections();
  await http?.close();
});

/** A GET; `hold` keeps the client's side open until the server answers, as a waiting client does. */
const get = (target: string, hold = false) => rawRequest(http.port, `GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`, hold);

describe('the router', () => {
  it.each(['//[', '//x:99999/', '//%zz/', '//', 'http://[/', '*', 'ok'])(
    'answers the target %s with 400 and keeps serving',
    async (target) => {
      expect((await get(target)).status).toBe(400);
      expect((await get('/ok')).status).toBe(200);
    },
  );

  it('answers unknown paths 404 and wrong methods 405', async () => {
    expect((await get('/nowhere')).status).toBe(404);
    expect((await rawRequest(http.port, 'DELETE /ok HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).status).toBe(405);
  });

  it('turns a handler that throws, or rejects, into a 500 for that request alone', async () => {
    expect((await get('/throws')).status).toBe(500);
    expect((await get('/rejects')).status).toBe(500);
    expect((await get('/ok')).status).toBe(200);
  });

  it(`answers 503 at once beyond ${MAX_IN_FLIGHT} requests in flight, and serves again when they finish`, async () => {
    const held = Array.from({ length: MAX_IN_FLIGHT }, () => get('/hangs', true));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await get('/ok')).status).toBe(503);
    expect(releases).toHaveLength(MAX_IN_FLIGHT);
    for (const release of releases.splice(0)) release();
    expect((await Promise.all(held)).map((answer) => answer.status)).toEqual(Array(MAX_IN_FLIGHT).fill(200));
    expect((await get('/ok')).status).toBe(200);
  });

  it('cuts off a body that never finishes at the request timeout', async () => {
    const slow = await rawRequest(http.port, 'POST /body HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\npartial', true);
    expect(slow.closedAfterMs).toBeLessThan(REQUEST_TIMEOUT_MS + 2_500);
    expect([0, 408]).toContain(slow.status);
  });

  it('cuts off a chunked body that stops after 400 KB, however many such requests there are', async () => {
    const chunk = 'a'.repeat(400 * 1024);
    const stalled = `POST /body HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n${chunk.length.toString(16)}\r\n${chunk}\r\n`;
    const started = performance.now();
    const answers = await Promise.all(Array.from({ length: MAX_IN_FLIGHT }, () => rawRequest(http.port, stalled, true)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(MAX_IN_FLIGHT).fill(408));
    expect(performance.now() - started).toBeLessThan(REQUEST_TIMEOUT_MS + 2_500);
  });
});
