// POST /slack/events against an attacker, over the real wire: a signed request replayed within
// its five minutes is refused; timestamps more than five minutes ahead are refused; bodies are
// cut at SLACK_BODY_MAX_BYTES before anything is buffered past it; a Share click posts once
// however often it is replayed, only a signed lookup, and only in the message's own channel; and
// slow response_urls cost only their own answers.
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandSigner } from '../../adapters/slack/signed-command.ts';
import { SLACK_BODY_MAX_BYTES } from '../../adapters/slack/signed-request.ts';
import { fixture, waitFor } from '../slack/support/fake-slack.ts';
import { formBody, nowSeconds, postSigned, signSlackRequest } from '../slack/support/signing.ts';
import { SIGNING_SECRET, startSlackBot, type SlackBot } from '../slack/support/slack-bot.ts';
import { rawRequest } from '../support/raw-http.ts';

const CHANNEL = 'C2147483705';
const RESPONSE_TIMEOUT_MS = 1_000;
const signer = commandSigner(SIGNING_SECRET);

let slack: SlackBot;
beforeAll(async () => {
  slack = await startSlackBot({}, { timeoutMs: RESPONSE_TIMEOUT_MS });
});
afterAll(async () => {
  await slack?.close();
});

const port = () => slack.bot.port;

/** The form body of a slash command answering on response_url `id`. */
const commandBody = (text: string, id: string) =>
  formBody({ ...fixture<Record<string, string>>('slash-command.json'), text, response_url: slack.fake.responseUrl(id) });

/** Once a later command has been answered, any reply to `id` would have arrived. */
async function settle(): Promise<void> {
  const later = await slack.command('themes');
  await slack.reply(later.id);
}

