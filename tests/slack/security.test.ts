// End to end over signed HTTP: forged, unsigned and stale requests get 401 and no reply; text
// from users comes back escaped and cannot ping; bad input gets a helpful reply, not a crash.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeText } from '../../adapters/slack/mrkdwn.ts';
import { formBody, nowSeconds, postSigned, signSlackRequest } from './support/signing.ts';
import { fixture } from './support/fake-slack.ts';
import { allText, BOT_TOKEN, SIGNING_SECRET, startSlackBot, type SlackBot } from './support/slack-bot.ts';

let slack: SlackBot;
beforeAll(async () => {
  slack = await startSlackBot();
});
afterAll(async () => {
  await slack?.close();
});

/** Sends a rejected request, then a good one; once the good one is answered, the bad one has had its chance. */
async function expectRejected(send: () => Promise<{ status: number; id: string }>) {
  const rejected = await send();
  expect(rejected.status).toBe(401);
  const accepted = await slack.command('today');
  expect(accepted.status).toBe(200);
  await slack.reply(accepted.id);
  expect(slack.fake.responses(rejected.id)).toEqual([]);
}

describe('request signatures', () => {
  it('rejects a wrong signature with 401 and no reply', async () => {
    await expectRejected(() => slack.command('today', { signature: `v0=${'0'.repeat(64)}` }));
  });

  it('rejects a signature made with another secret', async () => {
    await expectRejected(() => slack.command('today', { secret: 'not-the-signing-secret' }));
  });

  it('rejects a missing signature', async () => {
    await expectRejected(() => slack.command('today', { signature: null }));
  });

  it('rejects a timestamp older than 5 minutes, even correctly signed', async () => {
    await expectRejected(() => slack.command('today', { timestamp: nowSeconds() - 6 * 60 }));
  });

  it('rejects a body changed after signing', async () => {
    const fields = { ...fixture<Record<string, string>>('slash-command.json'), response_url: slack.fake.responseUrl('tampered') };
    const timestamp = nowSeconds();
    const signature = signSlackRequest(SIGNING_SECRET, timestamp, formBody({ ...fields, text: 'today' }));
    await expectRejected(async () => {
      const { status } = await postSigned(slack.eventsUrl, formBody({ ...fields, text: 'help' }), {
        secret: SIGNING_SECRET,
        timestamp,
        signature,
      });
      return { status, id: 'tampered' };
    });
  });
});

describe('text from users', () => {
  it('comes back escaped, so `<!channel>` and `<@U123>` cannot ping', async () => {
    const { id } = await slack.command('search <!channel> & <@U123>');
    const reply = await slack.reply(id);
    const raw = JSON.stringify(reply);
    expect(allText(reply)).toContain('&lt;!channel&gt; &amp; &lt;@U123&gt;');
    expect(raw).not.toContain('<!channel>');
    expect(raw).not.toContain('<@U123>');
    expect(reply).not.toHaveProperty('link_names');
    expect(reply).not.toHaveProperty('parse');
    const mrkdwn = raw.match(/"type":"mrkdwn"[^}]*}/g) ?? [];
    expect(mrkdwn.length).toBeGreaterThan(0);
    for (const text of mrkdwn) expect(text).toContain('"verbatim":true');
  });

  it('is read as typed when Slack sends it entity-escaped, and not escaped twice', async () => {
    const { id } = await slack.command('search &lt;b&gt; AT&amp;T');
    const shown = allText(await slack.reply(id));
    expect(shown).toContain('&lt;b&gt; AT&amp;T');
    expect(shown).not.toContain('&amp;lt;');
  });
});

describe('bad input', () => {
  const now = () => new Date();

  it('answers a 10,000-character text with a short error', async () => {
    const text = 'on '.padEnd(10_000, 'x');
    const { status, id } = await slack.command(text);
    expect(status).toBe(200);
    const shown = allText(await slack.reply(id));
    expect(shown).toContain('too long');
    expect(shown.length).toBeLessThan(2_000);
    const health = await fetch(`http://127.0.0.1:${slack.bot.port}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ adapters: { slack: { mode: 'http', command: '/dateline' } } });
  });

  it.each(['zxqv blorft', 'theme nonsense', 'on 2023-02-30', 'latest lots', 'fact'])(
    'answers "%s" with what the core says, never silence',
    async (text) => {
      const { status, id } = await slack.command(text);
      expect(status).toBe(200);
      const expected = await slack.bot.dateline.ask(text, { now: now() });
      expect(['error', 'notice']).toContain(expected.kind);
      expect(allText(await slack.reply(id))).toContain(escapeText(expected.title));
    },
  );

  it('tells whoever runs another slash command of the app which one it answers', async () => {
    const response = await postSigned(
      slack.eventsUrl,
      formBody({
        ...fixture<Record<string, string>>('slash-command.json'),
        command: '/briefing',
        response_url: slack.fake.responseUrl('other'),
      }),
      { secret: SIGNING_SECRET },
    );
    expect(response.status).toBe(200);
    expect(JSON.parse(response.text)).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringContaining('SLACK_COMMAND=/briefing'),
    });
  });

  it('never writes the bot token or the signing secret to the logs', () => {
    const logs = slack.logs().join('\n');
    expect(logs).toContain('slack: refused a request');
    expect(logs).not.toContain(BOT_TOKEN);
    expect(logs).not.toContain(SIGNING_SECRET);
  });
});
