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
const SLACK_RETRY: webApi.RetryOptions = { retries: 3, factor: 2, minTimeout: 1_000, maxTimeout: 10_000, randomize: true };

/** A call (or a response_url post) that takes longer than this is abandoned (Web API calls are retried as above). */
export const SLACK_TIMEOUT_MS = 10_000;

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
  };
}

/**
 * For digests: a client that resends nothing. A 429 goes back to the scheduler, whose post
 * windows hold back that channel and workspace for its Retry-After and learn the workspace's rate
 * (WebClient would instead pause every call it makes, and retry on its own). After a timeout or a
 * 5xx the message may have landed, so the scheduler looks for it in the channel's history before
 * posting again.
 */
export function createPosterClient(config: SlackConfig, logger: Logger): webApi.WebClient {
  return new webApi.WebClient(config.botToken, { ...webClientOptions(config, logger, { retries: 0 }), rejectRateLimitedCalls: true });
}
