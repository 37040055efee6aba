// The one place that decides what a failed webhook post means for the scheduler: retry later
// (429 with its Retry-After, 408, 5xx, no answer), or pause the webhook (deleted, disabled,
// refused, redirected). A webhook is its own "workspace", so pausing it ('install') pauses its
// daily and weekly digests together. One plain function per input, unit-tested.
import type { PostFailure } from '../../src/index.ts';
import type { WebhookResponse } from './http.ts';

/** The longest part of a platform's error text kept in a reason. */
const SAID_MAX = 160;

/** Retry-After in seconds or as an HTTP date, in milliseconds from now. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * What the platform said, in a few words: Slack answers a bare code ("no_service"), Discord
 * `{"message","code","retry_after"}`, Google Chat and Teams Workflows `{"error":{"message"|"code"}}`.
 */
export function platformSaid(body: string): string {
  let said = body;
  try {
    const parsed = JSON.parse(body) as { message?: unknown; error?: unknown };
    const error = parsed.error as { message?: unknown; code?: unknown; status?: unknown } | string | undefined;
    const found = typeof error === 'string' ? error : (error?.message ?? error?.status ?? error?.code ?? parsed.message);
    said = found === undefined ? '' : String(found);
  } catch {
    // plain text, as Slack answers
  }
  said = said
    .replace(/[\p{Cc}\p{Cs}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return said.length > SAID_MAX ? `${said.slice(0, SAID_MAX - 1)}…` : said;
}

/** Discord also gives its wait in the body, in seconds. */
function bodyRetryAfterMs(body: string): number | undefined {
  try {
    const seconds = (JSON.parse(body) as { retry_after?: unknown }).retry_after;
    return typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0 ? Math.ceil(seconds * 1000) : undefined;
  } catch {
    return undefined;
  }
}

export function classifyWebhookResponse(response: WebhookResponse): PostFailure {
  const { status } = response;
  const said = platformSaid(response.body);
  const code = `${status}${said ? ` ${said}` : ''}`;
  if (status === 429 || status === 408 || status >= 500) {
    const retryAfterMs =
      parseRetryAfter(response.headers.get('retry-after')) ?? (status === 429 ? bodyRetryAfterMs(response.body) : undefined);
    const why = status === 429 ? 'is rate limiting Dateline' : 'failed for now';
    return { kind: 'retry', reason: `The webhook ${why} (${code}).`, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
  }
  if (status === 404 || status === 410) {
    return { kind: 'install', reason: `The webhook was deleted or disabled (${code}): add it again with its new URL.` };
  }
  if (status >= 300 && status < 400) {
    return {
      kind: 'install',
      reason: `The webhook answered with a redirect (${status}), which Dateline does not follow: check the URL the platform gave.`,
    };
  }
  if (status === 401 || status === 403) {
    return { kind: 'install', reason: `The webhook refused the post (${code}): it was disabled, or its token is no longer valid.` };
  }
  return { kind: 'install', reason: `The webhook refused the message (${code}).` };
}

/** A post that got no HTTP answer: unreachable, reset, or no answer within the timeout. */
export function classifyWebhookError(error: unknown): PostFailure {
  const err = error as { name?: unknown; code?: unknown; cause?: { code?: unknown } } | undefined;
  if (err?.name === 'TimeoutError') return { kind: 'retry', reason: 'The webhook gave no answer in time (timeout).' };
  const code = [err?.code, err?.cause?.code].find((value) => typeof value === 'string');
  return { kind: 'retry', reason: `The webhook could not be reached (${typeof code === 'string' ? code : 'network error'}).` };
}
