// readTeamsConfig: emulator mode without an app id, botbuilder's variable names passed through,
// and a ConfigError that names what is missing and where to find it for half a configuration.
import { describe, expect, it } from 'vitest';
import { readTeamsConfig } from '../../adapters/teams/config.ts';
import { ConfigError } from '../../src/config.ts';

const APP_ID = '5e9f3a1c-7b2d-4c8e-a6f0-3d1e2b4c5a69';
const TENANT = '8d1b2f4e-3c5a-4e7b-9f60-1a2b3c4d5e6f';

function refusal(env: NodeJS.ProcessEnv): string {
  try {
    readTeamsConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error(`expected ${JSON.stringify(Object.keys(env))} to be refused`);
}

describe('readTeamsConfig', () => {
  it('runs in emulator mode without auth when no credentials are set at all, or TEAMS_EMULATOR=1', () => {
    expect(readTeamsConfig({})).toEqual({ mode: 'emulator', appType: 'MultiTenant', auth: {} });
    expect(readTeamsConfig({ MicrosoftAppId: '  ' })).toEqual({ mode: 'emulator', appType: 'MultiTenant', auth: {} });
    expect(readTeamsConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', TEAMS_EMULATOR: '1' }).mode).toBe('emulator');
  });

  it('is off without an app id once Slack is configured, or with TEAMS_EMULATOR=0', () => {
    expect(readTeamsConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }).mode).toBe('off');
    expect(readTeamsConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).mode).toBe('off');
    expect(readTeamsConfig({ TEAMS_EMULATOR: '0' }).mode).toBe('off');
    expect(refusal({ TEAMS_EMULATOR: 'yes' })).toMatch(/^TEAMS_EMULATOR=yes is not 1 or 0/);
  });

  it('passes a complete configuration to botbuilder under its own names', () => {
    expect(
      readTeamsConfig({
        MicrosoftAppId: APP_ID,
        MicrosoftAppPassword: 'secret',
        MicrosoftAppType: 'singletenant',
        MicrosoftAppTenantId: TENANT,
      }),
    ).toEqual({
      mode: 'authenticated',
      appId: APP_ID,
      appType: 'SingleTenant',
      auth: { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'secret', MicrosoftAppType: 'SingleTenant', MicrosoftAppTenantId: TENANT },
    });
    expect(readTeamsConfig({ MicrosoftAppId: APP_ID, MicrosoftAppType: 'UserAssignedMsi', MicrosoftAppTenantId: TENANT }).appType).toBe(
      'UserAssignedMsi',
    );
  });

  it('refuses an app id without a password, saying where the secret is made', () => {
    expect(refusal({ MicrosoftAppId: APP_ID })).toMatch(
      /^MicrosoftAppPassword is not set but MicrosoftAppId is \(MultiTenant\): create a client secret under Certificates & secrets/,
    );
    expect(refusal({ MicrosoftAppId: APP_ID, MicrosoftAppType: 'SingleTenant', MicrosoftAppTenantId: TENANT })).toMatch(
      /^MicrosoftAppPassword is not set/,
    );
  });

  it('refuses a SingleTenant bot without its tenant id', () => {
    expect(refusal({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'secret', MicrosoftAppType: 'SingleTenant' })).toMatch(
      /^MicrosoftAppTenantId is not set.*Directory \(tenant\) ID/,
    );
  });

  it('refuses a password without an app id', () => {
    expect(refusal({ MicrosoftAppPassword: 'secret' })).toMatch(/^MicrosoftAppPassword is set but MicrosoftAppId is not/);
  });

  it('refuses a password for a managed identity, and an unknown app type', () => {
    expect(
      refusal({
        MicrosoftAppId: APP_ID,
        MicrosoftAppPassword: 'secret',
        MicrosoftAppType: 'UserAssignedMsi',
        MicrosoftAppTenantId: TENANT,
      }),
    ).toMatch(/must not be set/);
    expect(refusal({ MicrosoftAppType: 'Tenantless' })).toMatch(
      /^MicrosoftAppType=Tenantless is not one of MultiTenant, SingleTenant, UserAssignedMsi/,
    );
  });

  it('never puts the password in a message', () => {
    expect(refusal({ MicrosoftAppPassword: 'Zq8~secret' })).not.toContain('Zq8~secret');
  });
});
