// Posts scheduled digests to operators' incoming webhooks: opens the webhook's sealed URL, checks
// it again (https, or http to this machine), renders the briefing for its format and POSTs it
// once. Every outcome is recorded on the webhook (for `webhooks list`) and kept for /healthz;
// failures become PostErrors classified by classify-error.ts. A webhook takes no idempotency key
// and cannot be searched, so there is no findPosted: a post whose answer was lost is retried
// (at-least-once, docs/webhooks.md). The URL is never logged, nor put in a reason.
import type { Logger } from 'pino';
import {
  type Briefing,
  type ChannelPoster,
  type ChannelRef,
  type DeliveryKey,
  PostError,
  type PostFailure,
  type Webhook,
  type Webhooks,
  webhookUrlProblem,
} from '../../src/index.ts';
import { classifyWebhookError, classifyWebhookResponse } from './classify-error.ts';
import { postJson, type WebhookResponse } from './http.ts';
import { renderPayload, type SharedRenderers } from './render.ts';

export interface LastAttempt {
  at: string;
  outcome: 'delivered' | 'retrying' | 'paused';
  detail?: string;
}

export interface WebhookPosterDependencies {
  webhooks: Webhooks;
  renderers: SharedRenderers;
  logger: Logger;
  clock: () => Date;
  /** Each webhook's last outcome in this process, for /healthz. */
  seen: Map<string, LastAttempt>;
}

/** Discord answers `?wait=true` with the message it created (its id) and reports a failure instead of dropping it. */
function targetUrl(webhook: Webhook): string {
  if (webhook.format !== 'discord') return webhook.url;
  const url = new URL(webhook.url);
  url.searchParams.set('wait', 'true');
  return url.href;
}

/** The platform's id for the message, where its answer gives one: Discord's id, Google Chat's resource name. */
function messageIdOf(response: WebhookResponse): string {
  try {
    const parsed = JSON.parse(response.body) as { id?: unknown; name?: unknown };
    const id = parsed.id ?? parsed.name;
    return typeof id === 'string' ? id : '';
  } catch {
    return '';
  }
}

export function createWebhookPoster(deps: WebhookPosterDependencies): ChannelPoster {
  const { webhooks, logger } = deps;

  async function record(name: string, attempt: LastAttempt): Promise<void> {
    deps.seen.set(name, attempt);
    await webhooks
      .recordAttempt(name, { at: new Date(attempt.at), outcome: attempt.outcome, ...(attempt.detail ? { detail: attempt.detail } : {}) })
      .catch((error: unknown) => logger.warn({ err: error, webhook: name }, 'webhook: could not record the outcome'));
  }

  async function fail(name: string, delivery: DeliveryKey, failure: PostFailure): Promise<never> {
    await record(name, {
      at: deps.clock().toISOString(),
      outcome: failure.kind === 'retry' ? 'retrying' : 'paused',
      detail: failure.reason,
    });
    logger.warn({ delivery: delivery.key, webhook: name, kind: failure.kind, reason: failure.reason }, 'webhook: post failed');
    throw PostError.from(failure);
  }

  return {
    platform: 'webhook',
    async post(channel: ChannelRef, briefing: Briefing, delivery: DeliveryKey): Promise<string> {
      const name = channel.channel;
      let webhook: Webhook | undefined;
      try {
        webhook = await webhooks.open(name);
      } catch (error) {
        const why = error instanceof Error ? error.message : String(error);
        return fail(name, delivery, { kind: 'install', reason: `The webhook's stored URL cannot be used (${why}): add it again.` });
      }
      if (!webhook) return fail(name, delivery, { kind: 'install', reason: `No webhook named ${name} is stored any more.` });
      const problem = webhookUrlProblem(webhook.url);
      if (problem) return fail(name, delivery, { kind: 'install', reason: `Not posted: ${problem}.` });
      let response: WebhookResponse;
      try {
        response = await postJson(targetUrl(webhook), renderPayload(webhook.format, briefing, deps.renderers));
      } catch (error) {
        return fail(name, delivery, classifyWebhookError(error));
      }
      if (response.status < 200 || response.status >= 300) return fail(name, delivery, classifyWebhookResponse(response));
      const messageId = messageIdOf(response);
      await record(name, { at: deps.clock().toISOString(), outcome: 'delivered' });
      logger.info({ delivery: delivery.key, webhook: name, format: webhook.format, status: response.status }, 'webhook: posted');
      return messageId;
    },
  };
}
