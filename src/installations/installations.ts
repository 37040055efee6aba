// The installations an adapter keeps: recorded when a workspace installs Dateline, their
// secrets sealed with the SecretBox on the way in and opened on the way out, ended (secret
// deleted) when the platform says the app was uninstalled or its tokens revoked. A secret sealed
// under DATELINE_SECRET_KEY_PREVIOUS is sealed again under the current key when it is read.
import { ConfigError } from '../config.ts';
import type { InstallationRecord, InstallationRecords, InstallationState, NewInstallation } from '../store/installations.ts';
import type { Platform } from '../types.ts';
import { SECRET_KEY_HINT, type SecretBox } from './secret-box.ts';

export type InstallationDetails = Omit<NewInstallation, 'sealedSecret'>;

const contextOf = (platform: Platform, workspace: string) => `${platform}:${workspace}`;

export class Installations {
  constructor(
    private readonly records: InstallationRecords,
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
    const stored = await this.records.sealedSecrets();
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

  /** Records an installation, active from `at`; `secret` (JSON-serialisable) is sealed. */
  async install(details: InstallationDetails, secret: unknown, at: Date): Promise<InstallationRecord> {
    let sealedSecret: string | undefined;
    if (secret !== undefined) {
      if (!this.box) throw new Error('no DATELINE_SECRET_KEY to seal installation secrets with');
      sealedSecret = this.box.seal(JSON.stringify(secret), contextOf(details.platform, details.workspace));
    }
    return this.records.saveInstallation({ ...details, ...(sealedSecret ? { sealedSecret } : {}) }, at);
  }

  /** The secret of an active installation, opened; undefined when there is none (never installed, or ended). */
  async secretOf<T>(platform: Platform, workspace: string): Promise<T | undefined> {
    const sealed = await this.records.sealedSecretOf(platform, workspace);
    if (sealed === undefined || !this.box) return undefined;
    const { plaintext } = await this.openAndReseal(platform, workspace, sealed);
    return JSON.parse(plaintext) as T;
  }

  /** Opens a sealed secret, and when it opened under the previous key stores it sealed under the current one. */
  private async openAndReseal(platform: Platform, workspace: string, sealed: string): Promise<{ plaintext: string; resealed: boolean }> {
    const box = this.box as SecretBox;
    const context = contextOf(platform, workspace);
    const { plaintext, stale } = box.open(sealed, context);
    const resealed = stale && (await this.records.replaceSealedSecret(platform, workspace, sealed, box.seal(plaintext, context)));
    return { plaintext, resealed };
  }

  find(platform: Platform, workspace: string): Promise<InstallationRecord | undefined> {
    return this.records.findInstallation(platform, workspace);
  }

  /** Ends an active installation and deletes its secret; false when it was not active. */
  end(platform: Platform, workspace: string, state: Exclude<InstallationState, 'active'>, reason: string, at: Date): Promise<boolean> {
    return this.records.endInstallation(platform, workspace, state, reason, at);
  }
}
