// Fake ChannelPosters for the scheduler suites: they record every post and can be scripted to
// fail, and optionally answer findPosted from what they recorded (as Slack's does from history).
import type { Briefing } from '../../src/briefing/model.ts';
import type { ChannelPoster } from '../../src/adapter.ts';
import type { ChannelRef, DeliveryKey, PostError } from '../../src/types.ts';

export interface RecordedPost {
  channel: ChannelRef;
  briefing: Briefing;
  delivery: DeliveryKey;
  messageId: string;
}

export interface RecordingPoster {
  poster: ChannelPoster;
  posts: RecordedPost[];
  /** Every call to post, including those that failed. */
  attempts: DeliveryKey[];
  /** Every findPosted call, with the first post's start the ledger gave it. */
  findCalls: Array<{ delivery: DeliveryKey; since: Date | undefined }>;
}

export interface RecordingOptions {
  /** Answer findPosted from the recorded posts (Slack-like); without it the poster has none (Teams-like). */
  findPosted?: boolean;
  /** Called before each post: a PostError it returns is thrown instead of posting. */
  fail?: (channel: ChannelRef, delivery: DeliveryKey, attempt: number) => PostError | undefined;
  /** Called inside each post before it completes, e.g. to hold it open. */
  during?: (channel: ChannelRef) => Promise<void>;
}

export function recordingPoster(platform: ChannelRef['platform'], options: RecordingOptions = {}): RecordingPoster {
  const posts: RecordedPost[] = [];
  const attempts: DeliveryKey[] = [];
  const findCalls: RecordingPoster['findCalls'] = [];
  const poster: ChannelPoster = {
    platform,
    async post(channel, briefing, delivery) {
      const attempt = attempts.filter((key) => key.key === delivery.key).length + 1;
      attempts.push(delivery);
      await options.during?.(channel);
      const failure = options.fail?.(channel, delivery, attempt);
      if (failure) throw failure;
      const messageId = `msg-${posts.length + 1}`;
      posts.push({ channel, briefing, delivery, messageId });
      return messageId;
    },
  };
  if (options.findPosted) {
    poster.findPosted = async (channel, delivery, since) => {
      findCalls.push({ delivery, since });
      return posts.find((post) => post.delivery.key === delivery.key && post.channel.channel === channel.channel)?.messageId;
    };
  }
  return { poster, posts, attempts, findCalls };
}
