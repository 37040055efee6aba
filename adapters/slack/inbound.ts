// Bolt listeners: the slash command (ack at once, answer ephemerally through response_url, or
// open the subscription form for `subscribe` alone; turned away at its ack while too many answers
// are owed), the "Share in channel" button (post the same briefing in the message's own channel,
// attributed, once per click), the "More" button of a list cut short (the rest, ephemerally, as
// for the command it carries), the form and Home tab listeners of interactions.ts, and with OAuth
// the end of an install (app_uninstalled, tokens_revoked).
import type {
  App,
  BlockAction,
  ButtonAction,
  Context,
  RespondArguments,
  SlackActionMiddlewareArgs,
  SlackCommandMiddlewareArgs,
  ViewSubmitAction,
  webApi,
} from '@slack/bolt';
import type { Logger } from 'pino';
import {
  isFormRequest,
  isLookup,
  type ChannelRef,
  type Dateline,
  type Installations,
  type InstallationState,
  type PostFailure,
  type ReplayCache,
} from '../../src/index.ts';
import type { Answers } from './answers.ts';
import { HOME_PREVIEW_ACTION_ID, HOME_STOP_ACTION_ID } from './home.ts';
import {
  formSubmissionListener,
  homeOpenedListener,
  homePreviewListener,
  homeStopListener,
  openFormListener,
  openSubscriptionForm,
  zoneOptionsListener,
  type InteractionDeps,
} from './interactions.ts';
import { MORE_ACTION_ID, renderBlockKit } from './render.ts';
import { classifySlackError } from './classify-error.ts';
import { decodeSlackText, escapeText } from './mrkdwn.ts';
import type { ResponseUrl } from './response-url.ts';
import { SHARE_ACTION_ID, type ShareSigner } from './share.ts';
import { FORM_CALLBACK_ID, OPEN_FORM_ACTION_ID, ZONE_ACTION_ID } from './views.ts';

/** A click is remembered this long: longer than its response_url (30 minutes) stays usable. */
const SHARE_CLICK_TTL_MS = 60 * 60 * 1000;

export interface ListenerDeps {
  dateline: Dateline;
  /** The slash command, e.g. /dateline. */
  command: string;
  logger: Logger;
  clock: () => Date;
  share: ShareSigner;
  replays: ReplayCache;
  /** Where replies to a command or a click go (its response_url). */
  responseUrl: ResponseUrl;
  /** With OAuth: the installation a request belongs to (installationKey), which subscriptions hang off. */
  installationOf?: (context: Context) => string | undefined;
}

type ShareArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>>;

/** Registers the listeners; commands' and shares' answers go through `answers`. */
export function registerListeners(app: App, deps: ListenerDeps, answers: Answers): void {
  // Bolt runs the middleware of every listener for every request: one listener per kind of request,
  // each dispatching on the command or the button itself. Measured on a bare Bolt app, nine
  // listeners cost a slash command ~100 µs more CPU than five.
  const ours = commandListener(deps, answers);
  const others = otherCommandListener(deps);
  app.command(/.*/, (args) => (args.command.command === deps.command ? ours(args) : others(args)));
  // The form and Home listeners call the Web API with Bolt's client for the request: it carries
  // the token of the workspace the request came from (with OAuth), or the one bot token.
  const perRequest =
    <Args>(listener: (deps: InteractionDeps) => (args: Args) => Promise<void>) =>
    (args: Args & { client: webApi.WebClient }) =>
      listener({ ...deps, client: args.client })(args);
  const buttons = new Map([
    [SHARE_ACTION_ID, shareListener(deps, answers)],
    [MORE_ACTION_ID, moreListener(deps, answers)],
    [OPEN_FORM_ACTION_ID, perRequest(openFormListener)],
    [HOME_PREVIEW_ACTION_ID, perRequest(homePreviewListener)],
    [HOME_STOP_ACTION_ID, perRequest(homeStopListener)],
  ]);
  app.action<BlockAction<ButtonAction>>({ type: 'block_actions' }, async (args) => buttons.get(args.action.action_id)?.(args));
  app.options(ZONE_ACTION_ID, zoneOptionsListener());
  app.view<ViewSubmitAction>(FORM_CALLBACK_ID, perRequest(formSubmissionListener));
  app.event('app_home_opened', perRequest(homeOpenedListener));
  app.error(async (error) => {
    deps.logger.error({ err: error }, 'slack listener failed');
  });
}

