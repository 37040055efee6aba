// Stored conversation references: where the bot may post proactively (Teams needs the
// reference captured when it was installed or last spoken to).
import type { ChannelRef } from '../types.ts';

export interface StoredConversation {
  channel: ChannelRef;
  /** The platform's own reference, as JSON (for Teams, a Bot Framework ConversationReference). */
  reference: unknown;
  updatedAt: Date;
}

export interface ConversationStore {
  saveConversation(channel: ChannelRef, reference: unknown, at: Date): Promise<void>;
  getConversation(channel: ChannelRef): Promise<StoredConversation | undefined>;
  deleteConversation(channel: ChannelRef): Promise<void>;
}
