// End to end over signed HTTP: the subscription modal and the App Home tab. `/dateline subscribe`
// alone opens the modal (captured views.open, zone preselected from users.info); a view_submission
// subscribes the channel and announces it there, or returns errors beside the fields; the zone
// select is served by block_suggestion; app_home_opened publishes the Home tab; its buttons
// preview, change and stop a digest. Every view is held to Block Kit's limits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockKitProblems } from './support/block-kit-limits.ts';
import { fixture, waitFor, type Recorded } from './support/fake-slack.ts';
import { commandSigner } from '../../adapters/slack/signed-command.ts';
import { allText, SIGNING_SECRET, startSlackBot, type SlackBot } from './support/slack-bot.ts';

type Json = Record<string, unknown>;
type View = { type: string; callback_id?: string; private_metadata?: string; blocks: Json[]; title?: Json; submit?: Json };

const CHANNEL = 'C2147483705';
const signer = commandSigner(SIGNING_SECRET);
let slack: SlackBot;
beforeAll(async () => {
  slack = await startSlackBot();
  slack.fake.on('users.info', () => ({ body: { ok: true, user: { id: 'U2147483697', tz: 'Europe/Paris' } } }));
  slack.fake.on('users.conversations', () => ({
    body: { ok: true, channels: [{ id: CHANNEL }, { id: 'C0000000OTHER' }], response_metadata: { next_cursor: '' } },
  }));
});
afterAll(async () => {
  await slack?.close();
});

const block = (view: View, id: string) => view.blocks.find((candidate) => candidate.block_id === id) as { element: Json } | undefined;

/** Sends `/dateline <text>` and returns the view it opened. */
async function commandOpening(text: string, triggerId: string): Promise<View> {
  const before = slack.fake.api('views.open').length;
  const { status } = await slack.command(text, { fields: { trigger_id: triggerId } });
  expect(status).toBe(200);
  const call = await waitFor(() => slack.fake.api('views.open')[before], 'views.open');
  expect(call.body.trigger_id).toBe(triggerId);
  return (typeof call.body.view === 'string' ? JSON.parse(call.body.view) : call.body.view) as View;
}

function submission(values: Record<string, Record<string, Json>>, metadata?: string): Json {
  const payload = fixture('view-submission-subscribe.json') as Json & { view: Json & { state: { values: Json } } };
  return {
    ...payload,
    view: {
      ...payload.view,
      ...(metadata ? { private_metadata: metadata } : {}),
      state: { values: { ...payload.view.state.values, ...values } },
    },
  };
}

const viewOf = (call: Recorded) => (typeof call.body.view === 'string' ? JSON.parse(call.body.view) : call.body.view) as View;

