// Bolt listeners: the slash command (read once into a typed request; ack at once, answer
// ephemerally through response_url, or open the subscription form for `subscribe` alone; turned
// away at its ack while too many answers are owed), Dateline's buttons (one listener per entry of
// the registry in actions.ts, each running the signed command its button carries: Share posts the
// answer in the message's own channel, attributed, once per click; "Quote & source" answers the
// clicking person alone with an item's quotes and sources; "More" answers them alone with a cut
// list's next page), the form and Home tab listeners
// of interactions.ts, and with OAuth the end of an install (app_uninstalled, tokens_revoked).
import type {
  App,
  BlockAction,
  Middleware,
  ButtonAction,
  Context,
  RespondArguments,
  SlackActionMiddlewareArgs,
  SlackCommandMiddlewareArgs,
  SlackEventMiddlewareArgs,
  ViewSubmitAction,
  webApi,
} from '@slack/bolt';
import type { Logger } from 'pino';
import {
  isLookup,
  metrics,
  type ChannelRef,
  type Command,
  type Dateline,
  type Installations,
  type PostFailure,
  type ReplayCache,
} from '../../src/index.ts';
import { actionNamed, type ActionName } from './actions.ts';
import type { Answers } from './answers.ts';
import {
  formSubmissionListener,
  homeOpenedListener,
  homePreviewListener,
  homeStopListener,
  openFormListener,
  openSubscriptionForm,
  zoneOptionsListener,
  type ButtonListener,
  type InteractionDeps,
} from './interactions.ts';
import { workspaceOf } from './installations.ts';
import { renderBlockKit, renderQuoteAndSource } from './render.ts';
import { classifySlackError } from './classify-error.ts';
import { decodeSlackText, escapeText } from './mrkdwn.ts';
import type { ResponseUrl } from './response-url.ts';
import { moreValues, quoteValues, type CommandSigner, type SignedCommand } from './signed-command.ts';
import { shareExpired } from './share-age.ts';
import { FORM_CALLBACK_ID, ZONE_ACTION_ID } from './views.ts';

/** A click is remembered this long: longer than its response_url (30 minutes) stays usable. */
const SHARE_CLICK_TTL_MS = 60 * 60 * 1000;

export interface ListenerDeps {
  dateline: Dateline;
  /** The slash command, e.g. /dateline. */
  command: string;
  logger: Logger;
  clock: () => Date;
  /** Signs and opens the commands Dateline's buttons carry. */
  signer: CommandSigner;
  replays: ReplayCache;
  /** Where replies to a command or a click go (its response_url). */
  responseUrl: ResponseUrl;
}

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & { client: webApi.WebClient; context: Context };

/** The values of an answer's buttons in `channel`: Share (when the answer is shareable), "Set up digests", "More" and each item's "Quote & source". */
export function buttonValues(signer: CommandSigner, channel: string, share?: Omit<SignedCommand, 'channel'>) {
  const shareValue = share && signer.sign({ ...share, channel });
  const formValue = signer.sign({ command: { kind: 'subscription-form' }, channel });
  return {
    ...(shareValue ? { shareValue } : {}),
    ...(formValue ? { formValue } : {}),
    quoteValue: quoteValues(signer, channel),
    moreValue: moreValues(signer, channel),
  };
}

/**
 * The Events API listeners, by event type, given to Bolt as one listener that dispatches on the
 * type: Bolt runs every listener's middleware for every request, slash commands included, and
 * each listener cost a request about 8 µs of CPU (measured on Bolt alone, 20,000 commands).
 */
export class EventListeners {
  private readonly byType = new Map<string, Middleware<SlackEventMiddlewareArgs>>();

  on<Type extends string>(type: Type, listener: Middleware<SlackEventMiddlewareArgs<Type>>): void {
    this.byType.set(type, listener as unknown as Middleware<SlackEventMiddlewareArgs>);
  }

  /** Registers them with `app`, once every one is known. */
  register(app: App): void {
    if (this.byType.size === 0) return;
    const types = new RegExp(`^(${[...this.byType.keys()].join('|')})$`);
    app.event(types, async (args) => {
      await this.byType.get(args.event.type)?.(args);
    });
  }
}