describe('signed requests', () => {
  it('answers a signed request once: the same request replayed within five minutes gets 409 and no reply', async () => {
    const body = commandBody('today', 'replayed');
    const timestamp = nowSeconds();
    const signature = signSlackRequest(SIGNING_SECRET, timestamp, body);
    const statuses = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await postSigned(slack.eventsUrl, body, { secret: SIGNING_SECRET, timestamp, signature })).status);
    expect(statuses).toEqual([200, 409, 409]);
    await slack.reply('replayed');
    await settle();
    expect(slack.fake.responses('replayed')).toHaveLength(1);
  });

  it.each([
    ['six minutes ahead', 6 * 60],
    ['a year ahead', 365 * 24 * 3600],
  ])('refuses a timestamp %s, even correctly signed', async (_name, ahead) => {
    const response = await postSigned(slack.eventsUrl, commandBody('today', `future-${ahead}`), {
      secret: SIGNING_SECRET,
      timestamp: nowSeconds() + ahead,
    });
    expect(response.status).toBe(401);
    await settle();
    expect(slack.fake.responses(`future-${ahead}`)).toEqual([]);
  });

  it('accepts a clock up to five minutes ahead, as Slack allows', async () => {
    expect(
      (await postSigned(slack.eventsUrl, commandBody('today', 'ahead-4'), { secret: SIGNING_SECRET, timestamp: nowSeconds() + 4 * 60 }))
        .status,
    ).toBe(200);
    await slack.reply('ahead-4');
  });

  it(`refuses a body declared over ${SLACK_BODY_MAX_BYTES} bytes at once, without reading it`, async () => {
    // 250 unsigned requests declaring Bolt's old 4 MB, each stalled after 100 KB: each is answered 413 without waiting.
    const started = performance.now();
    const answers = await Promise.all(
      Array.from({ length: 250 }, () =>
        rawRequest(
          port(),
          `POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 4194304\r\n\r\n${'a'.repeat(100_000)}`,
          true,
        ),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(250).fill(413));
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it(`stops reading a chunked body at ${SLACK_BODY_MAX_BYTES} bytes`, async () => {
    const size = SLACK_BODY_MAX_BYTES + 1024;
    const chunked = `POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n${size.toString(16)}\r\n${'a'.repeat(size)}\r\n`;
    expect((await rawRequest(port(), chunked, true)).status).toBe(413);
  });
});

type Payload = Record<string, unknown> & { actions: Record<string, unknown>[] };

/** A block_actions click on `value`, in `container` (and `channel`), answering on response_url `id`. */
function click(
  value: string,
  id: string,
  { container = CHANNEL, channel = container }: { container?: string; channel?: string } = {},
): Payload {
  const payload = fixture<Payload>('block-actions-share.json');
  return {
    ...payload,
    channel: { id: channel, name: 'test' },
    container: { ...(payload.container as object), channel_id: container },
    response_url: slack.fake.responseUrl(id),
    trigger_id: `13345224609.738474920.${id}`,
    actions: [{ ...payload.actions[0], value }],
  };
}

const posts = () => slack.fake.api('chat.postMessage').length;
/** The signed command a Share button carries for `text`, read as the listener reads it. */
const signedValue = (text: string, channel = CHANNEL) => {
  const at = new Date();
  const command = slack.bot.dateline.read(text, at);
  if (command.kind === 'invalid') throw new Error(`${text} is not a command`);
  return signer.sign({ command, at, channel })!;
};
const lookupValue = signedValue;

describe('Share in channel', () => {
  it('posts once when the very same signed click is replayed five times', async () => {
    const before = posts();
    const body = formBody({ payload: JSON.stringify(click(lookupValue('search lunit'), 'replay-exact')) });
    const timestamp = nowSeconds();
    const signature = signSlackRequest(SIGNING_SECRET, timestamp, body);
    const statuses = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await postSigned(slack.eventsUrl, body, { secret: SIGNING_SECRET, timestamp, signature })).status);
    expect(statuses).toEqual([200, 409, 409, 409, 409]);
    await waitFor(() => (posts() > before ? true : undefined), 'the shared post');
    await settle();
    expect(posts() - before).toBe(1);
  });

  it('posts once when one click arrives five times, each freshly signed', async () => {
    const before = posts();
    const payload = click(lookupValue('latest 3'), 'replay-resigned');
    // One clock reading: read each time, a second passing between two clicks gave two the same timestamp, and so the same signature.
    const now = nowSeconds();
    for (let i = 0; i < 5; i++) expect((await slack.action(payload, { timestamp: now - i })).status).toBe(200);
    await waitFor(() => (posts() > before ? true : undefined), 'the shared post');
    await settle();
    expect(posts() - before).toBe(1);
  });

  it('offers and accepts only lookups: a value that would subscribe or unsubscribe does nothing', async () => {
    // The answers that change a channel carry no Share button.
    for (const text of ['subscribe daily', 'unsubscribe all']) {
      const { id } = await slack.command(text);
      expect(JSON.stringify((await slack.reply(id)).blocks)).not.toContain('dateline_share');
    }
    const signed = JSON.parse(lookupValue('search lunit')) as Record<string, unknown>;
    const values = [
      JSON.stringify({ command: { kind: 'subscribe', cadence: 'daily', quiet: false }, at: new Date().toISOString(), channel: CHANNEL }),
      JSON.stringify({ ...signed, command: { kind: 'unsubscribe', which: 'all' } }),
      JSON.stringify({ ...signed, sig: 'A'.repeat(43) }),
      // Signed by this server, but not a lookup: a Share never runs it.
      signedValue('subscribe daily'),
    ];
    const before = posts();
    for (const [index, value] of values.entries()) {
      await slack.action(click(value, `forged-${index}`));
      expect((await slack.reply(`forged-${index}`)).text).toContain('no longer works');
    }
    expect(posts()).toBe(before);
    expect(await slack.bot.store.subscriptionsOf({ platform: 'slack', workspace: 'T0001', channel: CHANNEL })).toEqual([]);
  });

  it("posts only to the message's own channel", async () => {
    const before = posts();
    // The payload names another channel than the message's container.
    await slack.action(click(lookupValue('today'), 'elsewhere-body', { container: CHANNEL, channel: 'C0OTHER' }));
    // The value was signed for another channel than the one it is clicked in.
    await slack.action(click(lookupValue('today', 'C0OTHER'), 'elsewhere-value'));
    for (const id of ['elsewhere-body', 'elsewhere-value']) expect((await slack.reply(id)).text).toContain('no longer works');
    expect(posts()).toBe(before);

    await slack.action(click(lookupValue('today'), 'own-channel'));
    const post = await waitFor(() => slack.fake.api('chat.postMessage')[before], 'the shared post');
    expect(post.body.channel).toBe(CHANNEL);
  });
});

describe('slow response_urls', () => {
  let tarpit: Server;
  const held: ServerResponse[] = [];
  let closed = 0;
  beforeAll(async () => {
    // A response_url that takes each answer and never replies.
    tarpit = createServer((req, res) => {
      held.push(res);
      req.socket.on('close', () => closed++);
      req.resume();
    });
    await new Promise<void>((resolve) => tarpit.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    tarpit.closeAllConnections();
    await new Promise((resolve) => tarpit.close(resolve));
  });

  it('hold up no other answer, and each is abandoned after the timeout', async () => {
    const slowUrl = `http://127.0.0.1:${(tarpit.address() as AddressInfo).port}/response`;
    for (let i = 0; i < 8; i++) {
      expect((await slack.command('today', { fields: { response_url: `${slowUrl}/${i}` } })).status).toBe(200);
    }
    await waitFor(() => (held.length === 8 ? true : undefined), 'the 8 slow answers to be sent');
    const started = performance.now();
    const quick = await Promise.all(Array.from({ length: 20 }, () => slack.command('search lunit')));
    await Promise.all(quick.map(({ id }) => slack.reply(id)));
    expect(performance.now() - started).toBeLessThan(RESPONSE_TIMEOUT_MS);
    await waitFor(() => (closed === 8 ? true : undefined), 'the slow answers to be abandoned', RESPONSE_TIMEOUT_MS * 4);
    expect(slack.logs().filter((line) => line.includes('could not send an answer to its response_url'))).toHaveLength(8);
  });
});
