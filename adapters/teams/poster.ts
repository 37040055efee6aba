// Posts scheduled briefings to Teams conversations proactively, through the conversation
// reference stored when Dateline was installed there or last spoken to. Failures become
// PostErrors classified by classifyTeamsError. Teams cannot look a message up by a delivery
// key, so there is no findPosted: an in-doubt post is retried (at-least-once).
import type { CloudAdapter, ConversationReference } from 'botbuilder';
import type { Logger } from 'pino';
import { type Briefing, type ChannelPoster, type ChannelRef, type DeliveryKey, type Installations, PostError } from '../../src/index.ts';
import { classifyTeamsError } from './classify-error.ts';
import { renderTeamsActivity } from './render.ts';

export interface TeamsPosterDependencies {
  adapter: CloudAdapter;
  /** The bot's MicrosoftAppId; empty in emulator mode. */
  appId: string;
  /** Where the stored conversation references are kept. */
  installations: Installations;
  logger: Logger;
  /** Emulator mode posts only to service URLs on this machine, whatever a reference stored earlier says. */
  allowServiceUrl?: (serviceUrl: string) => boolean;
}

function isReference(value: unknown): value is Partial<ConversationReference> {
  const reference = value as Partial<ConversationReference> | null;
  return typeof reference?.serviceUrl === 'string' && typeof reference.conversation?.id === 'string';
}

export function createTeamsPoster(deps: TeamsPosterDependencies): ChannelPoster {
  const { adapter, appId, installations, logger } = deps;
  return {
    platform: 'teams',
    async post(channel: ChannelRef, briefing: Briefing, delivery: DeliveryKey): Promise<string> {
      const reference = await installations.referenceOf(channel);
      if (!isReference(reference)) {
        throw new PostError(
          'channel',
          `No conversation reference is stored for Teams conversation ${channel.channel}: Dateline learns one when it is installed there or spoken to.`,
        );
      }
      if (deps.allowServiceUrl && !deps.allowServiceUrl(reference.serviceUrl!)) {
        throw new PostError(
          'channel',
          `The stored serviceUrl of Teams conversation ${channel.channel} is not on this machine, and emulator mode posts only there.`,
        );
      }
      const activity = renderTeamsActivity(briefing);
      let posted = '';
      let failure: { error: unknown } | undefined;
      try {
        await adapter.continueConversationAsync(appId, reference, async (context) => {
          // botbuilder makes the continuation's random activity id the replyToId; a digest is a
          // new message in the conversation (POST …/activities), not a reply to nothing.
          context.onSendActivities(async (_context, activities, next) => {
            for (const outgoing of activities) delete outgoing.replyToId;
            return next();
          });
          // Caught here, because the adapter's onTurnError would otherwise swallow it.
          try {
            posted = (await context.sendActivity(activity))?.id ?? '';
          } catch (error) {
            failure = { error };
          }
        });
      } catch (error) {
        failure = { error };
      }
      if (failure) {
        const classified = classifyTeamsError(failure.error);
        logger.warn(
          { delivery: delivery.key, conversation: channel.channel, kind: classified.kind, reason: classified.reason },
          'teams: post failed',
        );
        throw PostError.from(classified);
      }
      logger.info({ delivery: delivery.key, conversation: channel.channel, activityId: posted }, 'teams: posted');
      return posted;
    },
  };
}
