// A local node:http server playing Slack: the Web API under /api/{method} (pointed to by
// SLACK_API_URL) and response_urls under /response/{id}. It records every request it gets.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse } from 'node:querystring';

export const FIXTURES_DIR = new URL('../../fixtures/slack/', import.meta.url);

const fixtures = new Map<string, string>();

/** A recorded Slack payload from tests/fixtures/slack (a fresh copy each time). */
export function fixture<T = Record<string, unknown>>(name: string): T {
  let text = fixtures.get(name);
  if (text === undefined) {
    text = readFileSync(new URL(name, FIXTURES_DIR), 'utf8');
    fixtures.set(name, text);
  }
  return JSON.parse(text) as T;
}

export interface Recorded {
  path: string;
  headers: IncomingHttpHeaders;
  /** The raw body text, exactly as sent. */
  raw: string;
  /** The body parsed: JSON, or form fields with JSON-valued fields (blocks, metadata) parsed. */
  body: Record<string, unknown>;
}

export interface FakeReply {
  status?: number;
  headers?: Record<string, string>;
  body: unknown;
}

/** `headers`: the request's, for a handler that checks the token (Authorization: Bearer …). */
export type ApiHandler = (body: Record<string, unknown>, call: number, headers: IncomingHttpHeaders) => FakeReply;
type Handler = (body: Record<string, unknown>, headers: IncomingHttpHeaders) => FakeReply;

export interface FakeSlack {
  apiUrl: string;
  responseUrl(id: string): string;
  calls: Recorded[];
  /** Calls to one Web API method, e.g. "chat.postMessage". */
  api(method: string): Recorded[];
  /** What was posted to one response_url. */
  responses(id: string): Recorded[];
  /** Replaces a Web API method's reply until the returned function restores it; `call` counts its calls from 0. */
  on(method: string, handler: ApiHandler): () => void;
  close(): Promise<void>;
}

const JSON_FIELDS = new Set(['blocks', 'metadata', 'attachments']);

function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (contentType?.startsWith('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const fields: Record<string, unknown> = { ...parse(raw) };
  for (const name of JSON_FIELDS) {
    if (typeof fields[name] === 'string') fields[name] = JSON.parse(fields[name] as string);
  }
  return fields;
}

/** The handler with its own call counter. */
function counted(handler: ApiHandler): Handler {
  let calls = 0;
  return (body, headers) => handler(body, calls++, headers);
}

const defaults: Record<string, ApiHandler> = {
  'chat.postMessage': (body, call) => {
    const reply = fixture<{ ts: string; message: Record<string, unknown> }>('web-api/chat.postMessage.json');
    const ts = `1717225300.${String(300 + call).padStart(6, '0')}`;
    return { body: { ...reply, channel: body.channel, ts, message: { ...reply.message, ts } } };
  },
  'conversations.history': () => ({ body: fixture('web-api/conversations.history.json') }),
};

export async function startFakeSlack(): Promise<FakeSlack> {
  const calls: Recorded[] = [];
  const handlers = new Map<string, Handler>(Object.entries(defaults).map(([method, handler]) => [method, counted(handler)]));
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      const recorded: Recorded = { path, headers: req.headers, raw, body: parseBody(raw, req.headers['content-type']) };
      calls.push(recorded);
      let reply: FakeReply = { body: { ok: true } };
      if (path.startsWith('/api/')) {
        reply = handlers.get(path.slice('/api/'.length))?.(recorded.body, req.headers) ?? reply;
      }
      res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers }).end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    apiUrl: `${base}/api/`,
    responseUrl: (id) => `${base}/response/${id}`,
    calls,
    api: (method) => calls.filter((call) => call.path === `/api/${method}`),
    responses: (id) => calls.filter((call) => call.path === `/response/${id}`),
    on: (method, handler) => {
      const previous = handlers.get(method);
      handlers.set(method, counted(handler));
      return () => (previous ? handlers.set(method, previous) : handlers.delete(method));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Polls until `find` returns a value (Slack deliveries arrive after the ack), or fails after timeoutMs. */
export async function waitFor<T>(find: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // Awaited: a find that reads the store returns a promise, which is never undefined itself.
    const found = await find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
