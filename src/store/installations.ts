// Stored installations: one per platform and workspace (a Slack team, or an Enterprise Grid org
// for an org-wide install; a Teams team). Subscriptions and conversation references hang off
// their installation by (platform, workspace). The secret (a platform's tokens) is stored sealed
// by the caller (src/installations/secret-box.ts); the store never sees it in the clear.
import type { Platform } from '../types.ts';

export type InstallationState = 'active' | 'uninstalled' | 'revoked';

export interface InstallationRecord {
  id: string;
  platform: Platform;
  /** Slack: the team id, or the enterprise id of an org-wide install. Teams: the team (or chat) id. */
  workspace: string;
  enterpriseId?: string;
  /** Teams: the tenant the team belongs to. */
  tenantId?: string;
  botUserId?: string;
  scopes: string[];
  installedBy?: string;
  installedAt: Date;
  state: InstallationState;
  /** Why it is not active, as the platform said it. */
  stateReason?: string;
  updatedAt: Date;
  /** Whether sealed tokens are stored (never while not active). */
  hasSecret: boolean;
}

/** What an install gives: the record's own fields, and its secret sealed by the caller. */
export type NewInstallation = Pick<
  InstallationRecord,
  'platform' | 'workspace' | 'enterpriseId' | 'tenantId' | 'botUserId' | 'scopes' | 'installedBy'
> & {
  /** The sealed secret, or undefined for a platform that keeps none per install (Teams). */
  sealedSecret?: string;
};

export interface InstallationRecords {
  /** Creates or replaces the workspace's installation (keeping its id), active from `at`. */
  saveInstallation(installation: NewInstallation, at: Date): Promise<InstallationRecord>;
  findInstallation(platform: Platform, workspace: string): Promise<InstallationRecord | undefined>;
  /** The state of the workspace's installation, if it has one (asked before every command is answered). */
  installationState(platform: Platform, workspace: string): Promise<InstallationState | undefined>;
  /** The sealed secret of an active installation. */
  sealedSecretOf(platform: Platform, workspace: string): Promise<string | undefined>;
  /** Every active installation's sealed secret, for the start-up check that the key opens them. */
  sealedSecrets(): Promise<{ platform: Platform; workspace: string; sealed: string }[]>;
  /** Replaces an active installation's sealed secret, unless another process changed it since it read `from`; true when replaced. */
  replaceSealedSecret(platform: Platform, workspace: string, from: string, to: string): Promise<boolean>;
  /** Marks an active installation uninstalled or revoked and deletes its secret; false when it was not active. */
  endInstallation(
    platform: Platform,
    workspace: string,
    state: Exclude<InstallationState, 'active'>,
    reason: string,
    at: Date,
  ): Promise<boolean>;
  listInstallations(): Promise<InstallationRecord[]>;
  getInstallation(id: string): Promise<InstallationRecord | undefined>;
  /** Deletes an installation with its subscriptions, their deliveries and its conversation references; false when unknown. */
  forgetInstallation(id: string): Promise<boolean>;
  /** Installations per platform and state. */
  countInstallations(): Promise<{ platform: Platform; state: InstallationState; count: number }[]>;
}
