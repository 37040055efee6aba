// Teams configuration from botbuilder's own variables. Without a MicrosoftAppId, Teams is off
// unless local emulator mode (no auth, loopback only) is asked for with TEAMS_EMULATOR=1 or no
// platform credentials are set at all (the first `npm start`); half a configuration is refused
// with a message saying where to find the rest.
import { ConfigError, hasPlatformCredentials } from '../../src/index.ts';

export type TeamsAppType = 'MultiTenant' | 'SingleTenant' | 'UserAssignedMsi';

export type TeamsMode = 'authenticated' | 'emulator' | 'off';

/** Where Bot Framework sends activities. */
export const MESSAGES_PATH = '/api/messages';

export const TEAMS_OFF_MESSAGE =
  'Teams is off: set MicrosoftAppId and MicrosoftAppPassword to connect to Teams, or TEAMS_EMULATOR=1 to try it with the Bot Framework Emulator on this machine.';

export interface TeamsConfig {
  mode: TeamsMode;
  /** Absent in emulator mode: no inbound auth, no outbound token. */
  appId?: string;
  appType: TeamsAppType;
  /** The variables as botbuilder's ConfigurationBotFrameworkAuthentication reads them. */
  auth: Record<string, string>;
}

const APP_TYPES: TeamsAppType[] = ['MultiTenant', 'SingleTenant', 'UserAssignedMsi'];

const WHERE_APP_ID = 'copy the Microsoft App ID from Configuration of your Azure Bot resource in the Azure portal';
const WHERE_PASSWORD =
  "create a client secret under Certificates & secrets of the bot's app registration (Azure Bot → Configuration → Manage Password) and copy its Value";
const WHERE_TENANT = "copy the Directory (tenant) ID from the Overview page of the bot's app registration in the Azure portal";

function value(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw ? raw : undefined;
}

export function readTeamsConfig(env: NodeJS.ProcessEnv): TeamsConfig {
  const appId = value(env, 'MicrosoftAppId');
  const password = value(env, 'MicrosoftAppPassword');
  const tenantId = value(env, 'MicrosoftAppTenantId');
  const typeText = value(env, 'MicrosoftAppType') ?? 'MultiTenant';
  const appType = APP_TYPES.find((type) => type.toLowerCase() === typeText.toLowerCase());
  if (!appType)
    throw new ConfigError(
      `MicrosoftAppType=${typeText} is not one of ${APP_TYPES.join(', ')}: use the App type shown in Configuration of your Azure Bot resource.`,
    );

  if (!appId) {
    if (password)
      throw new ConfigError(
        `MicrosoftAppPassword is set but MicrosoftAppId is not: ${WHERE_APP_ID}, or unset both and set TEAMS_EMULATOR=1 for local emulator mode.`,
      );
    return { mode: emulatorWanted(env) ? 'emulator' : 'off', appType, auth: {} };
  }
  if (appType === 'UserAssignedMsi') {
    if (password)
      throw new ConfigError(
        'MicrosoftAppPassword must not be set when MicrosoftAppType is UserAssignedMsi: the managed identity signs in without a secret.',
      );
  } else if (!password) {
    throw new ConfigError(`MicrosoftAppPassword is not set but MicrosoftAppId is (${appType}): ${WHERE_PASSWORD}.`);
  }
  if (appType !== 'MultiTenant' && !tenantId)
    throw new ConfigError(`MicrosoftAppTenantId is not set but MicrosoftAppType is ${appType}: ${WHERE_TENANT}.`);

  const auth: Record<string, string> = { MicrosoftAppId: appId, MicrosoftAppType: appType };
  if (password) auth.MicrosoftAppPassword = password;
  if (tenantId) auth.MicrosoftAppTenantId = tenantId;
  return { mode: 'authenticated', appId, appType, auth };
}

/** TEAMS_EMULATOR=1 or 0 when set; otherwise on only when no platform credentials are set at all. */
function emulatorWanted(env: NodeJS.ProcessEnv): boolean {
  const raw = value(env, 'TEAMS_EMULATOR');
  if (raw === undefined) return !hasPlatformCredentials(env);
  if (raw !== '1' && raw !== '0')
    throw new ConfigError(
      `TEAMS_EMULATOR=${raw} is not 1 or 0: set 1 to answer a Bot Framework Emulator on this machine without auth, or unset it.`,
    );
  return raw === '1';
}
