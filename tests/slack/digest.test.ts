// A digest end to end: `/dateline subscribe daily` in a Slack channel stores the subscription
// for that channel, and a scheduler pass posts the digest there through the Slack poster, with
// its delivery key in the message metadata — once, however many passes run.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { escapeText } from '../../adapters/slack/mrkdwn.ts';
import { allText, startSlackBot, type SlackBot } from './support/slack-bot.ts';

let slack: SlackBot;
beforeAll(async () => {
  slack = await startSlackBot();
});
afterAll(async () => {
  await slack?.close();
});

it('confirms a subscription in the channel for everyone, but a mistaken one only to its author', async () => {
  const mistaken = await slack.command('subscribe daily 25:00');
  expect((await slack.reply(mistaken.id)).response_type).toBe('ephemeral');
  const listed = await slack.command('subscriptions');
  expect((await slack.reply(listed.id)).response_type).toBe('ephemeral');
  const subscribed = await slack.command('subscribe weekly fri 10:00');
  const reply = await slack.reply(subscribed.id);
  expect(reply.response_type).toBe('in_channel');
  expect(allText(reply)).toContain('weekly digest');
  const stopped = await slack.command('unsubscribe weekly');
  expect((await slack.reply(stopped.id)).response_type).toBe('in_channel');
});

it('posts a subscribed daily digest to the channel it was subscribed in, once', async () => {
  const { id } = await slack.command('subscribe daily 09:00 Asia/Seoul');
  await slack.reply(id);
  const [subscription] = await slack.bot.store.subscriptionsOf({ platform: 'slack', workspace: 'T0001', channel: 'C2147483705' });
  expect(subscription).toBeDefined();

  // 09:00 in Seoul is 00:00 UTC; the next one is always tomorrow's.
  const now = new Date();
  const due = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1, 0, 1));
  expect((await slack.bot.scheduler.runPass(due)).delivered).toBe(1);
  expect((await slack.bot.scheduler.runPass(new Date(due.getTime() + 60_000))).delivered).toBe(0);

  const posts = slack.fake.api('chat.postMessage');
  expect(posts).toHaveLength(1);
  const [post] = posts;
  expect(post?.body.channel).toBe('C2147483705');
  expect(post?.body.metadata).toEqual({ event_type: 'dateline_digest', event_payload: { key: expect.stringContaining(subscription!.id) } });
  const expected = slack.bot.dateline.digests.daily(due, 'Asia/Seoul', { quiet: false });
  if (!expected) throw new Error('a daily digest always has something: the day, or the archive');
  expect(allText(post!.body)).toContain(escapeText(expected.title));
});
