// An org-wide (Enterprise Grid) install, through the wire: installed over OAuth for the org, every
// surface names the request's workspace the one way (the org's enterprise id, as the installation
// is keyed): a slash command subscribes, `subscriptions` lists it, the form opens and saves under
// the org, the Home tab lists and stops the org's digests, a Share posts with the org's token, the
// scheduler posts the digest with it, and app_uninstalled ends the org's installation, after
// which nothing more is posted.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, waitFor, type FakeReply, type Recorded } from './support/fake-slack.ts';
import { installAnswer } from './support/oauth.ts';
import { nowSeconds } from './support/signing.ts';
import { allText, startSlackBot, type SlackBot } from './support/slack-bot.ts';

const ORG = 'E0000ORG1';
/** The workspace of the org that the person clicks and types in. */
const WORKSPACE = 'T0000WS01';
const CHANNEL = 'C0000ORG1';
const ORG_TOKEN = 'xoxb-org-wide-not-a-real-token';
const STATE_COOKIE = 'slack-app-oauth-state';
const ENV = {
  SLACK_BOT_TOKEN: '',
  SLACK_CLIENT_ID: '1111.2222',
  SLACK_CLIENT_SECRET: 'oauth0test0client0secret',
  SLACK_STATE_SECRET: 'oauth0test0state0secret',
  DATELINE_SECRET_KEY: 'test-only-key-0123456789-abcdefghijklmnop',
};

type Json = Record<string, unknown>;
let slack: SlackBot;

function standIn(fake: SlackBot['fake']): void {
  fake.on('oauth.v2.access', () => ({ body: { ...installAnswer({ botUser: 'U0000BOTO', enterprise: ORG }), access_token: ORG_TOKEN } }));
  fake.on('auth.test', () => ({ body: { ok: true, bot_id: 'B0000DATE', url: 'https://org.enterprise.slack.com/' } }));
  fake.on('users.info', () => ({ body: { ok: true, user: { id: 'U2147483697', tz: 'Asia/Seoul' } } }));
  fake.on('users.conversations', () => ({ body: { ok: true, channels: [{ id: CHANNEL }], response_metadata: { next_cursor: '' } } }));
  const withOrgToken =
    (reply: (body: Json, call: number) => Json) =>
    (body: Json, call: number, headers: Record<string, unknown>): FakeReply =>
      headers.authorization === `Bearer ${ORG_TOKEN}` ? { body: reply(body, call) } : { body: { ok: false, error: 'invalid_auth' } };
  fake.on(
    'chat.postMessage',
    withOrgToken((body, call) => ({ ok: true, channel: body.channel, ts: `1717225300.${String(call).padStart(6, '0')}` })),
  );
  fake.on(
    'views.open',
    withOrgToken(() => ({ ok: true, view: { id: 'V0000000009' } })),
  );
  fake.on(
    'views.publish',
    withOrgToken(() => ({ ok: true, view: { id: 'V0000000010' } })),
  );
}

/** The fields Slack adds to every request from a workspace of an org-wide install. */
const commandFields = { team_id: WORKSPACE, enterprise_id: ORG, is_enterprise_install: 'true', channel_id: CHANNEL };
const interaction = (payload: Json): Json => ({
  ...payload,
  user: { id: 'U2147483697', username: 'steve', name: 'steve', team_id: WORKSPACE },
  team: null,
  enterprise: { id: ORG, name: 'Org' },
  is_enterprise_install: true,
});
const event = (body: Json): Json => ({
  ...body,
  team_id: WORKSPACE,
  enterprise_id: ORG,
  event_id: `Ev${randomUUID().replace(/-/g, '').slice(0, 12).toUpperCase()}`,
  event_time: nowSeconds(),
  authorizations: [{ enterprise_id: ORG, team_id: null, user_id: 'U0000BOTO', is_bot: true, is_enterprise_install: true }],
});
const orgChannel = { platform: 'slack' as const, workspace: ORG, channel: CHANNEL };
const viewOf = (call: Recorded) =>
  (typeof call.body.view === 'string' ? JSON.parse(call.body.view) : call.body.view) as Json & { blocks: Json[] };
const buttons = (blocks: Json[]) =>
  blocks.flatMap((block) => (block.elements as Json[] | undefined) ?? []).filter((element) => element.type === 'button');

/** 09:00 in Seoul (00:00 UTC) `days` days from now, a minute late. */
function dueIn(days: number): Date {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + days, 0, 1));
}

beforeAll(async () => {
  slack = await startSlackBot(ENV, { prepare: standIn });
  const base = `http://127.0.0.1:${slack.bot.port}`;
  const page = await fetch(`${base}/slack/install`);
  const state = new RegExp(`${STATE_COOKIE}=([^;]+)`).exec(page.headers.get('set-cookie') ?? '')?.[1] ?? '';
  const installed = await fetch(`${base}/slack/oauth_redirect?code=code-org&state=${encodeURIComponent(state)}`, {
    headers: { cookie: `${STATE_COOKIE}=${state}` },
  });
  expect(installed.status).toBe(200);
});
afterAll(async () => {
  await slack?.close();
});

