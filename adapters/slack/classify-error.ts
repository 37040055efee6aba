// The one place that decides what a Slack Web API failure means: try again later, stop
// posting to this channel, or stop posting to the whole install.
import { webApi } from '@slack/bolt';
import { PostError, type PostFailure, type PostFailureKind } from '../../src/index.ts';

/** Slack is busy or briefly broken: the same call should work later. */
const RETRY_CODES = new Set([
  'ratelimited',
  'rate_limited',
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
  'timeout',
  'team_added_to_org',
  // A rotating token past its 12 hours: the next attempt refreshes it first (installations.ts).
  // Never an end of the install, which would delete the refresh token with it.
  'token_expired',
]);

/** The token or the install is no longer good for anything: a person must reinstall or fix it. */
const INSTALL_CODES = new Set([
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'account_inactive',
  'missing_scope',
  'not_allowed_token_type',
  'no_such_subteam',
  'org_login_required',
  'team_access_not_granted',
  'two_factor_setup_required',
  'ekm_access_denied',
  'enterprise_is_restricted',
  'accesslimited',
]);

/** WebClient's own error (wrapped in a WebAPIRequestError) once its retries after 429s run out; it carries the wait in seconds. */
const RATE_LIMIT_EXHAUSTED = /rate limit was exceeded.*retry-after: (\d+)/i;

const seconds = (value: number | undefined): number | undefined =>
  value !== undefined && Number.isFinite(value) ? value * 1000 : undefined;

export function classifySlackError(error: unknown): PostFailure {
  if (error instanceof PostError) return withRetryAfter({ kind: error.kind, reason: error.reason }, error.retryAfterMs);
  if (error instanceof webApi.WebAPIPlatformError) {
    const code = String(error.data.error);
    return withRetryAfter({ kind: kindOfCode(code), reason: code }, seconds(error.data.response_metadata?.retryAfter));
  }
  if (error instanceof webApi.WebAPIRateLimitedError) {
    return withRetryAfter({ kind: 'retry', reason: 'ratelimited' }, seconds(error.retryAfter));
  }
  if (error instanceof webApi.WebAPIHTTPError) {
    const reason = `HTTP ${error.statusCode}${error.statusMessage ? ` ${error.statusMessage}` : ''}`;
    const retryAfter = Number.parseInt(error.headers['retry-after'] ?? '', 10);
    if (error.statusCode === 408 || error.statusCode === 429 || error.statusCode >= 500) {
      return withRetryAfter({ kind: 'retry', reason }, Number.isNaN(retryAfter) ? undefined : retryAfter * 1000);
    }
    return { kind: 'install', reason };
  }
  if (error instanceof webApi.WebAPIRequestError) {
    const limited = RATE_LIMIT_EXHAUSTED.exec(error.original.message);
    if (limited) return { kind: 'retry', reason: 'ratelimited', retryAfterMs: Number(limited[1]) * 1000 };
    return { kind: 'retry', reason: `request failed: ${networkReason(error.original)}` };
  }
  if (error instanceof Error) return { kind: 'retry', reason: error.message };
  return { kind: 'retry', reason: String(error) };
}

/** The failure as the PostError the scheduler understands. */
export function toPostError(error: unknown): PostError {
  if (error instanceof PostError) return error;
  return PostError.from(classifySlackError(error));
}

function kindOfCode(code: string): PostFailureKind {
  if (RETRY_CODES.has(code)) return 'retry';
  if (INSTALL_CODES.has(code)) return 'install';
  // Everything else fails the same way on a retry: channel_not_found, not_in_channel,
  // is_archived, restricted_action*, messages_tab_disabled, and codes Slack adds later. The
  // channel pauses until a person looks, while the rest of the install keeps working.
  return 'channel';
}

function networkReason(original: Error): string {
  // Node's errors carry a string code (ECONNREFUSED), on themselves or on fetch's `cause`;
  // a DOMException's numeric code says less than its name (TimeoutError).
  const code = [original, original.cause]
    .map((error) => (error as { code?: unknown } | undefined)?.code)
    .find((value) => typeof value === 'string');
  return (code as string | undefined) ?? original.name;
}

function withRetryAfter(failure: PostFailure, retryAfterMs: number | undefined): PostFailure {
  return retryAfterMs === undefined ? failure : { ...failure, retryAfterMs };
}
