// The installations an adapter keeps: recorded when a workspace installs Dateline, their
// secrets sealed with the SecretBox on the way in and opened on the way out, ended (secret
// deleted) when the platform says the app was uninstalled or its tokens revoked.
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
    return JSON.parse(this.box.open(sealed, contextOf(platform, workspace))) as T;
  }

  find(platform: Platform, workspace: string): Promise<InstallationRecord | undefined> {
    return this.records.findInstallation(platform, workspace);
  }

  /** Ends an active installation and deletes its secret; false when it was not active. */
  end(platform: Platform, workspace: string, state: Exclude<InstallationState, 'active'>, reason: string, at: Date): Promise<boolean> {
    return this.records.endInstallation(platform, workspace, state, reason, at);
  }
}
