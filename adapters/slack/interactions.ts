// The listeners behind Dateline's forms and Home tab: opening the subscription modal (from
// `/dateline subscribe`, a "Set up digests" button or a Home "Change"), the zone lookup
// (block_suggestion), the modal's submission, and App Home (app_home_opened, Preview, Stop). Each
// button runs the signed command it carries; every request's workspace is named by workspaceOf.
// inbound.ts registers them.
import type {
  BlockAction,
  ButtonAction,
  Context,
  SlackActionMiddlewareArgs,
  SlackEventMiddlewareArgs,
  SlackOptionsMiddlewareArgs,
  SlackViewMiddlewareArgs,
  ViewSubmitAction,
  webApi,
} from '@slack/bolt';
import type { Logger } from 'pino';
import { searchZones, type Briefing, type ChannelRef, type Dateline } from '../../src/index.ts';
import { classifySlackError } from './classify-error.ts';
import { homeView } from './home.ts';
import { workspaceOf } from './installations.ts';
import { renderBlockKit } from './render.ts';
import type { CommandSigner, SignedCommand } from './signed-command.ts';
import { formTarget, formValues, messageModal, subscriptionModal, zoneOptions, type FormTarget } from './views.ts';

export interface InteractionDeps {
  dateline: Dateline;
  command: string;
  client: webApi.WebClient;
  logger: Logger;
  clock: () => Date;
  signer: CommandSigner;
}

/** A channel id as Slack writes one (public, private, DM). */
const CHANNEL_ID = /^[CGD][A-Z0-9]{2,}$/;
/** users.conversations pages read for the Home tab: 1,000 channels at most. */
const CHANNEL_PAGES_MAX = 5;

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & { context: Context };

/** A button's listener: the click, and the signed command its value carries (undefined when it is not one this server signed). */
export type ButtonListener = (args: ButtonArgs & { client: webApi.WebClient }, signed: SignedCommand | undefined) => Promise<void>;

/** The person's own Slack zone (users.info), if Slack tells it. */
async function userZone(deps: InteractionDeps, user: string): Promise<string | undefined> {
  try {
    const info = await deps.client.users.info({ user });
    return info.user?.tz;
  } catch (error) {
    deps.logger.warn({ reason: classifySlackError(error).reason }, 'slack: could not read a user’s time zone');
    return undefined;
  }
}

/** Opens the subscription modal for a channel: its current digest, else the person's zone, preselected. */
export async function openSubscriptionForm(deps: InteractionDeps, triggerId: string, user: string, target: FormTarget): Promise<void> {
  const channel: ChannelRef = { platform: 'slack', workspace: target.team, channel: target.channel };
  const form = await deps.dateline.formFor(channel, await userZone(deps, user));
  await deps.client.views.open({ trigger_id: triggerId, view: subscriptionModal(form, target) });
}

/** "Set up digests" under an answer or "Change" on the Home tab: the form for the channel its command names. */
export function openFormListener(deps: InteractionDeps) {
  return async ({ ack, body, context }: ButtonArgs, signed: SignedCommand | undefined): Promise<void> => {
    await ack();
    const team = workspaceOf(context);
    if (signed?.command.kind !== 'subscription-form' || !CHANNEL_ID.test(signed.channel) || !team) {
      deps.logger.warn('slack: a form button carried no form command this server signed');
      return;
    }
    const home = body.view?.type === 'home';
    const target = { team, channel: signed.channel, ...(home ? { home } : {}) };
    await openSubscriptionForm(deps, body.trigger_id, body.user.id, target).catch((error: unknown) =>
      deps.logger.warn({ reason: classifySlackError(error).reason }, 'slack: could not open the subscription form'),
    );
  };
}

/** The zone select's lookup: every IANA zone whose name holds what was typed, at most 100. */
export function zoneOptionsListener() {
  return async ({ ack, payload }: SlackOptionsMiddlewareArgs<'block_suggestion'>): Promise<void> => {
    await ack(zoneOptions(searchZones(payload.value)));
  };
}

/** A submitted modal: field errors beside their fields, or the desk's confirmation in the modal and in the channel. */
export function formSubmissionListener(deps: InteractionDeps) {
  return async ({ ack, body, view, context }: SlackViewMiddlewareArgs<ViewSubmitAction> & { context: Context }): Promise<void> => {
    const target = formTarget(view.private_metadata);
    if (!target || target.team !== workspaceOf(context)) {
      await ack({
        response_action: 'update',
        view: messageModal('Set up digests', [plainSection(`This form has expired: type ${deps.command} subscribe again.`)]),
      });
      return;
    }
    const channel: ChannelRef = { platform: 'slack', workspace: target.team, channel: target.channel };
    const submitted = await deps.dateline.submitForm(formValues(view.state.values), channel, deps.clock());
    if (!submitted.ok) {
      // Block ids are the form's field ids, so each message shows under its own field.
      await ack({ response_action: 'errors', errors: submitted.errors as Record<string, string> });
      return;
    }
    await ack({
      response_action: 'update',
      view: messageModal('Set up digests', renderBlockKit(submitted.briefing, { command: deps.command }).blocks),
    });
    await announce(deps, channel, submitted.briefing, body.user.id);
    if (target.home) await publishHome(deps, target.team, body.user.id);
  };
}

