// Where an activity came from, as the subscription desk (ChannelRef) and the scheduler (a stored
// ConversationReference) need it. A channel thread counts as its channel: a digest asked for in
// a thread is posted to the channel as a new message, not buried in the thread.
import { TurnContext, type Activity, type ConversationReference } from 'botbuilder';
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

/** The reference the poster continues: the conversation's base id and no activity to reply to. */
export function storedReferenceOf(activity: Activity): Partial<ConversationReference> {
  const { activityId: _replyTo, ...reference } = TurnContext.getConversationReference(activity);
  return { ...reference, conversation: { ...activity.conversation, id: baseConversationId(activity.conversation.id) } };
}

export function includesBot(members: { id: string }[] | undefined, activity: Activity): boolean {
  return (members ?? []).some((member) => member.id === activity.recipient.id);
}
