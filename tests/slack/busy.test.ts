// A flood of commands: past the answers owed at once, a command is turned away at its ack with a
// reply that says so (memory stays bounded, and nobody gets an answer minutes late); once the
// answers owed are sent, commands are answered again. Logged when the flood starts and ends.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notice } from '../../src/briefing/model.ts';
import { waitFor } from './support/fake-slack.ts';
import { allText, startSlackBot, type SlackBot } from './support/slack-bot.ts';

const MAX_OWED = 2;
let slack: SlackBot;
let asked = 0;
let release: () => void = () => undefined;
const held = new Promise<void>((resolve) => (release = resolve));

beforeAll(async () => {
  slack = await startSlackBot({}, { maxAnswersOwed: MAX_OWED });
  slack.bot.dateline.useSubscriptions({
    async handle() {
      asked++;
      await held;
      return notice('No subscriptions here yet.');
    },
  });
});
afterAll(async () => {
  release();
  await slack?.close();
});

const answersOwed = async () => {
  const health = (await (await fetch(`http://127.0.0.1:${slack.bot.port}/healthz`)).json()) as {
    adapters: { slack: { answers_owed: number } };
  };
  return health.adapters.slack.answers_owed;
};

const metricsText = async () => (await fetch(`http://127.0.0.1:${slack.bot.port}/metrics`)).text();

describe('a flood of commands', () => {
  it('turns a command away at its ack, with a reply, while too many answers are owed', async () => {
    const owed = await Promise.all(Array.from({ length: MAX_OWED }, () => slack.command('subscriptions')));
    expect(owed.map(({ status, text }) => [status, text])).toEqual(owed.map(() => [200, '']));
    await waitFor(() => asked === MAX_OWED || undefined, 'the answers owed to be under way');

    const turnedAway = await slack.command('subscriptions');
    expect(turnedAway.status).toBe(200);
    expect(JSON.parse(turnedAway.text)).toEqual({
      response_type: 'ephemeral',
      text: 'Dateline is busy right now: try /dateline again in a minute.',
    });
    expect(asked).toBe(MAX_OWED);
    expect(await answersOwed()).toBe(MAX_OWED);
    expect(slack.logs().join('\n')).toContain('turning commands away');
    // The same, as /metrics shows it.
    const during = await metricsText();
    expect(during).toContain('dateline_acks_turned_away_total{platform="slack"} 1');
    expect(during).toContain(`dateline_answers_owed{platform="slack"} ${MAX_OWED}`);
    expect(during).toContain(`dateline_commands_total{platform="slack",kind="subscriptions"} ${MAX_OWED}`);

    release();
    for (const { id } of owed) expect(allText(await slack.reply(id))).toContain('No subscriptions here yet.');
    expect(slack.fake.responses(turnedAway.id)).toEqual([]);
    const after = await metricsText();
    expect(after).toContain('dateline_answers_owed{platform="slack"} 0');
    expect(after).toContain(`dateline_answer_duration_seconds_count{platform="slack"} ${MAX_OWED}`);
  });

  it('answers again once the answers owed are sent, and logs how many were turned away', async () => {
    while ((await answersOwed()) > 0) await sleep(10);
    const { status, text, id } = await slack.command('subscriptions');
    expect([status, text]).toEqual([200, '']);
    expect(allText(await slack.reply(id))).toContain('No subscriptions here yet.');
    const log = slack.logs().find((line) => line.includes('answering commands again'));
    expect(JSON.parse(log!)).toMatchObject({ turned_away: 1 });
  });
});
