// One Bot Framework turn, handed to what handles its kind: messages (messages.ts), invokes
// (invokes.ts), and the install lifecycle's conversationUpdate and installationUpdate
// (lifecycle.ts, which reports them to the core).
import { ActivityTypes, type TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import type { Dateline, Installations } from '../../src/index.ts';
import { answerInvoke } from './invokes.ts';
import { added, removed } from './lifecycle.ts';
import { answerMessage } from './messages.ts';
import { includesBot } from './references.ts';

export interface TurnDependencies {
  dateline: Dateline;
  installations: Installations;
  logger: Logger;
  now: () => Date;
}

export function createTurnHandler(deps: TurnDependencies): (context: TurnContext) => Promise<void> {
  return async (context) => {
    const activity = context.activity;
    switch (activity.type) {
      case ActivityTypes.Message:
        return answerMessage(deps, context);
      case ActivityTypes.Invoke:
        return answerInvoke(deps, context);
      case ActivityTypes.ConversationUpdate:
        if (includesBot(activity.membersAdded, activity)) await added(deps, activity, 'added');
        if (includesBot(activity.membersRemoved, activity)) await removed(deps, activity);
        return;
      case ActivityTypes.InstallationUpdate:
        // "add" and "add-upgrade" install the bot here; "remove" and "remove-upgrade" take it away (botbuilder groups them the same way).
        if (activity.action?.startsWith('add')) await added(deps, activity, 'installed');
        else if (activity.action?.startsWith('remove')) await removed(deps, activity);
        return;
      default:
        deps.logger.debug({ type: activity.type }, 'teams: activity type not handled');
    }
  };
}