/** The ack of a command turned away because too many answers are owed. */
export const busyReply = (command: string) =>
  ({ response_type: 'ephemeral', text: `Dateline is busy right now: try ${escapeText(command)} again in a minute.` }) as const;

export function commandListener(deps: ListenerDeps, answers: Answers) {
  /** Commands turned away since answers were last accepted (logged when the flood starts and ends, not each). */
  let turnedAway = 0;
  return async ({
    command,
    ack,
    context,
    client,
  }: SlackCommandMiddlewareArgs & { context: Context; client: webApi.WebClient }): Promise<void> => {
    if (!answers.accepts()) {
      if (turnedAway++ === 0) deps.logger.warn('slack: too many answers owed; turning commands away until some are sent');
      await ack(busyReply(deps.command));
      return;
    }
    if (turnedAway > 0) {
      deps.logger.warn({ turned_away: turnedAway }, 'slack: answering commands again');
      turnedAway = 0;
    }
    await ack();
    const text = decodeSlackText(command.text ?? '');
    const at = deps.clock();
    // `subscribe` alone: the form, opened at once, while its trigger_id is good (3 s).
    if (isFormRequest(text, at)) {
      const target = { team: command.team_id, channel: command.channel_id };
      await openSubscriptionForm({ ...deps, client }, command.trigger_id, command.user_id, target).catch(async (error: unknown) => {
        const failure = classifySlackError(error);
        deps.logger.warn({ reason: failure.reason }, 'slack: could not open the subscription form');
        await deps.responseUrl.send(command.response_url, {
          response_type: 'ephemeral',
          text: `The form did not open (${escapeText(failure.reason)}): type ${escapeText(deps.command)} subscribe daily 09:00 instead, or try again.`,
        });
      });
      return;
    }
    // Not awaited: Bolt's request is done with once acked (see Answers.answer).
    void answers.answer(
      async () => {
        const channel: ChannelRef = {
          platform: 'slack',
          workspace: deps.installationOf?.(context) ?? command.team_id,
          channel: command.channel_id,
        };
        const briefing = await deps.dateline.ask(text, { now: at, channel });
        const shareValue = briefing.kind === 'briefing' ? deps.share.encode({ text, at, channel: command.channel_id }) : undefined;
        // Slack shows an in-channel answer under the command that asked for it, so the channel sees who did it.
        const responseType = briefing.announce ? 'in_channel' : 'ephemeral';
        return {
          response_type: responseType,
          ...renderBlockKit(briefing, { command: deps.command, ...(shareValue ? { shareValue } : {}) }),
        } as const;
      },
      // A response_url that does not answer in time (or at all) costs that answer only.
      (message) =>
        deps.responseUrl
          .send(command.response_url, message)
          .catch((error: unknown) =>
            deps.logger.warn(
              { reason: error instanceof Error ? error.message : String(error) },
              'slack: could not send an answer to its response_url',
            ),
          ),
    );
  };
}

/** Answers at once (Slack would otherwise show "dispatch_failed") and says what to fix. */
export function otherCommandListener(deps: ListenerDeps) {
  return async ({ command, ack }: SlackCommandMiddlewareArgs): Promise<void> => {
    deps.logger.warn({ command: command.command, expected: deps.command }, 'slack sent a slash command other than SLACK_COMMAND');
    await ack({
      response_type: 'ephemeral',
      text: `This Dateline answers ${escapeText(deps.command)}. To answer ${escapeText(command.command)} instead, set SLACK_COMMAND=${escapeText(command.command)} and restart it.`,
    });
  };
}

