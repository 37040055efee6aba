// The install lifecycle, as a rule of the core: adapters report what the platform said (an
// install, an uninstall, revoked tokens, a removal from a team, a conversation seen) and this
// decides what it means for the installation, its stored conversations and its digests. One
// identity names an installation on both platforms: a Slack workspace (or the org of an org-wide
// install), a Teams team (or the chat itself); every conversation and subscription hangs off
// it, and an installation that has ended gates every post (the store's activeSubscriptions)
// and every command (isEnded, asked by Dateline.run). Secrets are sealed with the SecretBox on
// the way in and opened on the way out; an ended installation's secret is deleted. A secret sealed
// under DATELINE_SECRET_KEY_PREVIOUS is sealed again under the current key when it is read.
import { ConfigError } from '../config.ts';
import type { ConversationStore } from '../store/conversations.ts';
import type { InstallationRecords, NewInstallation } from '../store/installations.ts';
import type { ChannelRef, Platform } from '../types.ts';
import { SECRET_KEY_HINT, type SecretBox } from './secret-box.ts';

export type InstallationDetails = Omit<NewInstallation, 'sealedSecret'>;

const contextOf = (platform: Platform, workspace: string) => `${platform}:${workspace}`;

export class Installations {
  constructor(
    private readonly store: InstallationRecords & ConversationStore,
    private readonly box: SecretBox | undefined,
  ) {}

  /** For an adapter that stores secrets: stops start-up, saying what to set, when there is no key to seal them with. */
  requireSecretKey(why: string): void {
    if (!this.box)
      throw new ConfigError(`DATELINE_SECRET_KEY is not set: ${why} stores each workspace's tokens encrypted with it; ${SECRET_KEY_HINT}.`);
  }

  /**
   * At start-up: opens every stored secret, seals again under the current key those sealed under
   * the previous one, and stops start-up in one line when any opens under no key given (a changed
   * DATELINE_SECRET_KEY would otherwise fail every digest later, one by one). Returns how many were sealed again.
   */
  async checkSecrets(): Promise<number> {
    const stored = await this.store.sealedSecrets();
    if (stored.length === 0 || !this.box) return 0;
    let resealed = 0;
    const unopened: string[] = [];
    for (const { platform, workspace, sealed } of stored) {
      try {
        if ((await this.openAndReseal(platform, workspace, sealed)).resealed) resealed++;
      } catch {
        unopened.push(`${platform} ${workspace}`);
      }
    }
    if (unopened.length > 0) {
      const some = unopened.slice(0, 3).join(', ') + (unopened.length > 3 ? ', …' : '');
      throw new ConfigError(
        `DATELINE_SECRET_KEY does not open the tokens stored for ${unopened.length} of ${stored.length} installations (${some}): set DATELINE_SECRET_KEY back to the key they were sealed with, or, to change keys, set the new one as DATELINE_SECRET_KEY and the old one as DATELINE_SECRET_KEY_PREVIOUS.`,
      );
    }
    return resealed;
  }

  /**
   * Installed, or added back: records the installation, active from `at` (`secret`,
   * JSON-serialisable, sealed), and resumes the digests a removal from the team paused (a
   * rejoin). Returns the channels of those digests, whose conversations the adapter may know
   * how to rebuild.
   */
  async installed(details: InstallationDetails, secret: unknown, at: Date): Promise<ChannelRef[]> {
    let sealedSecret: string | undefined;
    if (secret !== undefined) {
      if (!this.box) throw new Error('no DATELINE_SECRET_KEY to seal installation secrets with');
      sealedSecret = this.box.seal(JSON.stringify(secret), contextOf(details.platform, details.workspace));
    }
    await this.store.saveInstallation({ ...details, ...(sealedSecret ? { sealedSecret } : {}) }, at);
    return this.store.resumeRemoved(details.platform, details.workspace, at);
  }

  /** Uninstalled: ends the installation (its secret deleted) and forgets its conversations; false when it was not active. */
  async uninstalled(platform: Platform, workspace: string, reason: string, at: Date): Promise<boolean> {
    const ended = await this.store.endInstallation(platform, workspace, 'uninstalled', reason, at);
    await this.store.leaveInstallation(platform, workspace, false, at);
    return ended;
  }

  /** Its tokens were revoked (or refused as revoked): ends the installation, its secret deleted; false when it was not active. */
  revoked(platform: Platform, workspace: string, reason: string, at: Date): Promise<boolean> {
    return this.store.endInstallation(platform, workspace, 'revoked', reason, at);
  }

  /**
   * Removed from a team: the installation ends, every conversation of the team is forgotten, and
   * its digests are paused as `removed-from-team` (shown in `subscriptions`); installing it again
   * resumes exactly those.
   */
  async removedFromTeam(platform: Platform, team: string, at: Date): Promise<{ conversations: number; paused: number }> {
    await this.store.endInstallation(platform, team, 'uninstalled', 'Dateline was removed from the team', at);
    return this.store.leaveInstallation(platform, team, true, at);
  }

  /**
   * A conversation of an installation was seen (a message, an invoke): its reference is stored
   * for proactive posts, unless the installation has ended, which nothing but an install
   * reopens. True when stored.
   */
  async conversationSeen(channel: ChannelRef, reference: unknown, installation: string, at: Date): Promise<boolean> {
    if (await this.isEnded(channel.platform, installation)) return false;
    await this.store.saveConversation(channel, reference, at, installation);
    return true;
  }

  /** The stored reference of a conversation, for a proactive post; undefined when none is stored. */
  async referenceOf(channel: ChannelRef): Promise<unknown> {
    return (await this.store.getConversation(channel))?.reference;
  }

  /** Whether the installation has ended (uninstalled or revoked). One never recorded (one bot token, the emulator) has not. */
  async isEnded(platform: Platform, workspace: string): Promise<boolean> {
    const state = await this.store.installationState(platform, workspace);
    return state !== undefined && state !== 'active';
  }

  /** The secret of an active installation, opened; undefined when there is none (never installed, or ended). */
  async secretOf<T>(platform: Platform, workspace: string): Promise<T | undefined> {
    const sealed = await this.store.sealedSecretOf(platform, workspace);
    if (sealed === undefined || !this.box) return undefined;
    const { plaintext } = await this.openAndReseal(platform, workspace, sealed);
    return JSON.parse(plaintext) as T;
  }

  /** Opens a sealed secret, and when it opened under the previous key stores it sealed under the current one. */
  private async openAndReseal(platform: Platform, workspace: string, sealed: string): Promise<{ plaintext: string; resealed: boolean }> {
    const box = this.box as SecretBox;
    const context = contextOf(platform, workspace);
    const { plaintext, stale } = box.open(sealed, context);
    const resealed = stale && (await this.store.replaceSealedSecret(platform, workspace, sealed, box.seal(plaintext, context)));
    return { plaintext, resealed };
  }
}
