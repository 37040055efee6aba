// What Teams says about Dateline's place in a team or chat, reported to the core's install
// lifecycle: added (conversationUpdate membersAdded, installationUpdate add) is an install, which
// resumes the digests a removal paused, and the conversations of those digests are rebuilt from the
// one it was added in; removed is a removal from the team (its conversations forgotten, its
// digests paused) or, in a chat, an uninstall. The core decides what each means.
import type { Activity } from 'botbuilder';
import type { Logger } from 'pino';
import type { Installations } from '../../src/index.ts';
import { channelRefOf, installationOf, storedReferenceOf, teamOf } from './references.ts';

export interface LifecycleDependencies {
  installations: Installations;
  logger: Logger;
  now: () => Date;
}

/** Added to a team or a chat, or installed there. */
export async function added(deps: LifecycleDependencies, activity: Activity, how: string): Promise<void> {
  const channel = channelRefOf(activity);
  const installation = installationOf(activity);
  const now = deps.now();
  const resumed = await deps.installations.installed(
    {
      platform: 'teams',
      workspace: installation,
      tenantId: channel.workspace,
      botUserId: activity.recipient.id,
      scopes: [],
      ...(activity.from?.aadObjectId ? { installedBy: activity.from.aadObjectId } : {}),
    },
    undefined,
    now,
  );
  const reference = storedReferenceOf(activity);
  await deps.installations.conversationSeen(channel, reference, installation, now);
  // A team's channels are posted to through the same service as the one it was added in: their references are rebuilt from it.
  for (const other of resumed) {
    if (other.channel === channel.channel) continue;
    await deps.installations.conversationSeen(
      other,
      { ...reference, conversation: { ...reference.conversation, id: other.channel } },
      installation,
      now,
    );
  }
  deps.logger.info(
    { conversation: channel.channel, team: teamOf(activity), resumed: resumed.length },
    `teams: Dateline ${how}, conversation reference stored`,
  );
}

/** Removed from a team (or uninstalled from a chat). */
export async function removed(deps: LifecycleDependencies, activity: Activity): Promise<void> {
  const now = deps.now();
  const team = teamOf(activity);
  if (team) {
    const { conversations: forgotten, paused } = await deps.installations.removedFromTeam('teams', team, now);
    deps.logger.info(
      { team, forgotten, paused },
      'teams: Dateline removed from a team, its conversation references deleted and its digests paused',
    );
    return;
  }
  const chat = installationOf(activity);
  await deps.installations.uninstalled('teams', chat, 'Dateline was removed', now);
  deps.logger.info({ conversation: chat }, 'teams: Dateline removed, conversation reference deleted');
}
