// 500 signed slash commands at once against the running server (real Bolt HTTP receiver, real
// listeners, the fake Slack for response_urls): every one is acked with 200 and answered exactly
// once on its own response_url with its own answer, and nothing is logged at warn or error level. No
// timing is asserted (tests/slack/concurrency.test.ts holds the ack deadline for 200); the waits
// are bounded only so that a lost reply fails instead of hanging.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { escapeText } from '../../adapters/slack/mrkdwn.ts';
import { startSlackBot, type SlackBot } from '../slack/support/slack-bot.ts';

const COMMANDS = 500;
/** Nothing at warn or above. */
const WARN_OR_WORSE = new Set(['warn', 'error', 'fatal']);
/** Time-independent lookups, each with a title of its own, so that a reply can be matched to its command. */
const texts = Array.from({ length: COMMANDS }, (_, index) => {
  const kinds = [
    `latest ${1 + (index % 20)}`,
    'search lunit',
    'on 2023-06',
    'theme imaging',
    'fact mfds-fda-ai-mou',
    'on 2023-02-30',
    'help',
  ];
  return kinds[index % kinds.length]!;
});

let slack: SlackBot;
beforeAll(async () => {
  slack = await startSlackBot({}, { logLevel: 'info' });
});
afterAll(async () => {
  await slack?.close();
});

/** Waits until every id has a reply, polling; fails after timeoutMs (a real clock, not Date). */
async function allReplies(ids: string[], timeoutMs: number): Promise<void> {
  const started = performance.now();
  for (;;) {
    const missing = ids.filter((id) => slack.fake.responses(id).length === 0);
    if (missing.length === 0) return;
    if (performance.now() - started > timeoutMs)
      throw new Error(`${missing.length} of ${ids.length} commands got no reply within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

it(`acks ${COMMANDS} concurrent slash commands and answers each once on its own response_url`, async () => {
  const expectedTitles = new Map<string, string>();
  for (const text of new Set(texts)) {
    const briefing = await slack.bot.dateline.ask(text, { now: new Date() });
    expectedTitles.set(text, escapeText(briefing.kind === 'error' ? `⚠ ${briefing.title}` : briefing.title));
  }

  const sent = await Promise.all(
    texts.map(async (text) => {
      const { status, id } = await slack.command(text);
      return { text, status, id };
    }),
  );
  expect(sent.filter((request) => request.status !== 200)).toEqual([]);

  await allReplies(
    sent.map((request) => request.id),
    30_000,
  );
  for (const { id, text } of sent) {
    const replies = slack.fake.responses(id);
    expect(replies, `replies to "${text}"`).toHaveLength(1);
    expect(replies[0]!.body.response_type).toBe('ephemeral');
    expect(replies[0]!.body.text, `reply to "${text}"`).toBe(expectedTitles.get(text));
  }
  // Every call the fake got was one of those replies: nothing else was sent to Slack.
  expect(slack.fake.calls.filter((call) => !call.path.startsWith('/response/'))).toEqual([]);

  const errors = slack
    .logs()
    .map((line) => JSON.parse(line) as { level: string; msg?: string })
    .filter((entry) => WARN_OR_WORSE.has(entry.level));
  expect(errors).toEqual([]);
}, 45_000);
