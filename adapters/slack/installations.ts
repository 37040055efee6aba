// Slack for many workspaces: Bolt's OAuth (@slack/oauth's InstallProvider, the one Bolt's
// receivers build) with its InstallationStore backed by our store, tokens sealed there; the
// OAuth state single-use across instances; and the bot token each workspace is posted to with.
import { createHash } from 'node:crypto';
import oauth, { type Installation, type InstallationQuery, type InstallationStore, type StateStore } from '@slack/oauth';
import type { Context, webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import { type HttpRoute, type Installations, PostError, type ReplayCache } from '../../src/index.ts';
import { toPostError } from './classify-error.ts';
import { installerLogger, installFailed, rateLimited } from './oauth-pages.ts';
import type { SlackOAuthConfig } from './config.ts';

// @slack/oauth is CommonJS whose re-exports Node cannot name in an ESM import: its classes come off the module object.
const { ClearStateStore, InstallProvider, InvalidStateError } = oauth;

export const INSTALL_PATH = '/slack/install';
const REDIRECT_PATH = '/slack/oauth_redirect';
/** How long an "Add to Slack" link stays usable (Bolt's default for the state cookie). */
const STATE_TTL_SECONDS = 600;

/**
 * Where an install, a request or a subscription belongs, as Bolt keys installations: the org for
 * an org-wide (Enterprise Grid) install, else the team. The one name of a workspace: commands,
 * forms, Home, shares and events all take theirs from it (workspaceOf), installs too.
 */
export function installationKey(source: {
  teamId?: string | undefined;
  enterpriseId?: string | undefined;
  isEnterpriseInstall?: boolean | undefined;
}): string | undefined {
  return source.isEnterpriseInstall ? source.enterpriseId : source.teamId;
}

/** The workspace of a request, from the ids Bolt puts on every listener's context. */
export function workspaceOf(context: Context): string | undefined {
  return installationKey(context);
}

/** Bolt's InstallationStore over our installations: the whole installation (tokens and all) is the sealed secret. */
function slackInstallationStore(installations: Installations, clock: () => Date): InstallationStore {
  const keyOf = (installation: Installation) =>
    installationKey({
      teamId: installation.team?.id,
      enterpriseId: installation.enterprise?.id,
      isEnterpriseInstall: installation.isEnterpriseInstall,
    });
  return {
    async storeInstallation(installation) {
      const workspace = keyOf(installation);
      if (!workspace) throw new Error('Slack returned an installation with neither a team nor an enterprise');
      const details = {
        platform: 'slack' as const,
        workspace,
        scopes: installation.bot?.scopes ?? [],
        installedBy: installation.user.id,
        ...(installation.enterprise?.id ? { enterpriseId: installation.enterprise.id } : {}),
        ...(installation.bot?.userId ? { botUserId: installation.bot.userId } : {}),
      };
      await installations.installed(details, installation, clock());
    },
    async fetchInstallation(query: InstallationQuery<boolean>) {
      const workspace = installationKey(query);
      const installation = workspace ? await installations.secretOf<Installation<'v1' | 'v2', boolean>>('slack', workspace) : undefined;
      if (!installation) throw new Error(`Dateline is not installed in Slack workspace ${workspace ?? '(none named)'}`);
      return installation;
    },
    async deleteInstallation(query: InstallationQuery<boolean>) {
      const workspace = installationKey(query);
      if (workspace) await installations.uninstalled('slack', workspace, 'deleted', clock());
    },
  };
}

/** Bolt's signed state (a JWT under SLACK_STATE_SECRET, valid 10 minutes), accepted once only, on any instance sharing the store. */
function singleUseStateStore(stateSecret: string, replays: ReplayCache): StateStore {
  const signed = new ClearStateStore(stateSecret, STATE_TTL_SECONDS);
  return {
    generateStateParam: (options, now) => signed.generateStateParam(options, now),
    async verifyStateParam(now, state) {
      const options = await signed.verifyStateParam(now, state);
      const key = `slack-oauth-state:${createHash('sha256').update(state).digest('base64url')}`;
      if (!(await replays.firstSeen(key, now, STATE_TTL_SECONDS * 1000)))
        throw new InvalidStateError('This install link was already used.');
      return options;
    },
  };
}

export interface SlackOAuth {
  installer: InstanceType<typeof InstallProvider>;
  /** GET /slack/install (the "Add to Slack" page) and GET /slack/oauth_redirect, on our one HTTP server. */
  routes: HttpRoute[];
}

export function slackOAuth(
  config: SlackOAuthConfig,
  installations: Installations,
  replays: ReplayCache,
  clientOptions: webApi.WebClientOptions,
  logger: Logger,
  clock: () => Date,
): SlackOAuth {
  const installUrlOptions = { scopes: config.scopes };
  const installer = new InstallProvider({
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    stateStore: singleUseStateStore(config.stateSecret, replays),
    installationStore: slackInstallationStore(installations, clock),
    installUrlOptions,
    clientOptions,
    logger: installerLogger(logger),
  });
  const routes: HttpRoute[] = [
    { method: 'GET', path: INSTALL_PATH, handle: (req, res) => installer.handleInstallPath(req, res, {}, installUrlOptions) },
    {
      method: 'GET',
      path: REDIRECT_PATH,
      handle: (req, res) =>
        installer.handleCallback(req, res, {
          failureAsync: async (error, _options, _req, res) => installFailed(error, res, logger),
          successAsync: async (installation) => {
            logger.info(
              { team: installation.team?.id, enterprise: installation.enterprise?.id, org_wide: installation.isEnterpriseInstall },
              'slack: Dateline installed',
            );
            res
              .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
              .end('<!doctype html><title>Dateline installed</title><p>Dateline is installed. Type /dateline help in any channel.</p>');
          },
        }),
    },
  ];
  return { installer, routes: routes.map((route) => rateLimited(route, logger)) };
}

/** The bot token to post to each workspace with. */
export interface BotTokens {
  /** Throws PostError 'uninstalled' when the workspace's installation has ended (or never was). */
  tokenFor(workspace: string): Promise<string>;
  /** What Slack refusing a post means: with installations, an install failure ends the workspace's installation. */
  refused(workspace: string, error: PostError): Promise<PostError>;
}

/** One workspace, one token (SLACK_BOT_TOKEN): as before installations. */
export function singleToken(botToken: string): BotTokens {
  return { tokenFor: async () => botToken, refused: async (_workspace, error) => error };
}

/** Looks up a workspace's token as Bolt does for a request: InstallProvider.authorize, which refreshes a rotating token. */
type Authorize = InstanceType<typeof InstallProvider>['authorize'];

export function installedTokens(installations: Installations, authorize: Authorize, logger: Logger, clock: () => Date): BotTokens {
  /** Refreshes under way, one per workspace: the posts of one pass to a workspace share it. */
  const refreshing = new Map<string, Promise<string>>();
  const refreshed = async (installation: Installation): Promise<string> => {
    try {
      // With token rotation on, a token lives 12 hours: authorize exchanges the refresh token
      // (grant_type=refresh_token) when it has expired or expires within two hours, and stores the new pair.
      const { botToken } = await authorize({
        teamId: installation.team?.id,
        enterpriseId: installation.enterprise?.id,
        isEnterpriseInstall: installation.isEnterpriseInstall ?? false,
      });
      if (!botToken) throw new Error('no bot token after the refresh');
      return botToken;
    } catch (error) {
      throw new PostError('retry', `refreshing the bot token failed: ${toPostError(error).reason}`);
    }
  };
  return {
    async tokenFor(workspace) {
      const installation = await installations.secretOf<Installation>('slack', workspace);
      const token = installation?.bot?.token;
      if (!installation || !token) throw new PostError('uninstalled', 'Dateline is not installed in this workspace');
      if (!installation.bot?.refreshToken) return token;
      let refresh = refreshing.get(workspace);
      if (!refresh) {
        refresh = refreshed(installation).finally(() => refreshing.delete(workspace));
        refreshing.set(workspace, refresh);
      }
      return refresh;
    },
    async refused(workspace, error) {
      if (error.kind !== 'install') return error;
      // Slack refused the token itself (revoked, account inactive): the install is over, as tokens_revoked would say.
      if (await installations.revoked('slack', workspace, error.reason, clock())) {
        logger.info({ workspace, reason: error.reason }, 'slack: the workspace token was refused; installation marked revoked');
      }
      return new PostError('uninstalled', error.reason);
    },
  };
}
