// The one HTTP server: routes requests by method and path to the surfaces' handlers.
// Handlers own their request bodies (Bolt verifies Slack's signature over the raw bytes).
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { HttpRoute } from '../adapter.ts';

export interface RunningHttpServer {
  server: Server;
  port: number;
  close(): Promise<void>;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

export async function startHttpServer(port: number, routes: HttpRoute[], logger: Logger, host?: string): Promise<RunningHttpServer> {
  const table = new Map(routes.map((route) => [`${route.method} ${route.path}`, route]));
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const route = table.get(`${req.method === 'HEAD' ? 'GET' : req.method} ${path}`);
    if (!route) {
      const allowed = routes.filter((candidate) => candidate.path === path).map((candidate) => candidate.method);
      if (allowed.length > 0) res.setHeader('allow', allowed.join(', '));
      sendJson(res, allowed.length > 0 ? 405 : 404, { error: allowed.length > 0 ? 'method not allowed' : 'not found' });
      return;
    }
    Promise.resolve()
      .then(() => route.handle(req, res))
      .catch((error: unknown) => {
        logger.error({ err: error, path }, 'request handler failed');
        sendJson(res, 500, { error: 'internal error' });
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const actualPort = (server.address() as AddressInfo).port;
  return {
    server,
    port: actualPort,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
