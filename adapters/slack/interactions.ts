// The listeners behind Dateline's forms and Home tab: opening the subscription modal (from
// `/dateline subscribe`, a "Set up digests" button or a Home "Change"), the zone lookup
// (block_suggestion), the modal's submission, and App Home (app_home_opened, Preview, Stop).
// inbound.ts registers them.
import type {
  BlockAction,
  ButtonAction,
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
import { digestButtonValue, homeView } from './home.ts';
import { renderBlockKit } from './render.ts';
import { formTarget, formValues, messageModal, subscriptionModal, zoneOptions, type FormTarget } from './views.ts';

export interface InteractionDeps {
  dateline: Dateline;
  command: string;
  client: webApi.WebClient;
  logger: Logger;
  clock: () => Date;
}

/** A channel id as Slack writes one (public, private, DM). */
const CHANNEL_ID = /^[CGD][A-Z0-9]{2,}$/;
/** users.conversations pages read for the Home tab: 1,000 channels at most. */
const CHANNEL_PAGES_MAX = 5;

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>>;

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
  const form = await deps.dateline.subscriptionForm(channel, await userZone(deps, user));
  await deps.client.views.open({ trigger_id: triggerId, view: subscriptionModal(form, target) });
}

/** "Set up digests" under an answer (the message's channel) or "Change" on the Home tab (the channel it names). */
export function openFormListener(deps: InteractionDeps) {
  return async ({ ack, body, action }: ButtonArgs): Promise<void> => {
    await ack();
    const channel = action.value === 'channel' ? body.container.channel_id : action.value;
    const team = body.team?.id ?? body.user.team_id;
    if (typeof channel !== 'string' || !CHANNEL_ID.test(channel) || !team) {
      deps.logger.warn({ channel }, 'slack: a form button named no channel');
      return;
    }
    const home = body.view?.type === 'home';
    await openSubscriptionForm(deps, body.trigger_id, body.user.id, { team, channel, ...(home ? { home } : {}) }).catch((error: unknown) =>
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
  return async ({ ack, body, view }: SlackViewMiddlewareArgs<ViewSubmitAction>): Promise<void> => {
    const target = formTarget(view.private_metadata);
    if (!target || target.team !== body.team?.id) {
      await ack({
        response_action: 'update',
        view: messageModal('Set up digests', [plainSection(`This form has expired: type ${deps.command} subscribe again.`)]),
      });
      return;
    }
    const channel: ChannelRef = { platform: 'slack', workspace: target.team, channel: target.channel };
    const submitted = await deps.dateline.submitSubscriptionForm(formValues(view.state.values), channel, deps.clock());
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
    deps.dateline.ask('today', { now, zone }),
    deps.dateline.digestsOf(channels, now),
    deps.dateline.ask('help', { now }),
  ]);
  const view = homeView({ today, zone, digests, help, command: deps.command, ...(channelsUnavailable ? { channelsUnavailable } : {}) });
  await deps.client.views.publish({ user_id: user, view });
}

export function homeOpenedListener(deps: InteractionDeps) {
  return async ({ event, body }: SlackEventMiddlewareArgs<'app_home_opened'>): Promise<void> => {
    if (event.tab !== 'home') return;
    const team = (body as { team_id?: string }).team_id;
    if (!team) return;
    await publishHome(deps, team, event.user).catch((error: unknown) =>
      deps.logger.warn({ reason: classifySlackError(error).reason }, 'slack: could not publish the Home tab'),
    );
  };
}

/** The digest a Home button names, and its channel in the clicking user's workspace; undefined when the click is not one of ours. */
function homeButtonTarget(body: ButtonArgs['body'], action: ButtonArgs['action']) {
  const digest = digestButtonValue(action.value);
  const team = body.team?.id ?? body.user.team_id;
  if (!digest || !team) return undefined;
  const channel: ChannelRef = { platform: 'slack', workspace: team, channel: digest.channel };
  return { digest, channel, team };
}

/** Home's Preview: the digest now, in a modal, as the channel would get it. */
export function homePreviewListener(deps: InteractionDeps) {
  return async ({ ack, body, action }: ButtonArgs): Promise<void> => {
    await ack();
    const target = homeButtonTarget(body, action);
    if (!target) return;
    const { digest, channel } = target;
    const subscription = (await deps.dateline.digestsOf([channel], deps.clock())).find(
      (status) => status.subscription.cadence === digest.cadence,
    )?.subscription;
    const theme = subscription?.themeId ? ` theme ${subscription.themeId}` : '';
    const briefing = await deps.dateline.ask(`preview ${digest.cadence}${theme}`, { now: deps.clock(), channel });
    await deps.client.views
      .open({ trigger_id: body.trigger_id, view: messageModal('Preview', renderBlockKit(briefing, { command: deps.command }).blocks) })
      .catch((error: unknown) => deps.logger.warn({ reason: classifySlackError(error).reason }, 'slack: could not open a preview'));
  };
}

/** Home's Stop: unsubscribes that digest, says so in its channel, and refreshes the Home tab. */
export function homeStopListener(deps: InteractionDeps) {
  return async ({ ack, body, action }: ButtonArgs): Promise<void> => {
    await ack();
    const target = homeButtonTarget(body, action);
    if (!target) return;
    const { digest, channel, team } = target;
    const briefing = await deps.dateline.ask(`unsubscribe ${digest.cadence}`, { now: deps.clock(), channel });
    if (briefing.announce) await announce(deps, channel, briefing, body.user.id);
    await publishHome(deps, team, body.user.id).catch((error: unknown) =>
      deps.logger.warn({ reason: classifySlackError(error).reason }, 'slack: could not publish the Home tab'),
    );
  };
}

function plainSection(text: string) {
  return { type: 'section' as const, text: { type: 'plain_text' as const, text } };
}