/** Posts a change to a channel's digests there, for everyone, saying who made it. */
async function announce(deps: InteractionDeps, channel: ChannelRef, briefing: Briefing, user: string): Promise<void> {
  try {
    await deps.client.chat.postMessage({
      channel: channel.channel,
      ...renderBlockKit(briefing, { command: deps.command, changedBy: user }),
      unfurl_links: false,
    });
  } catch (error) {
    const failure = classifySlackError(error);
    deps.logger.warn(
      { channel: channel.channel, kind: failure.kind, reason: failure.reason },
      'slack: could not announce a digest change in its channel',
    );
  }
}

/** The channels the person is in that the bot can see, by users.conversations (a page of 200 at a time). */
async function channelsOf(deps: InteractionDeps, team: string, user: string): Promise<ChannelRef[]> {
  const channels: ChannelRef[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < CHANNEL_PAGES_MAX; page++) {
    const reply = await deps.client.users.conversations({
      user,
      types: 'public_channel,private_channel',
      exclude_archived: true,
      limit: 200,
      ...(cursor ? { cursor } : {}),
    });
    for (const found of reply.channels ?? []) if (found.id) channels.push({ platform: 'slack', workspace: team, channel: found.id });
    cursor = reply.response_metadata?.next_cursor || undefined;
    if (!cursor) break;
  }
  return channels;
}

/** Builds and publishes a person's Home tab. */
async function publishHome(deps: InteractionDeps, team: string, user: string): Promise<void> {
  const now = deps.clock();
  const zone = (await userZone(deps, user)) ?? deps.dateline.defaultZone;
  let channelsUnavailable: string | undefined;
  const channels = await channelsOf(deps, team, user).catch((error: unknown) => {
    const reason = classifySlackError(error).reason;
    deps.logger.warn({ reason }, 'slack: could not list a user’s channels for the Home tab');
    channelsUnavailable = `Your channels could not be listed (${reason}). Type ${deps.command} subscriptions in a channel to see its digests.`;
    return [];
  });
  const [today, digests, help] = await Promise.all([
    deps.dateline.run({ kind: 'today' }, { now, zone }),
    deps.dateline.digestsOf(channels, now),
    deps.dateline.run({ kind: 'help' }, { now }),
  ]);
  const view = homeView({
    today: today.briefing,
    zone,
    digests,
    help: help.briefing,
    command: deps.command,
    signer: deps.signer,
    ...(channelsUnavailable ? { channelsUnavailable } : {}),
  });
  await deps.client.views.publish({ user_id: user, view });
}

export function homeOpenedListener(deps: InteractionDeps) {
  return async ({ event, context }: SlackEventMiddlewareArgs<'app_home_opened'> & { context: Context }): Promise<void> => {
    if (event.tab !== 'home') return;
    const team = workspaceOf(context);
    if (!team) return;
    await publishHome(deps, team, event.user).catch((error: unknown) =>
      deps.logger.warn({ reason: classifySlackError(error).reason }, 'slack: could not publish the Home tab'),
    );
  };
}

/** The channel a Home button's signed command is for, in the clicking person's workspace; undefined when the click is not one of ours for `kind`. */
function homeButtonTarget(context: Context, signed: SignedCommand | undefined, kind: 'preview' | 'unsubscribe') {
  const team = workspaceOf(context);
  if (signed?.command.kind !== kind || !team) return undefined;
  const channel: ChannelRef = { platform: 'slack', workspace: team, channel: signed.channel };
  return { command: signed.command, channel, team };
}

/** Home's Preview: the digest now, in a modal, as the channel would get it. */
export function homePreviewListener(deps: InteractionDeps) {
  return async ({ ack, body, context }: ButtonArgs, signed: SignedCommand | undefined): Promise<void> => {
    await ack();
    const target = homeButtonTarget(context, signed, 'preview');
    if (!target) return;
    const { briefing } = await deps.dateline.run(target.command, { now: deps.clock(), channel: target.channel });
    await deps.client.views
      .open({ trigger_id: body.trigger_id, view: messageModal('Preview', renderBlockKit(briefing, { command: deps.command }).blocks) })
      .catch((error: unknown) => deps.logger.warn({ reason: classifySlackError(error).reason }, 'slack: could not open a preview'));
  };
}

/** Home's Stop: unsubscribes that digest, says so in its channel, and refreshes the Home tab. */
export function homeStopListener(deps: InteractionDeps) {
  return async ({ ack, body, context }: ButtonArgs, signed: SignedCommand | undefined): Promise<void> => {
    await ack();
    const target = homeButtonTarget(context, signed, 'unsubscribe');
    if (!target) return;
    const { briefing } = await deps.dateline.run(target.command, { now: deps.clock(), channel: target.channel });
    if (briefing.announce) await announce(deps, target.channel, briefing, body.user.id);
    await publishHome(deps, target.team, body.user.id).catch((error: unknown) =>
      deps.logger.warn({ reason: classifySlackError(error).reason }, 'slack: could not publish the Home tab'),
    );
  };
}

function plainSection(text: string) {
  return { type: 'section' as const, text: { type: 'plain_text' as const, text } };
}
