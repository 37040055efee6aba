// The one HTTP server: routes requests by method and path to the adapters' handlers, within
// bounded resources: requests in flight, in all and per client address, and a floor on the rate
// a body arrives at, so that slow clients cannot hold the slots of everyone else; /healthz is
// never turned away. Nothing a request carries can throw past it: a malformed target is a 400,
// a handler's failure a 500 for that request alone. Handlers own their request bodies (Bolt
// verifies Slack's signature over the raw bytes).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import type { HttpRoute } from '../adapter.ts';
import { ConfigError } from '../config.ts';

/** A client has this long to send its headers (Node's default is 60 s, which lets slow clients hold sockets). */
export const HEADERS_TIMEOUT_MS = 10_000;
/** ...and this long for the whole request: every body we take is at most a few hundred KB, and Slack needs an ack within 3 s. */
export const REQUEST_TIMEOUT_MS = 15_000;
/** Requests being handled at once; more get 503 at once instead of queueing memory and sockets. */
export const MAX_REQUESTS_IN_FLIGHT = 256;
/**
 * Of those, at most this many from one client address, so that one client (256 connections that
 * send their headers and a byte of body) cannot take every slot. Slack and the Bot Connector send
 * from many addresses. Loopback is not capped: a reverse proxy on this machine sends everyone's
 * requests from it (and buffers bodies itself).
 */
export const MAX_REQUESTS_PER_ADDRESS = 32;
/**
 * After BODY_GRACE_MS, a body must keep arriving at this rate or the request is cut off (408):
 * a body is a few KB sent at once, and a client trickling bytes only holds a slot.
 */
export const MIN_BODY_BYTES_PER_SECOND = 1_024;
const BODY_GRACE_MS = 1_000;
const BODY_CHECK_MS = 250;

const CLIENT_ERROR_STATUS: Record<string, string> = {
  ERR_HTTP_REQUEST_TIMEOUT: '408 Request Timeout',
  HPE_HEADER_OVERFLOW: '431 Request Header Fields Too Large',
};

export interface HttpServerOptions {
  host?: string;
  maxRequestsInFlight?: number;
  /** Overrides MAX_REQUESTS_PER_ADDRESS. */
  maxRequestsPerAddress?: number;
  /** Overrides REQUEST_TIMEOUT_MS; the tests shorten it. */
  requestTimeoutMs?: number;
}

