// Dateline asked in Slack's conversations, through signed Events API requests to the running bot
// and a fake Slack Web API: an @mention answered in a thread (once, however Slack delivers it),
// follow-ups in that thread without a mention, other channel messages ignored, direct messages
// (a DM subscription delivered to the DM), and the assistant pane (prompts, status, title, answer).
// Every reply passes Block Kit's limits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUGGESTED_PROMPTS } from '../../adapters/slack/conversation.ts';
import { blockKitProblems } from './support/block-kit-limits.ts';
import { fixture, type Recorded, waitFor } from './support/fake-slack.ts';
import { nowSeconds } from './support/signing.ts';
import { allText, startSlackBot, type SlackBot } from './support/slack-bot.ts';

type Json = Record<string, unknown>;

let slack: SlackBot;
beforeAll(async () => {
  slack = await startSlackBot();
});
afterAll(async () => {
  await slack?.close();
});

let events = 0;
/** A fixture's event with fields changed, under a fresh event_id. */
function eventBody(name: string, event: Json): Json {
  const body = fixture(name);
  return { ...body, event_id: `Ev${String(++events).padStart(10, '0')}`, event: { ...(body.event as Json), ...event } };
}

/** Sends an event and checks that Slack gets its 200 at once. */
async function send(body: Json, headers?: Record<string, string>, timestamp?: number): Promise<void> {
  const response = await slack.event(body, { ...(headers ? { headers } : {}), ...(timestamp ? { timestamp } : {}) });
  expect(response.status, response.text).toBe(200);
}

const posts = (channel: string) => slack.fake.api('chat.postMessage').filter((call) => call.body.channel === channel);

/** Waits for the nth post (1-based) to a channel, then a little longer, so that a post too many would be seen. */
async function nthPost(channel: string, n: number): Promise<Recorded> {
  const post = await waitFor(() => posts(channel)[n - 1], `post ${n} to ${channel}`);
  await new Promise((resolve) => setTimeout(resolve, 150));
  return post;
}

function expectWithinBlockKit(post: Recorded): void {
  expect(blockKitProblems({ blocks: post.body.blocks as Json[] })).toEqual([]);
  expect(String(post.body.text).length).toBeLessThanOrEqual(3000);
}

describe('an @mention in a channel', () => {
  const channel = 'C2147483705';
  const ts = '1717225400.000100';

  it('is answered once, in a thread under it, though Slack sends it as app_mention and message and retries it', async () => {
    const mention = eventBody('event-app-mention.json', { channel, ts, event_ts: ts });
    const sent = nowSeconds();
    await send(mention, undefined, sent);
    // The same message as a message event; then Slack's retries of the mention, one signed anew and one with the
    // first delivery's very signature (a plain replay of which is refused with 409; a retry gets its 200).
    await send(eventBody('event-message-channel.json', { channel, ts, event_ts: ts }));
    await send(mention, { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' }, sent + 1);
    await send(mention, { 'x-slack-retry-num': '2', 'x-slack-retry-reason': 'http_timeout' }, sent);
    const post = await nthPost(channel, 1);
    expect(posts(channel)).toHaveLength(1);
    expect(post.body.thread_ts).toBe(ts);
    expect(allText(post.body)).toMatch(/Lunit/);
    expectWithinBlockKit(post);
  });

  it('takes follow-ups in its thread without a mention, and ignores other messages of the channel', async () => {
    const before = posts(channel).length;
    // Not for Dateline: a message at the top of the channel, one in a thread it never answered, its own reply, an edit.
    await send(eventBody('event-message-channel.json', { channel, ts: '1717225401.000100', text: 'lunch?' }));
    // Twice in that thread: looking a thread up must not make it one Dateline answered.
    for (const [ts, text] of [
      ['1717225402.000100', 'today'],
      ['1717225402.000200', 'week'],
    ] as const) {
      await send(eventBody('event-message-channel.json', { channel, ts, thread_ts: '1717220000.000100', text }));
    }
    await send(
      eventBody('event-message-channel.json', { channel, ts: '1717225403.000100', thread_ts: ts, bot_id: 'B0001', text: 'today' }),
    );
    await send(eventBody('event-message-channel.json', { channel, ts: '1717225404.000100', thread_ts: ts, subtype: 'message_changed' }));
    await send(
      eventBody('event-message-channel.json', { channel, ts: '1717225405.000100', thread_ts: ts, text: 'what happened in June 2023?' }),
    );
    const post = await nthPost(channel, before + 1);
    expect(posts(channel)).toHaveLength(before + 1);
    expect(post.body.thread_ts).toBe(ts);
    expect(allText(post.body)).toMatch(/June 2023/);
    expectWithinBlockKit(post);
  });
});

describe('a direct message', () => {
  const channel = 'D0000000001';

  it('is answered in the DM, not in a thread', async () => {
    await send(eventBody('event-message-im.json', { channel, ts: '1717225500.000100', text: 'theme imaging' }));
    const post = await nthPost(channel, 1);
    expect(post.body.thread_ts).toBeUndefined();
    expect(allText(post.body)).toMatch(/imaging/i);
    expectWithinBlockKit(post);
  });

  it('sets up personal digests with `subscribe`, delivered to the DM', async () => {
    const before = posts(channel).length;
    await send(eventBody('event-message-im.json', { channel, ts: '1717225501.000100', text: 'subscribe daily 09:00 Asia/Seoul' }));
    const reply = await nthPost(channel, before + 1);
    expect(allText(reply.body)).toMatch(/daily digest/);
    expectWithinBlockKit(reply);
    const [subscription] = await slack.bot.store.subscriptionsOf({ platform: 'slack', workspace: 'T0001', channel });
    expect(subscription?.cadence).toBe('daily');

    // 09:00 in Seoul is 00:00 UTC; the next one is always tomorrow's.
    const now = new Date();
    const due = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1, 0, 1));
    expect((await slack.bot.scheduler.runPass(due)).delivered).toBe(1);
    const digest = await nthPost(channel, before + 2);
    expect(digest.body.metadata).toEqual({
      event_type: 'dateline_digest',
      event_payload: { key: expect.stringContaining(subscription!.id) },
    });
    expectWithinBlockKit(digest);
  });

  it('offers the form button for `subscribe` alone (a message brings no trigger to open it with)', async () => {
    const before = posts(channel).length;
    await send(eventBody('event-message-im.json', { channel, ts: '1717225502.000100', text: 'subscribe' }));
    const post = await nthPost(channel, before + 1);
    const actions = (post.body.blocks as Json[]).filter((block) => block.type === 'actions');
    expect(JSON.stringify(actions)).toContain('dateline_open_form');
  });
});

