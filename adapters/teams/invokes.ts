// Invokes, answered in the HTTP response: the subscription form's Universal Action
// (adaptiveCard/action, answered with the card that replaces it), the zone typeahead
// (application/search), and the message extension (composeExtension/query and submitAction).
import { ActivityTypes, type TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import { searchZones, type Dateline, type Installations } from '../../src/index.ts';
import { formCard, formValuesOf, SUBSCRIBE_VERB, ZONE_DATASET } from './form-card.ts';
import { answerMessageAction, answerQuery } from './message-extension.ts';
import { channelRefOf, installationOf, storedReferenceOf } from './references.ts';
import { ADAPTIVE_CARD_CONTENT_TYPE, renderTeamsActivity } from './render.ts';

export interface InvokeDependencies {
  dateline: Dateline;
  installations: Installations;
  logger: Logger;
  now: () => Date;
}

export async function answerInvoke(deps: InvokeDependencies, context: TurnContext): Promise<void> {
  const activity = context.activity;
  const respond = (status: number, body: unknown) => context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status, body } });
  const now = deps.now();
  const channel = activity.conversation ? channelRefOf(activity) : undefined;
  switch (activity.name) {
    case 'composeExtension/query':
      return void (await respond(200, await answerQuery(deps.dateline, activity.value ?? {}, channel, now)));
    case 'composeExtension/submitAction':
      return void (await respond(200, await answerMessageAction(deps.dateline, activity.value ?? {}, channel, now)));
    case 'application/search': {
      const value = (activity.value ?? {}) as { dataset?: unknown; queryText?: unknown };
      if (value.dataset !== ZONE_DATASET) return void (await respond(400, { error: `Dateline has no dataset ${String(value.dataset)}.` }));
      const results = searchZones(typeof value.queryText === 'string' ? value.queryText : '').map((zone) => ({
        title: zone,
        value: zone,
      }));
      return void (await respond(200, { type: 'application/vnd.microsoft.search.searchResponse', value: { results } }));
    }
    case 'adaptiveCard/action':
      return void (await respond(200, await cardAction(deps, context)));
    default:
      deps.logger.debug({ name: activity.name }, 'teams: invoke not handled');
      return void (await respond(501, { error: `Dateline does not handle ${String(activity.name)}.` }));
  }
}

/** A Universal Action: the subscription form submitted. The answer is the card that replaces it. */
async function cardAction(deps: InvokeDependencies, context: TurnContext) {
  const activity = context.activity;
  const action = (activity.value as { action?: { verb?: unknown; data?: unknown } } | undefined)?.action;
  if (action?.verb !== SUBSCRIBE_VERB) {
    return {
      statusCode: 400,
      type: 'application/vnd.microsoft.error',
      value: { code: 'BadRequest', message: 'This card button is not one of Dateline’s.' },
    };
  }
  const channel = channelRefOf(activity);
  const installation = installationOf(activity);
  await deps.installations.conversationSeen(channel, storedReferenceOf(activity), installation, deps.now());
  const values = formValuesOf((action.data ?? {}) as Record<string, unknown>);
  const submitted = await deps.dateline.submitForm(values, channel, deps.now(), installation);
  const card = submitted.ok
    ? renderTeamsActivity(submitted.briefing).attachments[0].content
    : formCard(await deps.dateline.formFor(channel), submitted.errors, values);
  return { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: card };
}
