// One Bot Framework turn: answer messages addressed to Dateline with a card (the subscription
// form for `subscribe` alone), answer the invokes of that form (adaptiveCard/action, and the zone
// typeahead's application/search) and of the message extension (composeExtension/query and
// submitAction), and keep the stored conversation references in step with installs, removals and
// every message. Removed from a team, Dateline forgets all the team's conversations at once and
// pauses their digests; added back, it resumes them.
import { ActivityTypes, TurnContext, type Activity } from 'botbuilder';
import type { Logger } from 'pino';
import { isFormRequest, searchZones, type Briefing, type ConversationStore, type Dateline, type Installations } from '../../src/index.ts';
import { formCard, formValuesOf, SUBSCRIBE_VERB, ZONE_DATASET } from './form-card.ts';
import { answerMessageAction, answerQuery } from './message-extension.ts';
import { channelRefOf, includesBot, storedReferenceOf, teamOf } from './references.ts';
import { ADAPTIVE_CARD_CONTENT_TYPE, renderTeamsActivity } from './render.ts';

export interface TurnDependencies {
  dateline: Dateline;
  conversations: ConversationStore;
  installations: Installations;
  logger: Logger;
  now: () => Date;
}

/** Why a team's digests are paused while Dateline is not in it: shown in `subscriptions`, and what re-adding resumes. */
export const REMOVED_FROM_TEAM = 'Dateline was removed from this team: add it to the team again to resume.';

export const NO_TEXT_INTRO =
  'I read text only. Mention me with a command or a question, such as “@Dateline theme imaging” or “@Dateline what happened in June 2023?”.';

/** What a message asks for: a command-language text, nothing we can read, or nothing for us. */
type MessageRequest = { text: string } | 'no-text' | 'not-for-us';

/** Teams sends the HTML rendering of every message as a text/html attachment; only other attachments are files or cards. */
const hasFiles = (activity: Activity) => (activity.attachments ?? []).some((attachment) => attachment.contentType !== 'text/html');

const isGroup = (activity: Activity) =>
  activity.conversation.isGroup === true ||
  activity.conversation.conversationType === 'channel' ||
  activity.conversation.conversationType === 'groupChat';

/** Removes Dateline's own mention (its name may have spaces: the entity's text is exact) and any other <at> tags. */
function stripBotMention(activity: Activity, text: string): string {
  let rest = text;
  for (const mention of TurnContext.getMentions(activity)) {
    if (mention.mentioned?.id !== activity.recipient.id) continue;
    rest = rest.replace(mention.text || `<at>${mention.mentioned.name}</at>`, ' ');
  }
  return rest.replace(/<\/?at>/g, '').trim();
}

function readMessage(activity: Activity): MessageRequest {
  // A card submit is meant for Dateline wherever it happens: our buttons carry { command }.
  if (activity.value !== undefined && activity.value !== null) {
    const submitted = (activity.value as { command?: unknown }).command;
    return typeof submitted === 'string' ? { text: submitted } : 'no-text';
  }
  const mentioned = TurnContext.getMentions(activity).some((mention) => mention.mentioned?.id === activity.recipient.id);
  if (isGroup(activity) && !mentioned) return 'not-for-us';
  if (typeof activity.text !== 'string' || activity.text.trim() === '') return 'no-text';
  const text = stripBotMention(activity, activity.text);
  return text === '' && hasFiles(activity) ? 'no-text' : { text };
}

