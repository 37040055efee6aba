// Graceful shutdown owes every acked command its answer: stopping the bot waits for answers in
// flight, and the store they need stays open until they are sent.
import { expect, it } from 'vitest';
import { notice } from '../../src/briefing/model.ts';
import { waitFor } from './support/fake-slack.ts';
import { allText, startSlackBot } from './support/slack-bot.ts';

it('answers a command acked before shutdown, then stops', async () => {
  const slack = await startSlackBot();
  let release: () => void = () => undefined;
  let asked = false;
  slack.bot.dateline.useSubscriptions({
    async handle() {
      asked = true;
      await new Promise<void>((resolve) => (release = resolve));
      return notice('Subscribed: a daily digest here at 09:00.');
    },
    // Reads the store while the answer is being worked out, as the real desk does.
    zoneOf: async (channel) => (await slack.bot.store.subscriptionsOf(channel))[0]?.zone,
  });
  const { status, id } = await slack.command('subscribe daily 09:00');
  expect(status).toBe(200);
  await waitFor(() => (asked ? true : undefined), 'the core to be asked');

  let stopped = false;
  const stopping = slack.bot.close().then(() => (stopped = true));
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(stopped).toBe(false);
  release();
  await stopping;

  const replies = slack.fake.responses(id);
  expect(replies).toHaveLength(1);
  expect(allText(replies[0]!.body)).toContain('Subscribed: a daily digest here at 09:00.');
  expect(slack.logs().join('\n')).not.toContain('could not answer');
  await slack.close();
});