describe('the subscription modal', () => {
  it('opens from `/dateline subscribe` with the trigger_id, every field of the form, and the person’s Slack zone preselected', async () => {
    const view = await commandOpening('subscribe', 'trigger-open-1');
    expect(view).toMatchObject({
      type: 'modal',
      callback_id: 'dateline_subscribe',
      title: { text: 'Set up digests' },
      submit: { text: 'Subscribe' },
    });
    expect(JSON.parse(view.private_metadata ?? '')).toEqual({ team: 'T0001', channel: CHANNEL });
    expect(view.blocks.filter((candidate) => candidate.type === 'input').map((input) => input.block_id)).toEqual([
      'cadence',
      'time',
      'zone',
      'days',
      'chosenDays',
      'quiet',
      'weekday',
      'theme',
    ]);
    expect(block(view, 'time')?.element).toMatchObject({ type: 'timepicker', initial_time: '09:00' });
    expect(block(view, 'zone')?.element).toMatchObject({
      type: 'external_select',
      action_id: 'zone',
      initial_option: { value: 'Europe/Paris' },
    });
    expect(slack.fake.api('users.info').at(-1)?.body.user).toBe('U2147483697');
    expect(blockKitProblems(view)).toEqual([]);
  });

  it('serves every IANA zone to the zone select by what is typed (block_suggestion)', async () => {
    const { status, text } = await slack.action(fixture('block-suggestion-zone.json'));
    expect(status).toBe(200);
    expect(JSON.parse(text)).toEqual({ options: [{ text: { type: 'plain_text', text: 'America/New_York' }, value: 'America/New_York' }] });
    const many = JSON.parse((await slack.action({ ...fixture('block-suggestion-zone.json'), value: 'america' })).text) as {
      options: unknown[];
    };
    expect(many.options).toHaveLength(100);
  });

  it('a submission with a bad time returns the error beside the field and subscribes nothing', async () => {
    const { status, text } = await slack.action(submission({ time: { time: { type: 'timepicker', selected_time: '24:30' } } }));
    expect(status).toBe(200);
    expect(JSON.parse(text)).toEqual({
      response_action: 'errors',
      errors: { time: '24:30 is not a time: use HH:MM on a 24-hour clock, from 00:00 to 23:59.' },
    });
    const { id } = await slack.command('subscriptions');
    expect(allText(await slack.reply(id))).toContain('This channel has no digests yet.');
  });

  it('a submission whose form was not made for this workspace subscribes nothing and says to start again', async () => {
    const { status, text } = await slack.action(submission({}, JSON.stringify({ team: 'T9999', channel: CHANNEL })));
    expect(status).toBe(200);
    expect(JSON.parse(text)).toMatchObject({
      response_action: 'update',
      view: { blocks: [{ text: { text: 'This form has expired: type /dateline subscribe again.' } }] },
    });
  });

  it('a good submission subscribes the channel, shows the confirmation, and announces it in the channel as the typed command would', async () => {
    const before = slack.fake.api('chat.postMessage').length;
    const { status, text } = await slack.action(submission({}));
    expect(status).toBe(200);
    const ack = JSON.parse(text) as { response_action: string; view: View };
    expect(ack.response_action).toBe('update');
    expect(blockKitProblems(ack.view)).toEqual([]);
    const confirmation = 'Every Monday, Wednesday and Friday at 08:30 (America/New_York).';
    expect(JSON.stringify(ack.view.blocks)).toContain(confirmation);
    const post = await waitFor(() => slack.fake.api('chat.postMessage')[before], 'the announcement');
    expect(post.body.channel).toBe(CHANNEL);
    const announced = allText(post.body);
    expect(announced).toContain('Subscribed this channel to the daily digest');
    expect(announced).toContain(confirmation);
    expect(announced).toContain('Changed by <@U2147483697>');

    // The typed command now finds the same digest, and the form opens on it.
    const { id } = await slack.command('subscriptions');
    expect(allText(await slack.reply(id))).toContain('Every Monday, Wednesday and Friday at 08:30 (America/New_York)');
    const view = await commandOpening('subscribe', 'trigger-open-2');
    expect(block(view, 'zone')?.element).toMatchObject({ initial_option: { value: 'America/New_York' } });
    expect(block(view, 'chosenDays')?.element).toMatchObject({ initial_options: [{ value: 'mon' }, { value: 'wed' }, { value: 'fri' }] });
  });

  it('"Set up digests" under `subscriptions` opens the form for that message’s channel', async () => {
    const { id } = await slack.command('subscriptions');
    const reply = await slack.reply(id);
    const button = (reply.blocks as { elements?: Json[] }[])
      .flatMap((candidate) => candidate.elements ?? [])
      .find((element) => element.action_id === 'dateline_open_form');
    expect(button).toMatchObject({ text: { text: 'Set up digests' } });
    const click = fixture('block-actions-share.json') as Json;
    const before = slack.fake.api('views.open').length;
    const { status } = await slack.action({
      ...click,
      trigger_id: 'trigger-button-1',
      actions: [{ ...button, type: 'button', block_id: 'b1', action_ts: '1' }],
    });
    expect(status).toBe(200);
    const call = await waitFor(() => slack.fake.api('views.open')[before], 'views.open');
    expect(call.body.trigger_id).toBe('trigger-button-1');
    expect(JSON.parse(viewOf(call).private_metadata ?? '')).toEqual({ team: 'T0001', channel: CHANNEL });
  });
});

