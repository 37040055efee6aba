// Where an activity came from, as the subscription desk (ChannelRef), the install lifecycle (the
// installation) and the scheduler (a stored ConversationReference) need it. A channel thread counts as its channel: a digest asked for in
// a thread is posted to the channel as a new message, not buried in the thread. A stored
// reference keeps only what a proactive post needs, each field already bounded by the activity
// schema (activity-body.ts), so that no caller can fill the store through it. A private or shared
// channel counts as a team of its own: Dateline is added to and removed from it alone.
import type { Activity, ConversationAccount, ConversationReference } from 'botbuilder';
import type { ChannelRef } from '../../src/index.ts';

/** "19:…@thread.tacv2;messageid=1712345678901" → "19:…@thread.tacv2". */
function baseConversationId(id: string): string {
  return id.replace(/;messageid=\d+$/, '');
}

/** The tenant; the Bot Framework Emulator has none, so its channel id ("emulator") stands in. */
function tenantOf(activity: Activity): string {
  const channelData = activity.channelData as { tenant?: { id?: unknown } } | undefined;
  const tenant = activity.conversation.tenantId ?? channelData?.tenant?.id;
  return typeof tenant === 'string' && tenant ? tenant : activity.channelId;
}

export function channelRefOf(activity: Activity): ChannelRef {
  return { platform: 'teams', workspace: tenantOf(activity), channel: baseConversationId(activity.conversation.id) };
}

/**
 * The reference the poster continues: where to post (serviceUrl, channelId), as whom (bot) and
 * into which conversation (its base id, tenant and type); no activity to reply to, no user.
 */
export function storedReferenceOf(activity: Activity): Partial<ConversationReference> {
  const { conversation, recipient } = activity;
  return {
    channelId: activity.channelId,
    serviceUrl: activity.serviceUrl,
    bot: { id: recipient.id, name: recipient.name ?? '' },
    // botbuilder types every field of a conversation as required; a reference sends only those it has.
    conversation: {
      id: baseConversationId(conversation.id),
      ...(conversation.isGroup !== undefined ? { isGroup: conversation.isGroup } : {}),
      ...(conversation.conversationType ? { conversationType: conversation.conversationType } : {}),
      ...(conversation.tenantId ? { tenantId: conversation.tenantId } : {}),
    } as ConversationAccount,
  };
}

export function includesBot(members: { id: string }[] | undefined, activity: Activity): boolean {
  return (members ?? []).some((member) => member.id === activity.recipient.id);
}

/**
 * A private or shared channel: Dateline is allowed in (and removed from) each such channel on its
 * own, not with its team; Teams says which in channelData.channel.type.
 */
export function isOwnMembershipChannel(activity: Activity): boolean {
  const type = (activity.channelData as { channel?: { type?: unknown } } | undefined)?.channel?.type;
  return type === 'private' || type === 'shared';
}

/**
 * What Dateline is a member of, that a channel conversation's digests hang off: its team (Teams
 * names a team by its General channel's id), or a private or shared channel itself; undefined in chats.
 */
export function teamOf(activity: Activity): string | undefined {
  if (isOwnMembershipChannel(activity)) return baseConversationId(activity.conversation.id);
  const team = (activity.channelData as { team?: { id?: unknown } } | undefined)?.team?.id;
  return typeof team === 'string' && team ? team : undefined;
}

/**
 * The installation an activity belongs to: the team a channel is in, or the chat itself (a
 * personal or group chat installs Dateline on its own). The one name of a Teams installation:
 * installs, removals, conversations and commands all take theirs from it.
 */
export function installationOf(activity: Activity): string {
  return teamOf(activity) ?? channelRefOf(activity).channel;
}
