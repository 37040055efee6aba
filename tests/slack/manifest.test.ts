// The app manifest matches what the adapter needs: the default slash command, interactivity
// for the buttons and the form, the Home tab and its event, Socket Mode, and a scope for every Web
// API method the adapter calls.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { DEFAULT_COMMAND } from '../../adapters/slack/render.ts';

interface Manifest {
  display_information: { name: string; description: string; long_description?: string };
  features: {
    app_home?: { home_tab_enabled: boolean };
    bot_user: { display_name: string };
    slash_commands: { command: string; description: string; usage_hint?: string; should_escape?: boolean }[];
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: { interactivity: { is_enabled: boolean }; event_subscriptions?: { bot_events: string[] }; socket_mode_enabled: boolean };
}

const manifest = parse(readFileSync(new URL('../../adapters/slack/manifest.yaml', import.meta.url), 'utf8')) as Manifest;
const ADAPTER_DIR = new URL('../../adapters/slack/', import.meta.url);

/** Bot scopes each Web API method the adapter calls needs, one per kind of conversation. */
const METHOD_SCOPES: Record<string, string[][]> = {
  'chat.postMessage': [['chat:write']],
  'conversations.history': [['channels:history'], ['groups:history'], ['im:history'], ['mpim:history']],
  'users.info': [['users:read']],
  'users.conversations': [['channels:read'], ['groups:read']],
  'views.open': [],
  'views.publish': [],
};

describe('adapters/slack/manifest.yaml', () => {
  it('declares the slash command the adapter answers by default, with a usage hint', () => {
    const [command, ...others] = manifest.features.slash_commands;
    expect(others).toEqual([]);
    expect(command?.command).toBe(DEFAULT_COMMAND);
    expect(command?.usage_hint).toMatch(/today.*search.*help/);
    expect(command?.should_escape).toBe(false);
  });

  it('turns on interactivity for the buttons and the form, the Home tab with its event, and Socket Mode', () => {
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.features.app_home?.home_tab_enabled).toBe(true);
    expect(manifest.settings.event_subscriptions?.bot_events).toEqual(['app_home_opened']);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
  });

  it('grants a bot scope for every Web API method the adapter calls', () => {
    const sources = ['poster.ts', 'inbound.ts', 'interactions.ts']
      .map((file) => readFileSync(new URL(file, ADAPTER_DIR), 'utf8'))
      .join('\n');
    const called = [...new Set([...sources.matchAll(/client\.(\w+)\s*\.(\w+)\(/g)].map((match) => `${match[1]}.${match[2]}`))].sort();
    expect(called).toEqual(Object.keys(METHOD_SCOPES).sort());
    const scopes = manifest.oauth_config.scopes.bot;
    expect(scopes).toContain('commands');
    for (const [method, needs] of Object.entries(METHOD_SCOPES)) {
      for (const scope of needs.flat()) expect(scopes, method).toContain(scope);
    }
  });

  it("passes Slack's length rules for its texts", () => {
    expect(manifest.display_information.name.length).toBeLessThanOrEqual(35);
    expect(manifest.display_information.description.length).toBeLessThanOrEqual(140);
    expect(manifest.display_information.long_description?.length).toBeGreaterThanOrEqual(175);
    expect(manifest.features.bot_user.display_name.length).toBeLessThanOrEqual(80);
  });
});
