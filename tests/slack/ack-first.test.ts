// The ack never waits for the answer: a slash command gets its HTTP 200 while the core is still
// working, and the answer follows on response_url. Subscription commands reach the core with
// the Slack channel (team id, channel id); a failing core still gets a reply.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notice } from '../../src/briefing/model.ts';
import type { SubscriptionCommand } from '../../src/dateline.ts';
import { waitFor } from './support/fake-slack.ts';
import { allText, startSlackBot, type SlackBot } from './support/slack-bot.ts';
import type { ChannelRef } from '../../src/types.ts';

let slack: SlackBot;
const asked: { command: SubscriptionCommand; channel: ChannelRef }[] = [];
let release: () => void = () => undefined;
let fail = false;

beforeAll(async () => {
  slack = await startSlackBot();
  slack.bot.dateline.useSubscriptions({
    async handle(command, channel) {
      asked.push({ command, channel });
      if (fail) throw new Error('the subscription store is down');
      await new Promise<void>((resolve) => (release = resolve));
      return notice('Subscribed: a daily digest here at 09:00.');
    },
  });
});
afterAll(async () => {
  release();
  await slack?.close();
});

describe('ack first, answer after', () => {
  it('acks while the answer is still being worked out, then answers', async () => {
    const { status, id } = await slack.command('subscribe daily 09:00');
    expect(status).toBe(200);
    await waitFor(() => asked[0], 'the core to be asked');
    expect(slack.fake.responses(id)).toEqual([]);
    release();
    expect(allText(await slack.reply(id))).toContain('Subscribed: a daily digest here at 09:00.');
  });

  it('passes the Slack channel to the core, so subscriptions belong to it', () => {
    expect(asked[0]).toEqual({
      command: { kind: 'subscribe', cadence: 'daily', time: { hour: 9, minute: 0 }, quiet: false },
      channel: { platform: 'slack', workspace: 'T0001', channel: 'C2147483705' },
    });
  });

  it('replies with an apology, not silence, when the core fails', async () => {
    fail = true;
    const { id } = await slack.command('subscriptions');
    const reply = await slack.reply(id);
    expect(reply.response_type).toBe('ephemeral');
    expect(allText(reply)).toContain('Something went wrong on our side');
    expect(slack.logs().join('\n')).toContain('the subscription store is down');
  });
});
