// A local HTTP server standing in for the four webhook targets: each path is one webhook, posts
// are recorded with their query and body and checked against their format's shape
// (shapes.ts), and each path answers as a test scripts it (a status with headers and a body, a
// stall, or, by default, what the platform answers on success).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { payloadProblems } from './shapes.ts';

export interface Received {
  path: string;
  query: URLSearchParams;
  payload: unknown;
  problems: string[];
}

export interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  /** Never answers (for timeouts). */
  stall?: boolean;
}

/** What each platform answers a good post with. */
const SUCCESS: Record<string, Answer> = {
  'teams-workflow': { status: 202 },
  slack: { status: 200, headers: { 'content-type': 'text/html' }, body: 'ok' },
  'google-chat': { status: 200, headers: { 'content-type': 'application/json' }, body: '{"name":"spaces/AAA/messages/BBB.BBB"}' },
  discord: { status: 200, headers: { 'content-type': 'application/json' }, body: '{"id":"1234567890","type":0}' },
};

export interface StandIn {
  baseUrl: string;
  received: Received[];
  /** The URL of a webhook of this format at this path. */
  url(format: string, path: string): string;
  /** The next answers of a path, in order; after them it answers success again. */
  script(path: string, ...answers: Answer[]): void;
  close(): Promise<void>;
}

export async function startStandIn(): Promise<StandIn> {
  const received: Received[] = [];
  const formats = new Map<string, string>();
  const scripts = new Map<string, Answer[]>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://stand-in');
      const format = formats.get(url.pathname) ?? 'unknown';
      let payload: unknown;
      try {
        payload = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        payload = undefined;
      }
      received.push({ path: url.pathname, query: url.searchParams, payload, problems: payloadProblems(format, payload) });
      const answer = scripts.get(url.pathname)?.shift() ?? SUCCESS[format] ?? { status: 404 };
      if (answer.stall) return;
      res.writeHead(answer.status, answer.headers).end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl,
    received,
    url(format, path) {
      formats.set(path, format);
      return `${baseUrl}${path}`;
    },
    script(path, ...answers) {
      scripts.set(path, answers);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
