// The webhook adapter's public face: digests posted to operators' incoming webhooks (Teams
// Workflows, Slack, Google Chat, Discord), added with `dateline webhooks add`. It only posts: no
// routes, no SDK. On whenever DATELINE_SECRET_KEY is set, since the webhooks' URLs are sealed with it.
import type { Adapter, AdapterFactory } from '../../src/index.ts';
import { type LastAttempt, createWebhookPoster } from './poster.ts';
import type { SharedRenderers } from './render.ts';

export type { SharedRenderers } from './render.ts';

export const WEBHOOKS_OFF_MESSAGE =
  'Webhooks: off, because DATELINE_SECRET_KEY is not set (webhook URLs are stored encrypted with it). Set it, then add one with `dateline webhooks add`.';

export function webhookAdapter(renderers: SharedRenderers): AdapterFactory {
  return ({ webhooks, logger, clock }) => {
    if (!webhooks.usable) {
      logger.info(WEBHOOKS_OFF_MESSAGE);
      return undefined;
    }
    const seen = new Map<string, LastAttempt>();
    const adapter: Adapter = {
      name: 'webhook',
      routes: [],
      poster: createWebhookPoster({ webhooks, renderers, logger, clock, seen }),
      // Names and outcomes only: a webhook's URL is a secret.
      health: () => ({ webhooks: Object.fromEntries(seen) }),
      async start() {
        for (const webhook of await webhooks.list()) {
          if (webhook.lastAttempt) {
            const { at, outcome, detail } = webhook.lastAttempt;
            seen.set(webhook.name, { at: at.toISOString(), outcome: outcome as LastAttempt['outcome'], ...(detail ? { detail } : {}) });
          }
        }
      },
    };
    return adapter;
  };
}