export function shareListener(deps: ListenerDeps, answers: Answers) {
  return async ({ ack, body, action, client, context }: ShareArgs & { client: App['client']; context: Context }): Promise<void> => {
    await ack();
    // The message's own channel (its container): a payload naming another channel shares nowhere.
    const channelId = body.container.channel_id as string | undefined;
    const teamId = deps.installationOf?.(context) ?? body.team?.id ?? body.user.team_id;
    const request = deps.share.decode(action.value);
    const respond = (message: RespondArguments) => deps.responseUrl.send(body.response_url, message);
    const elsewhere = body.channel?.id !== undefined && body.channel.id !== channelId;
    if (!request || !channelId || !teamId || request.channel !== channelId || elsewhere) {
      deps.logger.warn(
        { channel: channelId, signed: request !== undefined, elsewhere },
        'slack share refused: not a button this server made for this channel',
      );
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: `This button no longer works: run ${deps.command} again, then share.`,
      });
      return;
    }
    // Each click once: a replayed or twice-delivered click posts nothing more, on any instance.
    if (!(await deps.replays.firstSeen(`slack-share:${teamId}:${body.trigger_id}`, deps.clock(), SHARE_CLICK_TTL_MS))) {
      deps.logger.warn({ channel: channelId }, 'slack share refused: this click was already processed');
      return;
    }
    const channel: ChannelRef = { platform: 'slack', workspace: teamId, channel: channelId };
    const sharedBy = { userId: body.user.id, name: body.user.username ?? body.user.name };
    void answers.answer(
      () => deps.dateline.ask(request.text, { now: request.at, channel }),
      async (briefing) => {
        try {
          await client.chat.postMessage({
            channel: channelId,
            ...renderBlockKit(briefing, { command: deps.command, sharedBy }),
            unfurl_links: false,
            unfurl_media: false,
          });
        } catch (error) {
          const failure = classifySlackError(error);
          deps.logger.warn({ channel: channelId, kind: failure.kind, reason: failure.reason }, 'slack share failed');
          await respond({ response_type: 'ephemeral', replace_original: false, text: shareFailureText(failure) });
          return;
        }
        await respond({ delete_original: true });
      },
    );
  };
}

/** "More" under a cut list: its command (a lookup only, as anyone could type it) answered to the clicker alone. */
export function moreListener(deps: ListenerDeps, answers: Answers) {
  return async ({ ack, body, action, context }: ShareArgs & { context: Context }): Promise<void> => {
    await ack();
    const at = deps.clock();
    const channelId = body.container.channel_id as string | undefined;
    const teamId = deps.installationOf?.(context) ?? body.team?.id ?? body.user.team_id;
    if (!isLookup(action.value ?? '', at)) return;
    const channel: ChannelRef | undefined = channelId && teamId ? { platform: 'slack', workspace: teamId, channel: channelId } : undefined;
    void answers.answer(
      async () => ({
        response_type: 'ephemeral',
        replace_original: false,
        ...renderBlockKit(await deps.dateline.ask(action.value ?? '', { now: at, ...(channel ? { channel } : {}) }), {
          command: deps.command,
        }),
      }),
      (message) =>
        deps.responseUrl
          .send(body.response_url, message as RespondArguments)
          .catch((error: unknown) =>
            deps.logger.warn(
              { reason: error instanceof Error ? error.message : String(error) },
              'slack: could not send the rest of a list',
            ),
          ),
    );
  };
}

function shareFailureText(failure: PostFailure): string {
  const reason = escapeText(failure.reason);
  switch (failure.kind) {
    case 'channel':
      return `I can't post in this channel (${reason}). Invite me with /invite, then share again.`;
    case 'install':
      return `Dateline's Slack install needs attention (${reason}): ask a workspace admin to reinstall the app.`;
    case 'uninstalled':
      return `Dateline is no longer installed in this workspace (${reason}): ask a workspace admin to install it again.`;
    case 'retry':
      return `Slack is busy (${reason}): try sharing again in a minute.`;
  }
}

/** With OAuth: Slack's word that an install is over ends its installation at once (tokens deleted, digests stopped). */
export function registerLifecycleListeners(
  app: App,
  installations: Installations,
  installationOf: (context: Context) => string | undefined,
  deps: Pick<ListenerDeps, 'logger' | 'clock'>,
): void {
  const end = async (context: Context, state: Exclude<InstallationState, 'active'>, reason: string) => {
    const workspace = installationOf(context);
    if (!workspace) return;
    if (await installations.end('slack', workspace, state, reason, deps.clock()))
      deps.logger.info({ workspace, state }, `slack: ${reason}; installation ended`);
  };
  app.event('app_uninstalled', ({ context }) => end(context, 'uninstalled', 'Dateline was uninstalled'));
  app.event('tokens_revoked', async ({ event, context }) => {
    if ((event.tokens.bot ?? []).length > 0) await end(context, 'revoked', 'its bot token was revoked');
  });
}
