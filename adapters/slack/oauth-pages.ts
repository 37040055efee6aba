// The edges of Slack's OAuth flow that anyone can reach without credentials: GET /slack/install
// and GET /slack/oauth_redirect, each rate-limited per client address (a junk code can only be
// found junk by exchanging it, which costs a call to oauth.v2.access carrying the client secret),
// and every way an install can end short of success answered by a page of its own and one log
// line, never a stack trace: the installer pressing Cancel (access_denied), a forged, reused or
// foreign state, a bad Host header, a code Slack refuses.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from 'pino';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import type { HttpRoute } from '../../src/index.ts';
import { boltLogger } from './bolt-logger.ts';

/**
 * Install pages and redirects per client address per minute: a person installing takes one of
 * each, a few more if they retry; a flood of anonymous exchanges from one address is cut off.
 */
export const OAUTH_REQUESTS_PER_MINUTE = 20;

/** Errors of the flow that are the request's fault (the installer's or a forger's): 400, logged at warn. */
const REFUSED_CODES = new Set([
  'slack_oauth_missing_state',
  'slack_oauth_invalid_state',
  'slack_oauth_missing_code',
  'slack_oauth_unknown_error',
  // oauth.v2.access said no: a junk, used or expired code (invalid_code, bad_redirect_uri, …).
  'slack_webapi_platform_error',
  // A Host header no URL can be built from.
  'ERR_INVALID_URL',
]);

const CANCELLED = 'slack_oauth_installer_authorization_error';

function page(res: ServerResponse, status: number, title: string, text: string): void {
  if (res.headersSent || res.destroyed) return;
  res
    .writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
    .end(`<!doctype html><title>${title}</title><p>${text}</p>`);
}

/** The client's address: the socket's, never a header a client writes. */
const addressOf = (req: IncomingMessage) => req.socket.remoteAddress ?? 'unknown';

/** `route` behind a per-address limit: past it, 429 with Retry-After, at debug (anyone can send them). */
export function rateLimited(route: HttpRoute, logger: Logger, perMinute = OAUTH_REQUESTS_PER_MINUTE): HttpRoute {
  const limiter = new RateLimiterMemory({ points: perMinute, duration: 60 });
  return {
    ...route,
    handle: async (req, res) => {
      try {
        await limiter.consume(addressOf(req));
      } catch (refusal) {
        const waitMs = (refusal as { msBeforeNext?: number }).msBeforeNext ?? 60_000;
        logger.debug({ path: route.path }, 'slack: install requests from one address over their limit');
        res.setHeader('retry-after', String(Math.ceil(waitMs / 1000)));
        page(res, 429, 'Too many attempts', 'Too many install attempts from this address: wait a minute and try again.');
        return;
      }
      await route.handle(req, res);
    },
  };
}

/** What an install that did not complete gets: a page saying why, and one log line (warn, or info for a cancel). */
export function installFailed(error: unknown, res: ServerResponse, logger: Logger): void {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  const reason = String(message ?? error);
  if (code === CANCELLED) {
    logger.info('slack: an install was cancelled on the consent screen');
    page(res, 200, 'Install cancelled', 'The install was cancelled: Dateline was not added to your workspace. You can close this page.');
    return;
  }
  if (typeof code === 'string' && REFUSED_CODES.has(code)) {
    logger.warn({ code, reason }, 'slack: an install was refused');
    page(res, 400, 'Install not completed', 'This install link is not valid or has expired: start again from the install page.');
    return;
  }
  logger.error({ code, reason }, 'slack: an install failed');
  page(res, 500, 'Install failed', 'Dateline could not complete the install: try again in a minute.');
}

/**
 * The installer's logger. InstallProvider logs the error that ends a callback, stack and all,
 * before handing it to the failure callback: installFailed logs that one, once, without the stack.
 */
export function installerLogger(logger: Logger): BoltLogger {
  const bolt = boltLogger(logger);
  return {
    ...bolt,
    error: (...parts: unknown[]) => {
      if (!(parts[0] instanceof Error)) bolt.error(...parts);
    },
  };
}
