// What an operator and a load balancer ask the running bot: GET /readyz (whether to send it
// traffic), GET /metrics (Prometheus' text format, for this machine or DATELINE_HEALTH_TOKEN),
// and GET / (one screen saying what this server is and where its endpoints are). GET /healthz,
// the liveness probe, is in serve.ts; the store's ping and the details guard are shared here.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { HttpRoute } from '../adapter.ts';
import { scrapeMetrics } from '../metrics.ts';
import type { Store } from '../store/store.ts';
import { VERSION } from '../version.ts';
import { fromLoopback, sendJson } from './http-server.ts';

/** /healthz and /readyz wait this long for the store's answer: a probe must answer fast, above all when the store does not. */
export const HEALTH_TIMEOUT_MS = 2_000;

/** The store's failure within the time allowed, or undefined when it answered. */
export async function pingWithin(store: Store, timeoutMs: number): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`no answer within ${timeoutMs} ms`), timeoutMs);
  });
  const ping = store.ping().then(
    () => undefined,
    (error: unknown) => (error instanceof Error ? error.message : String(error)),
  );
  try {
    return await Promise.race([ping, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Details (counts, store, adapters, memory) and metrics are for this machine, or for whoever holds DATELINE_HEALTH_TOKEN. */
export function mayShowDetails(req: IncomingMessage, token: string | undefined): boolean {
  if (fromLoopback(req)) return true;
  const presented = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
  if (!token || !presented) return false;
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(presented), digest(token));
}

interface ProbeOptions {
  store: Store;
  healthToken: string | undefined;
  /** Whether the bot has begun to stop: from then on it is not ready, so that a load balancer sends it nothing new. */
  stopping(): boolean;
}

/**
 * Ready: the packs are loaded and the adapters started (the server listens only once they are),
 * the store answers, and the bot is not stopping.
 */
export function readinessRoute({ store, stopping }: ProbeOptions): HttpRoute {
  return {
    method: 'GET',
    path: '/readyz',
    handle: async (_req, res) => {
      const reason = stopping() ? 'stopping' : (await pingWithin(store, HEALTH_TIMEOUT_MS)) && 'the store does not answer';
      const body = reason ? { status: 'not ready', reason } : { status: 'ready' };
      sendJson(res, reason ? 503 : 200, body, { 'cache-control': 'no-store' });
    },
  };
}

export function metricsRoute({ store, healthToken }: ProbeOptions): HttpRoute {
  return {
    method: 'GET',
    path: '/metrics',
    handle: async (req, res) => {
      if (!mayShowDetails(req, healthToken)) {
        sendJson(res, 403, { error: 'metrics are shown to this machine, or with Authorization: Bearer DATELINE_HEALTH_TOKEN' });
        return;
      }
      const { contentType, text } = await scrapeMetrics(() => store.countInstallations());
      res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' }).end(text);
    },
  };
}

const ROUTE_PURPOSES: Record<string, string> = {
  'GET /healthz': 'liveness: 200 while the process answers and its store does',
  'GET /readyz': 'readiness: 200 when this instance should be sent traffic',
  'GET /metrics': 'Prometheus metrics (this machine, or DATELINE_HEALTH_TOKEN)',
  'POST /slack/events': "Slack's slash commands, events and interactions (signed)",
  'GET /slack/install': 'the "Add to Slack" page',
  'GET /slack/oauth_redirect': 'where Slack sends an installer back',
  'POST /api/messages': 'Bot Framework activities (Microsoft Teams)',
};

/** GET /: what this server is, its version, and the endpoints it serves (with the install link when OAuth is on). */
export function homeRoute(routes: () => HttpRoute[]): HttpRoute {
  return {
    method: 'GET',
    path: '/',
    handle: (_req, res) => {
      const served = routes().filter((route) => route.path !== '/');
      const items = served
        .map((route) => `${route.method} ${route.path}`)
        .map((key) => {
          const [method, path] = key.split(' ') as [string, string];
          const target = method === 'GET' ? `<a href="${path}">${path}</a>` : path;
          return `<li><code>${method}</code> ${target}: ${ROUTE_PURPOSES[key] ?? ''}</li>`;
        })
        .join('\n');
      const install = served.some((route) => route.path === '/slack/install')
        ? '<p>To add Dateline to a Slack workspace: <a href="/slack/install">/slack/install</a>.</p>\n'
        : '';
      const page = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Dateline</title></head>
<body>
<h1>Dateline ${VERSION}</h1>
<p>A Slack and Microsoft Teams bot that serves briefings from a store of dated, sourced facts. This is its server: people talk to it from Slack or Teams, not here.</p>
${install}<ul>
${items}
</ul>
</body></html>
`;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(page);
    },
  };
}
