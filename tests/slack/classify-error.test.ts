// classifySlackError as a plain function: every way the Web API fails maps to retry later,
// pause the channel, or pause the install, with the wait when Slack gives one.
import { webApi } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { classifySlackError, toPostError } from '../../adapters/slack/classify-error.ts';
import { PostError } from '../../src/types.ts';

const platform = (error: string, retryAfter?: number) =>
  new webApi.WebAPIPlatformError({ ok: false, error, ...(retryAfter === undefined ? {} : { response_metadata: { retryAfter } }) });

describe('classifySlackError', () => {
  it.each(['ratelimited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout'])('retries %s', (code) => {
    expect(classifySlackError(platform(code))).toEqual({ kind: 'retry', reason: code });
  });

  it.each([
    'channel_not_found',
    'not_in_channel',
    'is_archived',
    'restricted_action',
    'restricted_action_read_only_channel',
    'messages_tab_disabled',
  ])('pauses the channel on %s', (code) => {
    expect(classifySlackError(platform(code))).toEqual({ kind: 'channel', reason: code });
  });

  it.each(['invalid_auth', 'token_revoked', 'account_inactive', 'not_authed', 'missing_scope', 'team_access_not_granted'])(
    'pauses the install on %s',
    (code) => {
      expect(classifySlackError(platform(code))).toEqual({ kind: 'install', reason: code });
    },
  );

  it('retries on token_expired (a rotating token is refreshed before the next attempt), never ending the install', () => {
    expect(classifySlackError(platform('token_expired'))).toEqual({ kind: 'retry', reason: 'token_expired' });
  });

  it('pauses the channel on a code it does not know, since a retry would fail the same way', () => {
    expect(classifySlackError(platform('invalid_blocks'))).toEqual({ kind: 'channel', reason: 'invalid_blocks' });
  });

  it('carries the wait of a rate limit, in milliseconds', () => {
    expect(classifySlackError(platform('ratelimited', 30))).toEqual({ kind: 'retry', reason: 'ratelimited', retryAfterMs: 30_000 });
    expect(classifySlackError(new webApi.WebAPIRateLimitedError(12))).toEqual({
      kind: 'retry',
      reason: 'ratelimited',
      retryAfterMs: 12_000,
    });
    const exhausted = new webApi.WebAPIRequestError(
      new Error('A rate limit was exceeded (url: https://slack.com/api/chat.postMessage, retry-after: 7)'),
    );
    expect(classifySlackError(exhausted)).toEqual({ kind: 'retry', reason: 'ratelimited', retryAfterMs: 7_000 });
  });

  it('retries HTTP 429 (with its Retry-After), 408 and 5xx; pauses the install on other HTTP errors', () => {
    expect(classifySlackError(new webApi.WebAPIHTTPError(429, 'Too Many Requests', { 'retry-after': '3' }))).toEqual({
      kind: 'retry',
      reason: 'HTTP 429 Too Many Requests',
      retryAfterMs: 3_000,
    });
    expect(classifySlackError(new webApi.WebAPIHTTPError(503, 'Service Unavailable', {}))).toEqual({
      kind: 'retry',
      reason: 'HTTP 503 Service Unavailable',
    });
    expect(classifySlackError(new webApi.WebAPIHTTPError(502, '', {})).kind).toBe('retry');
    expect(classifySlackError(new webApi.WebAPIHTTPError(408, 'Request Timeout', {})).kind).toBe('retry');
    expect(classifySlackError(new webApi.WebAPIHTTPError(404, 'Not Found', {}))).toEqual({ kind: 'install', reason: 'HTTP 404 Not Found' });
  });

  it('retries timeouts and network failures, naming them', () => {
    const timeout = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    expect(classifySlackError(new webApi.WebAPIRequestError(timeout))).toEqual({ kind: 'retry', reason: 'request failed: TimeoutError' });
    const refused = new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    expect(classifySlackError(new webApi.WebAPIRequestError(refused))).toEqual({ kind: 'retry', reason: 'request failed: ECONNREFUSED' });
  });

  it('keeps a PostError as it is, and retries anything else', () => {
    expect(classifySlackError(new PostError('channel', 'gone', 5))).toEqual({ kind: 'channel', reason: 'gone', retryAfterMs: 5 });
    expect(classifySlackError('boom')).toEqual({ kind: 'retry', reason: 'boom' });
  });
});

describe('toPostError', () => {
  it('turns a Slack failure into the PostError the scheduler handles', () => {
    const error = toPostError(platform('channel_not_found'));
    expect(error).toBeInstanceOf(PostError);
    expect(error).toMatchObject({ kind: 'channel', reason: 'channel_not_found' });
  });
});
