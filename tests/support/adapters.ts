// Adapters for the scheduler suites: one that only carries a poster, and one whose poster posts
// over HTTP to a recorder, for schedulers running in child processes.
import type { ChannelPoster, AdapterFactory } from '../../src/adapter.ts';

/** A adapter with no routes whose poster is the one given. */
export const posterAdapter =
  (poster: ChannelPoster): AdapterFactory =>
  () => ({ name: `fake-${poster.platform}`, routes: [], poster, health: () => ({}) });

/**
 * A Slack-like poster that posts to a recorder (tests/support/recorder.ts) and finds its posts
 * there by delivery key, as Slack's finds ours in channel history by message metadata.
 */
export function recorderPoster(baseUrl: string): ChannelPoster {
  return {
    platform: 'slack',
    async post(channel, _briefing, delivery) {
      const response = await fetch(`${baseUrl}/post`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ channel: channel.channel, key: delivery.key, owner: process.pid }),
      });
      if (!response.ok) throw new Error(`recorder answered ${response.status}`);
      return ((await response.json()) as { id: string }).id;
    },
    async findPosted(channel, delivery) {
      const response = await fetch(`${baseUrl}/find?${new URLSearchParams({ channel: channel.channel, key: delivery.key })}`);
      return response.ok ? ((await response.json()) as { id: string }).id : undefined;
    },
  };
}
