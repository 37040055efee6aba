// Stored conversation references: where the bot may post proactively (Teams needs the
// reference captured when it was installed or last spoken to).
import type { ChannelRef, Platform } from '../types.ts';

export interface StoredConversation {
  channel: ChannelRef;
  /** The platform's own reference, as JSON (for Teams, a Bot Framework ConversationReference). */
  reference: unknown;
  updatedAt: Date;
}

export interface ConversationStore {
  /** `team`: Teams, the team the conversation is in, which its subscriptions then hang off. */
  saveConversation(channel: ChannelRef, reference: unknown, at: Date, team?: string): Promise<void>;
  getConversation(channel: ChannelRef): Promise<StoredConversation | undefined>;
  deleteConversation(channel: ChannelRef): Promise<void>;
  /**
   * The bot left a team: forgets every conversation of the team and pauses the active
   * subscriptions of its channels with `reason`; returns how many of each.
   */
  leaveTeam(platform: Platform, team: string, reason: string, at: Date): Promise<{ conversations: number; paused: number }>;
  /** The bot is back in a team: resumes its subscriptions paused with `reason` (by leaveTeam); returns their channels. */
  rejoinTeam(platform: Platform, team: string, reason: string, at: Date): Promise<ChannelRef[]>;
}