/** Registers the listeners (the Home tab's event with `events`); commands' and shares' answers go through `answers`. */
export function registerListeners(app: App, events: EventListeners, deps: ListenerDeps, answers: Answers): void {
  // Bolt runs the middleware of every listener for every request: one listener per kind of request,
  // each dispatching on the command or the button itself. Measured on a bare Bolt app, nine
  // listeners cost a slash command ~100 µs more CPU than five.
  const ours = commandListener(deps, answers);
  const others = otherCommandListener(deps);
  app.command(/.*/, (args) => (args.command.command === deps.command ? ours(args) : others(args)));
  // The form and Home listeners call the Web API with Bolt's client for the request: it carries
  // the token of the workspace the request came from (with OAuth), or the one bot token.
  const perRequest =
    <Args, Rest extends unknown[]>(listener: (deps: InteractionDeps) => (args: Args, ...rest: Rest) => Promise<void>) =>
    (args: Args & { client: webApi.WebClient }, ...rest: Rest) =>
      listener({ ...deps, client: args.client })(args, ...rest);
  const buttons: Record<ActionName, ButtonListener> = {
    share: shareListener(deps, answers),
    quote: quoteListener(deps, answers),
    more: moreListener(deps, answers),
    openForm: perRequest(openFormListener),
    preview: perRequest(homePreviewListener),
    stop: perRequest(homeStopListener),
  };
  app.action<BlockAction<ButtonAction>>({ type: 'block_actions' }, async (args) => {
    const name = actionNamed(args.action.action_id);
    if (name) await buttons[name](args, deps.signer.open(args.action.value));
  });
  app.options(ZONE_ACTION_ID, zoneOptionsListener());
  app.view<ViewSubmitAction>(FORM_CALLBACK_ID, perRequest(formSubmissionListener));
  events.on('app_home_opened', perRequest(homeOpenedListener));
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
      metrics.acksTurnedAway.inc({ platform: 'slack' });
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
    // Read once: the typed request decides everything below, and a Share button carries it as it is.
    const request = deps.dateline.read(text, at);
    const workspace = workspaceOf(context);
    if (!workspace) {
      deps.logger.warn('slack: a command named no workspace');
      return;
    }
    // `subscribe` alone: the form, opened at once, while its trigger_id is good (3 s).
    if (request.kind === 'subscription-form') {
      const target = { team: workspace, channel: command.channel_id };
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
        const channel: ChannelRef = { platform: 'slack', workspace, channel: command.channel_id };
        const { briefing, shareable } = await deps.dateline.run(request, { now: at, channel });
        const share = shareable && request.kind !== 'invalid' ? { command: request, at } : undefined;
        // Slack shows an in-channel answer under the command that asked for it, so the channel sees who did it.
        const responseType = briefing.announce ? 'in_channel' : 'ephemeral';
        return {
          response_type: responseType,
          ...renderBlockKit(briefing, { command: deps.command, ...buttonValues(deps.signer, command.channel_id, share) }),
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

export function shareListener(deps: ListenerDeps, answers: Answers): ButtonListener {
  return async ({ ack, body, client, context }: ButtonArgs, signed: SignedCommand | undefined): Promise<void> => {
    await ack();
    // The message's own channel (its container): a payload naming another channel shares nowhere.
    const channelId = body.container.channel_id as string | undefined;
    const workspace = workspaceOf(context);
    const respond = (message: RespondArguments) => deps.responseUrl.send(body.response_url, message);
    const elsewhere = body.channel?.id !== undefined && body.channel.id !== channelId;
    if (signed?.at && shareExpired(signed.at, deps.clock())) {
      deps.logger.info({ channel: channelId, asked_at: signed.at.toISOString() }, 'slack share refused: the button is older than a day');
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: `This Share button has expired (a Share lasts a day): run ${deps.command} again, then share.`,
      });
      return;
    }
    if (!signed?.at || !isLookup(signed.command) || !channelId || !workspace || signed.channel !== channelId || elsewhere) {
      deps.logger.warn(
        { channel: channelId, signed: signed !== undefined, elsewhere },
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
    if (!(await deps.replays.firstSeen(`slack-share:${workspace}:${body.trigger_id}`, deps.clock(), SHARE_CLICK_TTL_MS))) {
      deps.logger.warn({ channel: channelId }, 'slack share refused: this click was already processed');
      return;
    }
    const channel: ChannelRef = { platform: 'slack', workspace, channel: channelId };
    const sharedBy = { userId: body.user.id, name: body.user.username ?? body.user.name };
    const { command, at } = signed;
    void answers.answer(
      async () => (await deps.dateline.run(command, { now: at, channel })).briefing,
      async (briefing) => {
        try {
          await client.chat.postMessage({
            channel: channelId,
            ...renderBlockKit(briefing, { command: deps.command, sharedBy, ...buttonValues(deps.signer, channelId) }),
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

/** Sends a reply to the clicking person alone, beside the message clicked (a click's response_url). */
function replyAlone(deps: ListenerDeps, responseUrl: string, what: string) {
  return (message: RespondArguments) =>
    deps.responseUrl
      .send(responseUrl, { response_type: 'ephemeral', replace_original: false, ...message })
      .catch((error: unknown) =>
        deps.logger.warn(
          { reason: error instanceof Error ? error.message : String(error) },
          `slack: could not send ${what} to its response_url`,
        ),
      );
}

/**
 * "Quote & source" under an item (of an answer, a shared answer or a digest): the signed
 * `fact <id>` it carries, answered to the clicking person alone, beside the message.
 */
export function quoteListener(deps: ListenerDeps, answers: Answers): ButtonListener {
  return async (args: ButtonArgs, signed: SignedCommand | undefined): Promise<void> => {
    await args.ack();
    const respond = replyAlone(deps, args.body.response_url, 'a quote');
    const isFact = (command: Command): command is Extract<Command, { kind: 'fact' }> => command.kind === 'fact';
    const click = await signedClick(deps, args, signed, isFact, 'quote', respond);
    if (!click) return;
    const { channel, command } = click;
    void answers.answer(async () => {
      const { briefing } = await deps.dateline.run(command, { now: deps.clock(), channel });
      const item = briefing.sections.flatMap((section) => section.items).find((found) => found.factId === command.id);
      // A fact no longer in the packs (or an installation that ended): the answer says so.
      return item?.provenance?.length ? renderQuoteAndSource(item) : renderBlockKit(briefing, { command: deps.command });
    }, respond);
  };
}

/**
 * "More" under a list cut short (an answer, a shared answer or a digest): the signed lookup for
 * the list's next page, answered to the clicking person alone, with the buttons a typed command's
 * answer has (its own "More" for the page after).
 */
export function moreListener(deps: ListenerDeps, answers: Answers): ButtonListener {
  return async (args: ButtonArgs, signed: SignedCommand | undefined): Promise<void> => {
    await args.ack();
    const respond = replyAlone(deps, args.body.response_url, 'a next page');
    const click = await signedClick(deps, args, signed, (command): command is Command => isLookup(command), 'more', respond);
    if (!click) return;
    const { channel, command } = click;
    const at = deps.clock();
    void answers.answer(async () => {
      const { briefing, shareable } = await deps.dateline.run(command, { now: at, channel });
      const share = shareable ? { command, at } : undefined;
      return renderBlockKit(briefing, { command: deps.command, ...buttonValues(deps.signer, channel.channel, share) });
    }, respond);
  };
}

/**
 * A click on a button this server signed for the channel it was clicked in, carrying a command
 * the button `accepts`: its channel and command. Otherwise the clicker is told the button no
 * longer works, and undefined is returned.
 */
async function signedClick<C extends Command>(
  deps: ListenerDeps,
  { body, context }: ButtonArgs,
  signed: SignedCommand | undefined,
  accepts: (command: Command) => command is C,
  button: string,
  respond: (message: RespondArguments) => Promise<unknown>,
): Promise<{ channel: ChannelRef; command: C } | undefined> {
  const channelId = body.container.channel_id as string | undefined;
  const workspace = workspaceOf(context);
  if (signed && accepts(signed.command) && channelId && workspace && signed.channel === channelId) {
    return { channel: { platform: 'slack', workspace, channel: channelId }, command: signed.command };
  }
  deps.logger.warn(
    { channel: channelId, signed: signed !== undefined },
    `slack ${button} refused: not a button this server made for this channel`,
  );
  await respond({ text: `This button no longer works: run ${escapeText(deps.command)} again.` });
  return undefined;
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

/** With OAuth: Slack's word that an install is over, reported to the core, which ends the installation (tokens deleted, digests stopped). */
export function registerLifecycleListeners(
  events: EventListeners,
  installations: Installations,
  deps: Pick<ListenerDeps, 'logger' | 'clock'>,
): void {
  const ended = (workspace: string, state: string, reason: string) =>
    deps.logger.info({ workspace, state }, `slack: ${reason}; installation ended`);
  events.on('app_uninstalled', async ({ context }) => {
    const workspace = workspaceOf(context);
    const reason = 'Dateline was uninstalled';
    if (workspace && (await installations.uninstalled('slack', workspace, reason, deps.clock()))) ended(workspace, 'uninstalled', reason);
  });
  events.on('tokens_revoked', async ({ event, context }) => {
    const workspace = workspaceOf(context);
    const reason = 'its bot token was revoked';
    if (!workspace || (event.tokens.bot ?? []).length === 0) return;
    if (await installations.revoked('slack', workspace, reason, deps.clock())) ended(workspace, 'revoked', reason);
  });
}