describe('an org-wide install: every surface names the workspace as the installation does', () => {
  it('is keyed by the org, and a slash command subscribes the channel under it', async () => {
    expect(await slack.bot.store.findInstallation('slack', ORG)).toMatchObject({ state: 'active', enterpriseId: ORG });
    const { id } = await slack.command('subscribe daily 09:00 Asia/Seoul', { fields: commandFields });
    expect((await slack.reply(id)).response_type).toBe('in_channel');
    expect(await slack.bot.store.subscriptionsOf(orgChannel)).toHaveLength(1);
    const listed = await slack.command('subscriptions', { fields: commandFields });
    expect(allText(await slack.reply(listed.id))).toContain('Every day at 09:00 (Asia/Seoul)');
  });

  it('opens the form for the org and saves what it submits under the org', async () => {
    const opens = slack.fake.api('views.open').length;
    await slack.command('subscribe', { fields: { ...commandFields, trigger_id: 'trigger-org-form' } });
    const form = viewOf(await waitFor(() => slack.fake.api('views.open')[opens], 'views.open'));
    expect(JSON.parse(String(form.private_metadata))).toMatchObject({ team: ORG });
    const submission = fixture<Json & { view: Json & { state: { values: Json } } }>('view-submission-subscribe.json');
    const weekly = { cadence: { cadence: { type: 'static_select', selected_option: { value: 'weekly' } } } };
    const { status } = await slack.action(
      interaction({
        ...submission,
        view: {
          ...submission.view,
          private_metadata: form.private_metadata,
          state: { values: { ...submission.view.state.values, ...weekly } },
        },
      }),
    );
    expect(status).toBe(200);
    const saved = await slack.bot.store.subscriptionsOf(orgChannel);
    expect(saved.map((subscription) => subscription.cadence)).toEqual(['daily', 'weekly']);
  });

  it("lists the org's digests on the Home tab, and its Stop stops the org's", async () => {
    const publishes = slack.fake.api('views.publish').length;
    expect((await slack.event(event(fixture('event-app-home-opened.json')))).status).toBe(200);
    const home = viewOf(await waitFor(() => slack.fake.api('views.publish')[publishes], 'views.publish'));
    const text = allText({ blocks: home.blocks });
    expect(text).toContain(`*<#${CHANNEL}>*, daily: Every day at 09:00 (Asia/Seoul)`);
    const stop = buttons(home.blocks).find((button) => button.action_id === 'dateline_home_stop');
    const { response_url: _url, channel: _channel, ...click } = fixture<Json>('block-actions-share.json');
    await slack.action(
      interaction({
        ...click,
        container: { type: 'view', view_id: 'V0000000010' },
        view: { id: 'V0000000010', type: 'home' },
        actions: [{ type: 'button', block_id: 'h', action_ts: '1', ...stop }],
      }),
    );
    await waitFor(() => slack.fake.api('views.publish')[publishes + 1], 'Home published again');
    expect((await slack.bot.store.subscriptionsOf(orgChannel)).map((subscription) => subscription.cadence)).toEqual(['weekly']);
  });

  it('shares an answer with the org’s token', async () => {
    const { id } = await slack.command('search lunit', { fields: commandFields });
    const reply = await slack.reply(id);
    const share = buttons(reply.blocks as Json[]).find((button) => button.action_id === 'dateline_share');
    const posts = slack.fake.api('chat.postMessage').length;
    const responseId = randomUUID();
    await slack.action(
      interaction({
        ...fixture<Json>('block-actions-share.json'),
        channel: { id: CHANNEL, name: 'org' },
        container: { type: 'message', message_ts: '1717225200.000200', channel_id: CHANNEL, is_ephemeral: true },
        response_url: slack.fake.responseUrl(responseId),
        trigger_id: `13345224609.738474920.${responseId}`,
        actions: [{ type: 'button', block_id: 'b', action_ts: '1', ...share }],
      }),
    );
    const post = await waitFor(() => slack.fake.api('chat.postMessage')[posts], 'the shared post');
    expect(post.headers.authorization).toBe(`Bearer ${ORG_TOKEN}`);
    expect(await slack.reply(responseId)).toEqual({ delete_original: true });
  });

  it('posts the digest with the org’s token, and nothing once app_uninstalled ends the org’s installation', async () => {
    await slack.command('subscribe daily 09:00 Asia/Seoul', { fields: commandFields });
    await waitFor(async () => ((await slack.bot.store.subscriptionsOf(orgChannel)).length === 2 ? true : undefined), 'the daily again');
    const posts = slack.fake.api('chat.postMessage').length;
    expect((await slack.bot.scheduler.runPass(dueIn(1))).delivered).toBe(1);
    expect(slack.fake.api('chat.postMessage')[posts]).toMatchObject({
      body: { channel: CHANNEL },
      headers: { authorization: `Bearer ${ORG_TOKEN}` },
    });
    expect(slack.logs().join('\n')).not.toContain('install ended: delivery skipped');

    expect((await slack.event(event({ type: 'event_callback', event: { type: 'app_uninstalled', event_ts: '1' } }))).status).toBe(200);
    await waitFor(
      async () => ((await slack.bot.store.findInstallation('slack', ORG))?.state === 'uninstalled' ? true : undefined),
      'the end',
    );
    const after = slack.fake.api('chat.postMessage').length;
    expect((await slack.bot.scheduler.runPass(dueIn(2))).delivered).toBe(0);
    expect(slack.fake.api('chat.postMessage')).toHaveLength(after);
  });
});
