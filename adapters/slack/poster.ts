// Posts scheduled digests to Slack channels, each with its workspace's bot token. Each message
// carries its delivery key in message metadata, so that a delivery left in doubt can be found in
// the channel's history.
import type { Logger } from 'pino';
import { type ChannelPoster, type ChannelRef, type DeliveryKey, PostError } from '../../src/index.ts';
import { renderBlockKit } from './render.ts';
import { toPostError } from './classify-error.ts';
import type { SlackConfig } from './config.ts';
import type { BotTokens } from './installations.ts';
import { type CommandSigner, moreValues, quoteValues } from './signed-command.ts';
import { createPosterClient } from './web-client.ts';

export const DIGEST_EVENT_TYPE = 'dateline_digest';

/** Messages read per conversations.history page, and pages read, when looking for a delivery. */
const HISTORY_PAGE_SIZE = 100;
const HISTORY_PAGES = 3;
/**
 * Slack stamps a message with its own clock, and the ledger's first-post time is the store's: a
 * margin for the two disagreeing (both are normally NTP-synchronised, within a second).
 */
const CLOCK_SKEW_MARGIN_MS = 5 * 60 * 1000;

/**
 * The scheduler's poster, on a client of its own that resends nothing: the scheduler decides on
 * every retry. A digest's items carry "Quote & source" buttons, and a cut list a "More" button, signed by `signer`.
 */
export function createSlackPoster(config: SlackConfig, tokens: BotTokens, signer: CommandSigner, logger: Logger): ChannelPoster {
  const client = createPosterClient(config, logger);
  const { command } = config;
  return {
    platform: 'slack',
    async post(channel: ChannelRef, briefing, delivery: DeliveryKey): Promise<string> {
      const token = await tokens.tokenFor(channel.workspace);
      let ts: string | undefined;
      try {
        const result = await client.chat.postMessage({
          token,
          channel: channel.channel,
          ...renderBlockKit(briefing, {
            command,
            quoteValue: quoteValues(signer, channel.channel),
            moreValue: moreValues(signer, channel.channel),
          }),
          metadata: { event_type: DIGEST_EVENT_TYPE, event_payload: { key: delivery.key } },
          unfurl_links: false,
          unfurl_media: false,
        });
        ts = result.ts;
      } catch (error) {
        throw await tokens.refused(channel.workspace, toPostError(error));
      }
      // Slack said ok without a ts: the message may exist, so findPosted settles it on a retry.
      if (!ts) throw new PostError('retry', 'chat.postMessage returned no ts');
      return ts;
    },
    async findPosted(channel: ChannelRef, delivery: DeliveryKey, since: Date | undefined): Promise<string | undefined> {
      // From when the first post started: Slack serves the messages closest to `oldest` first, so
      // a lower bound long before the post (the occurrence, for a run hours late) could fill
      // every page we read with other messages. Without one (a row from before the ledger kept
      // it), the newest messages come first, where a recent post is.
      const oldest = since && String(Math.floor((since.getTime() - CLOCK_SKEW_MARGIN_MS) / 1000));
      const token = await tokens.tokenFor(channel.workspace);
      let cursor: string | undefined;
      try {
        for (let page = 0; page < HISTORY_PAGES; page++) {
          const result = await client.conversations.history({
            token,
            channel: channel.channel,
            limit: HISTORY_PAGE_SIZE,
            include_all_metadata: true,
            ...(oldest ? { oldest } : {}),
            ...(cursor ? { cursor } : {}),
          });
          const found = result.messages?.find((message) => carriesKey(message.metadata, delivery.key));
          if (found?.ts) return found.ts;
          cursor = result.response_metadata?.next_cursor;
          if (!result.has_more || !cursor) return undefined;
        }
      } catch (error) {
        throw await tokens.refused(channel.workspace, toPostError(error));
      }
      return undefined;
    },
  };
}

/** Whether message metadata is ours and names this delivery (Slack types the payload as `{}`). */
function carriesKey(metadata: { event_type?: string; event_payload?: object } | undefined, key: string): boolean {
  if (metadata?.event_type !== DIGEST_EVENT_TYPE) return false;
  return (metadata.event_payload as { key?: unknown } | undefined)?.key === key;
}
