// Stored conversation references: where the bot may post proactively (Teams needs the
// reference captured when it was installed or last spoken to), each under the installation it
// belongs to. Only the core's Installations (src/installations) use this part of the store.
import type { ChannelRef, Platform } from '../types.ts';

export interface StoredConversation {
  channel: ChannelRef;
  /** The platform's own reference, as JSON (for Teams, a Bot Framework ConversationReference). */
  reference: unknown;
  updatedAt: Date;
}

export interface ConversationStore {
  /**
   * `installation`: the installation the conversation belongs to (a Teams team, or the chat
   * itself), which the channel's subscriptions then hang off.
   */
  saveConversation(channel: ChannelRef, reference: unknown, at: Date, installation: string): Promise<void>;
  getConversation(channel: ChannelRef): Promise<StoredConversation | undefined>;
  /**
   * The installation ended: forgets every conversation of it and, with `pause`, pauses the
   * active subscriptions of its channels as `removed-from-team`; returns how many of each.
   */
  leaveInstallation(platform: Platform, installation: string, pause: boolean, at: Date): Promise<{ conversations: number; paused: number }>;
  /** The installation is back: resumes its subscriptions paused as `removed-from-team`; returns their channels. */
  resumeRemoved(platform: Platform, installation: string, at: Date): Promise<ChannelRef[]>;
}
