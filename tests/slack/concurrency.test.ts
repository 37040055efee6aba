// Slack gives a slash command 3 seconds: 200 signed commands sent at once on loopback are each
// acked (HTTP 200) well inside that, and each is then answered on its own response_url.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { waitFor } from './support/fake-slack.ts';
import { startSlackBot, type SlackBot } from './support/slack-bot.ts';

const COMMANDS = 200;
const SLACK_ACK_DEADLINE_MS = 3000;
const LOOKUPS = ['today', 'search lunit', 'latest 5', 'week', 'themes'];

let slack: SlackBot;
beforeAll(async () => {
  slack = await startSlackBot();
  // One of each first, as a bot that has been up a while: lazy loading and JIT stay out of the timings.
  for (const text of LOOKUPS) await slack.reply((await slack.command(text)).id);
});
afterAll(async () => {
  await slack?.close();
});

it(`acks ${COMMANDS} concurrent slash commands, each within ${SLACK_ACK_DEADLINE_MS} ms`, async () => {
  const sent = await Promise.all(
    Array.from({ length: COMMANDS }, async (_, index) => {
      const started = performance.now();
      const { status, id } = await slack.command(LOOKUPS[index % LOOKUPS.length]!);
      return { status, id, ms: performance.now() - started };
    }),
  );
  expect(sent.map((request) => request.status)).toEqual(Array(COMMANDS).fill(200));
  expect(Math.max(...sent.map((request) => request.ms))).toBeLessThan(SLACK_ACK_DEADLINE_MS);
  await waitFor(() => (sent.every((request) => slack.fake.responses(request.id).length === 1) ? true : undefined), 'every reply', 15_000);
}, 30_000);