export interface RunningHttpServer {
  server: Server;
  port: number;
  close(): Promise<void>;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

/**
 * The request's body, read only while it stays within maxBytes: undefined as soon as it is
 * declared or found to be larger, so that no handler buffers more than its limit.
 */
export async function readBodyWithin(req: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  if (Number(req.headers['content-length']) > maxBytes) return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Whether the request's socket (never a header, which the caller writes) comes from this machine. */
export function fromLoopback(req: IncomingMessage): boolean {
  return isLoopbackAddress(req.socket.remoteAddress ?? '');
}

function isLoopbackAddress(address: string): boolean {
  return address === '::1' || /^(::ffff:)?127\./.test(address);
}

/** The path of a request target, or undefined when it is not one a client could mean ("//[", "//%zz/"). */
function pathOf(target: string | undefined): string | undefined {
  if (!target?.startsWith('/') || target.startsWith('//')) return undefined;
  try {
    return new URL(target, 'http://localhost').pathname;
  } catch {
    return undefined;
  }
}

export async function startHttpServer(
  port: number,
  routes: HttpRoute[],
  logger: Logger,
  options: HttpServerOptions = {},
): Promise<RunningHttpServer> {
  const table = new Map(routes.map((route) => [`${route.method} ${route.path}`, route]));
  const maxInFlight = options.maxRequestsInFlight ?? MAX_REQUESTS_IN_FLIGHT;
  const requestTimeout = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  const maxPerAddress = options.maxRequestsPerAddress ?? MAX_REQUESTS_PER_ADDRESS;
  let inFlight = 0;
  const inFlightFrom = new Map<string, number>();
  const dispatch = (handler: HttpRoute, req: IncomingMessage, res: ServerResponse, path: string): void => {
    Promise.resolve()
      .then(() => handler.handle(req, res))
      .catch((error: unknown) => {
        logger.error({ err: error, path }, 'request handler failed');
        sendJson(res, 500, { error: 'internal error' });
      });
  };
  const route = (req: IncomingMessage, res: ServerResponse): void => {
    const path = pathOf(req.url);
    if (path === undefined) {
      logger.warn({ method: req.method }, 'refused a malformed request target');
      sendJson(res, 400, { error: 'malformed request target' });
      return;
    }
    const handler = table.get(`${req.method === 'HEAD' ? 'GET' : req.method} ${path}`);
    if (!handler) {
      const allowed = routes.filter((candidate) => candidate.path === path).map((candidate) => candidate.method);
      if (allowed.length > 0) sendJson(res, 405, { error: 'method not allowed' }, { allow: allowed.join(', ') });
      else sendJson(res, 404, { error: 'not found' });
      return;
    }
    if (handler.exempt) {
      dispatch(handler, req, res, path);
      return;
    }
    const address = req.socket.remoteAddress ?? '';
    const fromAddress = inFlightFrom.get(address) ?? 0;
    if (inFlight >= maxInFlight || (fromAddress >= maxPerAddress && !isLoopbackAddress(address))) {
      logger.warn({ path, inFlight, fromAddress }, 'too many requests in flight');
      sendJson(res, 503, { error: 'busy, try again shortly' }, { 'retry-after': '1', connection: 'close' });
      return;
    }
    inFlight++;
    inFlightFrom.set(address, fromAddress + 1);
    const cutOff = (why: string) => {
      logger.warn({ path }, why);
      sendJson(res, 408, { error: why }, { connection: 'close' });
      req.socket.destroy();
    };
    // Node's own requestTimeout is not enough: measured, 250 Slack requests whose chunked bodies
    // stopped at 500 KB were all still open after 33 s. Here each is cut off at the deadline.
    const deadline = setTimeout(() => {
      if (!req.complete) cutOff('request body not received in time');
    }, requestTimeout);
    deadline.unref();
    // ...and well before it when its body trickles in below the floor.
    const started = performance.now();
    const bytesAtStart = req.socket.bytesRead;
    const floor = setInterval(() => {
      const elapsedMs = performance.now() - started;
      if (req.complete || elapsedMs < BODY_GRACE_MS) return;
      const received = req.socket.bytesRead - bytesAtStart;
      if (received < (MIN_BODY_BYTES_PER_SECOND * (elapsedMs - BODY_GRACE_MS)) / 1000) cutOff('request body too slow');
    }, BODY_CHECK_MS);
    floor.unref();
    res.once('close', () => {
      inFlight--;
      const left = (inFlightFrom.get(address) ?? 1) - 1;
      if (left > 0) inFlightFrom.set(address, left);
      else inFlightFrom.delete(address);
      clearTimeout(deadline);
      clearInterval(floor);
    });
    dispatch(handler, req, res, path);
  };
  const server = createServer(
    {
      headersTimeout: Math.min(HEADERS_TIMEOUT_MS, requestTimeout),
      requestTimeout,
      // How often Node looks for requests past those limits (default 30 s, which would triple them).
      connectionsCheckingInterval: 1_000,
    },
    (req, res) => {
      try {
        route(req, res);
      } catch (error) {
        logger.error({ err: error }, 'request routing failed');
        sendJson(res, 500, { error: 'internal error' });
      }
    },
  );
  // Node hands CONNECT to this event alone, and without a listener drops the socket unanswered.
  server.on('connect', (_req: IncomingMessage, socket: Duplex) => {
    socket.on('error', () => undefined);
    socket.end('HTTP/1.1 405 Method Not Allowed\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
  });
  // Not HTTP, headers too big, or too slow: answered by status line alone (logged at debug: anyone can send one).
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    logger.debug({ code: error.code }, 'refused a malformed or slow HTTP request');
    const status = CLIENT_ERROR_STATUS[error.code ?? ''] ?? '400 Bad Request';
    if (socket.writable && !socket.writableEnded) socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(listenError(error, port, options.host)));
    server.listen(port, options.host, () => resolve());
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

/** Why the server could not listen, as the variable to change. */
function listenError(error: NodeJS.ErrnoException, port: number, host: string | undefined): Error {
  switch (error.code) {
    case 'EADDRINUSE':
      return new ConfigError(
        `PORT=${port} is already in use${host ? ` on ${host}` : ''}: stop the other server or set PORT to a free port.`,
      );
    case 'EACCES':
      return new ConfigError(`PORT=${port} needs privileges this process lacks: set PORT to 1024 or above.`);
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return new ConfigError(
        `HOST=${host} is not an address of this machine: unset it, or set 0.0.0.0 (every interface) or 127.0.0.1 (this machine only).`,
      );
    default:
      return error;
  }
}