describe('the assistant pane', () => {
  const channel = 'D0000000002';
  const thread = '1717225600.000100';
  const assistantCalls = () => slack.fake.calls.filter((call) => call.path.startsWith('/api/assistant.threads.'));

  it('sets the suggested prompts when a thread starts', async () => {
    await send(
      eventBody('event-assistant-thread-started.json', {
        assistant_thread: { user_id: 'U2147483697', channel_id: channel, thread_ts: thread, context: { channel_id: 'C2147483705' } },
      }),
    );
    const [call] = await waitFor(() => {
      const found = slack.fake.api('assistant.threads.setSuggestedPrompts');
      return found.length > 0 ? found : undefined;
    }, 'suggested prompts');
    expect(call!.body.channel_id).toBe(channel);
    expect(call!.body.thread_ts).toBe(thread);
    expect(JSON.parse(String(call!.body.prompts))).toEqual(SUGGESTED_PROMPTS);
  });

  it('answers in the thread: status while answering, the title from the first question, then the status cleared', async () => {
    const before = assistantCalls().length;
    const question = 'What happened in June 2023?';
    await send(eventBody('event-message-im.json', { channel, ts: '1717225601.000100', thread_ts: thread, text: question }));
    const answer = await nthPost(channel, 1);
    expect(answer.body.thread_ts).toBe(thread);
    expect(allText(answer.body)).toMatch(/June 2023/);
    expectWithinBlockKit(answer);
    await waitFor(() => (assistantCalls().length >= before + 3 ? true : undefined), 'the status cleared');
    const calls = slack.fake.calls;
    const made = assistantCalls()
      .slice(before)
      .map((call) => [
        call.path.slice('/api/assistant.threads.'.length),
        call.body.status ?? call.body.title,
        calls.indexOf(call) > calls.indexOf(answer),
      ]);
    expect(made).toEqual([
      ['setStatus', 'is looking that up…', false],
      ['setTitle', question, false],
      ['setStatus', '', true],
    ]);
  });

  it('titles a thread only once, and answers even where the plan has no assistant pane', async () => {
    const off = slack.fake.on('assistant.threads.setStatus', () => ({ body: { ok: false, error: 'feature_not_enabled' } }));
    try {
      await send(eventBody('event-message-im.json', { channel, ts: '1717225602.000100', thread_ts: thread, text: 'search lunit' }));
      const answer = await nthPost(channel, 2);
      expect(allText(answer.body)).toMatch(/Lunit/);
      expect(slack.fake.api('assistant.threads.setTitle')).toHaveLength(1);
    } finally {
      off();
    }
  });
});