describe('App Home', () => {
  async function openHome(): Promise<View> {
    const before = slack.fake.api('views.publish').length;
    const { status } = await slack.event(fixture('event-app-home-opened.json'));
    expect(status).toBe(200);
    const call = await waitFor(() => slack.fake.api('views.publish')[before], 'views.publish');
    expect(call.body.user_id).toBe('U2147483697');
    const view = viewOf(call);
    expect(view.type).toBe('home');
    expect(blockKitProblems(view)).toEqual([]);
    return view;
  }

  it('shows today in the person’s zone, the digests of their channels with buttons, and the commands', async () => {
    await slack.command('subscribe weekly fri 18:00 Asia/Seoul theme imaging');
    const view = await openHome();
    const text = allText({ blocks: view.blocks });
    expect(text).toContain('Today in Europe/Paris');
    expect(text).toContain(`*<#${CHANNEL}>*, daily: Every Monday, Wednesday and Friday at 08:30 (America/New_York)`);
    expect(text).toMatch(/\*<#C2147483705>\*, weekly: Every Friday at 18:00 \(Asia\/Seoul\), theme: [^\n]+\nNext: Fri/);
    expect(text).toContain('Commands');
    const buttons = view.blocks
      .flatMap((candidate) => (candidate.elements as Json[] | undefined) ?? [])
      .filter((element) => element.type === 'button');
    // Each button carries the signed command it runs, for its channel.
    const commands = buttons.map((button) => ({ action: button.action_id, ...signer.open(button.value as string) }));
    const theme = (await slack.bot.store.subscriptionsOf({ platform: 'slack', workspace: 'T0001', channel: CHANNEL }))[1]?.themeId;
    expect(commands).toEqual([
      { action: 'dateline_home_preview', channel: CHANNEL, command: { kind: 'preview', cadence: 'daily' } },
      { action: 'dateline_open_form', channel: CHANNEL, command: { kind: 'subscription-form' } },
      { action: 'dateline_home_stop', channel: CHANNEL, command: { kind: 'unsubscribe', which: 'daily' } },
      { action: 'dateline_home_preview', channel: CHANNEL, command: { kind: 'preview', cadence: 'weekly', themeId: theme } },
      { action: 'dateline_open_form', channel: CHANNEL, command: { kind: 'subscription-form' } },
      { action: 'dateline_home_stop', channel: CHANNEL, command: { kind: 'unsubscribe', which: 'weekly' } },
    ]);
  });

  it('Stop unsubscribes that digest, says so in the channel, and publishes Home again', async () => {
    const homeClick = (action: Json): Json => {
      const { response_url: _url, channel: _channel, ...click } = fixture('block-actions-share.json') as Json;
      return {
        ...click,
        container: { type: 'view', view_id: 'V0000000002' },
        view: { id: 'V0000000002', type: 'home' },
        trigger_id: 'trigger-home',
        actions: [{ type: 'button', block_id: 'h', action_ts: '1', ...action }],
      };
    };
    const posts = slack.fake.api('chat.postMessage').length;
    const publishes = slack.fake.api('views.publish').length;
    const { status } = await slack.action(
      homeClick({
        action_id: 'dateline_home_stop',
        value: signer.sign({ command: { kind: 'unsubscribe', which: 'weekly' }, channel: CHANNEL }),
      }),
    );
    expect(status).toBe(200);
    const post = await waitFor(() => slack.fake.api('chat.postMessage')[posts], 'the announcement');
    expect(allText(post.body)).toContain('Unsubscribed this channel from the weekly digest.');
    const view = viewOf(await waitFor(() => slack.fake.api('views.publish')[publishes], 'views.publish'));
    expect(allText({ blocks: view.blocks })).not.toContain('weekly: Every Friday');

    const opens = slack.fake.api('views.open').length;
    await slack.action(
      homeClick({
        action_id: 'dateline_home_preview',
        value: signer.sign({ command: { kind: 'preview', cadence: 'daily' }, channel: CHANNEL }),
      }),
    );
    const preview = viewOf(await waitFor(() => slack.fake.api('views.open')[opens], 'the preview'));
    expect(preview).toMatchObject({ type: 'modal', title: { text: 'Preview' } });
    expect(blockKitProblems(preview)).toEqual([]);

    await slack.action(
      homeClick({ action_id: 'dateline_open_form', value: signer.sign({ command: { kind: 'subscription-form' }, channel: CHANNEL }) }),
    );
    const form = viewOf(await waitFor(() => slack.fake.api('views.open')[opens + 1], 'the form'));
    expect(JSON.parse(form.private_metadata ?? '')).toEqual({ team: 'T0001', channel: CHANNEL, home: true });
  });
});
