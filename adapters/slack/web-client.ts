// The Web API client every Slack call goes through. WebClient itself waits out 429s (their
// Retry-After) and retries 5xx and network failures; nothing here retries on top of it.
import { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import { boltLogger } from './bolt-logger.ts';
import type { SlackConfig } from './config.ts';

/**
 * Up to 3 retries, 1 s doubling (jittered, at most 10 s apart); a 429's Retry-After wait counts
 * as one. With SLACK_TIMEOUT_MS a call gives up within about a minute: it rides out a blip or a
 * rate-limit window, and stays well inside the scheduler's 5-minute claim on a delivery.
 */
export const SLACK_RETRY: webApi.RetryOptions = { retries: 3, factor: 2, minTimeout: 1_000, maxTimeout: 10_000, randomize: true };

/** A call (or a response_url post) that takes longer than this is abandoned (Web API calls are retried as above). */
export const SLACK_TIMEOUT_MS = 10_000;

/**
 * fetch that gives up after timeoutMs unless the caller brings its own signal: WebClient brings
 * one (its `timeout`), Bolt's respond() to a response_url brings none and would otherwise wait forever.
 */
export function fetchWithin(timeoutMs: number): typeof fetch {
  return (input, init = {}) => fetch(input, { ...init, signal: init.signal ?? AbortSignal.timeout(timeoutMs) });
}

export function webClientOptions(
  config: SlackConfig,
  logger: Logger,
  retryConfig: webApi.RetryOptions = SLACK_RETRY,
  timeoutMs = SLACK_TIMEOUT_MS,
): webApi.WebClientOptions {
  return {
    ...(config.apiUrl ? { slackApiUrl: config.apiUrl } : {}),
    logger: boltLogger(logger),
    retryConfig,
    rejectRateLimitedCalls: false,
    timeout: timeoutMs,
    // Bolt sends respond() through the client options' fetch.
    fetch: fetchWithin(timeoutMs),
  };
}

/** How WebClient reports a 429 it waited out (wrapped in a WebAPIRequestError). */
const RATE_LIMITED_RETRY = /rate limit was exceeded/i;

/**
 * For digests: WebClient may resend a call only after a 429, when Slack certainly did not post
 * it. After a timeout or a 5xx the message may have landed, so the failure goes back to the
 * scheduler, which looks for the message in the channel's history before posting again. The
 * retry follows at once: WebClient has already waited out the Retry-After, and a backoff on top
 * would only leave the workspace's rate unused.
 */
export function rateLimitRetriesOnly(retryConfig: webApi.RetryOptions): webApi.RetryOptions {
  const options = {
    ...retryConfig,
    minTimeout: 0,
    maxTimeout: 0,
    // p-retry (under WebClient) stops retrying when onFailedAttempt throws.
    onFailedAttempt: (error: Error) => {
      if (!RATE_LIMITED_RETRY.test(error.message)) throw error;
    },
  };
  return options;
}

/** A client without a token of its own: each call names the workspace's token (BotTokens). */
export function createWebClient(
  config: SlackConfig,
  logger: Logger,
  retryConfig?: webApi.RetryOptions,
  timeoutMs?: number,
): webApi.WebClient {
  return new webApi.WebClient(undefined, webClientOptions(config, logger, retryConfig, timeoutMs));
}