export function createTurnHandler(deps: TurnDependencies): (context: TurnContext) => Promise<void> {
  const { conversations, logger } = deps;

  const remember = async (activity: Activity) => {
    const channel = channelRefOf(activity);
    await conversations.saveConversation(channel, storedReferenceOf(activity), deps.now(), teamOf(activity));
    return channel;
  };
  /** Added to a team (or a chat): its installation is recorded, and a team's digests paused by a removal resume. */
  const added = async (activity: Activity, how: string) => {
    const channel = await remember(activity);
    const team = teamOf(activity);
    const now = deps.now();
    await deps.installations.install(
      {
        platform: 'teams',
        workspace: team ?? channel.channel,
        tenantId: channel.workspace,
        botUserId: activity.recipient.id,
        scopes: [],
        ...(activity.from?.aadObjectId ? { installedBy: activity.from.aadObjectId } : {}),
      },
      undefined,
      now,
    );
    const resumed = team ? await conversations.rejoinTeam('teams', team, REMOVED_FROM_TEAM, now) : [];
    // A team's channels are posted to through the same service as the one it was added in: their references are rebuilt from it.
    for (const other of resumed) {
      if (other.channel === channel.channel) continue;
      const reference = storedReferenceOf(activity);
      await conversations.saveConversation(
        other,
        { ...reference, conversation: { ...reference.conversation, id: other.channel } },
        now,
        team,
      );
    }
    logger.info({ conversation: channel.channel, team, resumed: resumed.length }, `teams: Dateline ${how}, conversation reference stored`);
  };
  const forget = async (activity: Activity) => {
    const channel = channelRefOf(activity);
    const team = teamOf(activity);
    const now = deps.now();
    await deps.installations.end('teams', team ?? channel.channel, 'uninstalled', 'Dateline was removed', now);
    if (team) {
      const { conversations: forgotten, paused } = await conversations.leaveTeam('teams', team, REMOVED_FROM_TEAM, now);
      logger.info(
        { team, forgotten, paused },
        'teams: Dateline removed from a team, its conversation references deleted and its digests paused',
      );
      return;
    }
    await conversations.deleteConversation(channel);
    logger.info({ conversation: channel.channel }, 'teams: Dateline removed, conversation reference deleted');
  };

  const answer = async (context: TurnContext) => {
    const activity = context.activity;
    const channel = await remember(activity);
    const request = readMessage(activity);
    if (request === 'not-for-us') return;
    const now = deps.now();
    if (request !== 'no-text' && isFormRequest(request.text, now)) {
      const card = formCard(await deps.dateline.subscriptionForm(channel));
      await context.sendActivity({
        type: 'message',
        summary: 'Set up digests',
        attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card }],
      });
      return;
    }
    let briefing: Briefing;
    if (request === 'no-text') briefing = { ...(await deps.dateline.ask('help', { now, channel })), intro: NO_TEXT_INTRO };
    // A channel thread ("…;messageid=…") is its own conversation for follow-ups.
    else briefing = await deps.dateline.ask(request.text, { now, channel, thread: context.activity.conversation.id });
    await context.sendActivity(renderTeamsActivity(briefing));
  };

  /** The invoke's answer, as the HTTP response to it. */
  const invoke = async (context: TurnContext) => {
    const activity = context.activity;
    const respond = (status: number, body: unknown) =>
      context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status, body } });
    const now = deps.now();
    const channel = activity.conversation ? channelRefOf(activity) : undefined;
    switch (activity.name) {
      case 'composeExtension/query':
        return respond(200, await answerQuery(deps.dateline, activity.value ?? {}, channel, now));
      case 'composeExtension/submitAction':
        return respond(200, await answerMessageAction(deps.dateline, activity.value ?? {}, channel, now));
      case 'application/search': {
        const value = (activity.value ?? {}) as { dataset?: unknown; queryText?: unknown };
        if (value.dataset !== ZONE_DATASET) return respond(400, { error: `Dateline has no dataset ${String(value.dataset)}.` });
        const results = searchZones(typeof value.queryText === 'string' ? value.queryText : '').map((zone) => ({
          title: zone,
          value: zone,
        }));
        return respond(200, { type: 'application/vnd.microsoft.search.searchResponse', value: { results } });
      }
      case 'adaptiveCard/action':
        return respond(200, await cardAction(context));
      default:
        logger.debug({ name: activity.name }, 'teams: invoke not handled');
        return respond(501, { error: `Dateline does not handle ${String(activity.name)}.` });
    }
  };

  /** A Universal Action: the subscription form submitted. The answer is the card that replaces it. */
  const cardAction = async (context: TurnContext) => {
    const action = (context.activity.value as { action?: { verb?: unknown; data?: unknown } } | undefined)?.action;
    if (action?.verb !== SUBSCRIBE_VERB) {
      return {
        statusCode: 400,
        type: 'application/vnd.microsoft.error',
        value: { code: 'BadRequest', message: 'This card button is not one of Dateline’s.' },
      };
    }
    const channel = await remember(context.activity);
    const values = formValuesOf((action.data ?? {}) as Record<string, unknown>);
    const submitted = await deps.dateline.submitSubscriptionForm(values, channel, deps.now());
    const card = submitted.ok
      ? renderTeamsActivity(submitted.briefing).attachments[0].content
      : formCard(await deps.dateline.subscriptionForm(channel), submitted.errors, values);
    return { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: card };
  };

  return async (context) => {
    const activity = context.activity;
    switch (activity.type) {
      case ActivityTypes.Message:
        return answer(context);
      case ActivityTypes.Invoke:
        await invoke(context);
        return;
      case ActivityTypes.ConversationUpdate:
        if (includesBot(activity.membersAdded, activity)) await added(activity, 'added');
        if (includesBot(activity.membersRemoved, activity)) await forget(activity);
        return;
      case ActivityTypes.InstallationUpdate:
        // "add" and "add-upgrade" install the bot here; "remove" and "remove-upgrade" take it away (botbuilder groups them the same way).
        if (activity.action?.startsWith('add')) {
          await added(activity, 'installed');
        } else if (activity.action?.startsWith('remove')) {
          await forget(activity);
        }
        return;
      default:
        logger.debug({ type: activity.type }, 'teams: activity type not handled');
    }
  };
}
