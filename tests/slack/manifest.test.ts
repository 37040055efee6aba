// The app manifest matches what the adapter needs: the default slash command, interactivity
// for the buttons and the form, the Home and Messages tabs, the assistant pane with the prompts
// the adapter sets, the events it listens to, Socket Mode, and a scope for every Web API method
// the adapter calls.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { SUGGESTED_PROMPTS } from '../../adapters/slack/conversation.ts';
import { DEFAULT_COMMAND } from '../../adapters/slack/render.ts';

interface Manifest {
  display_information: { name: string; description: string; long_description?: string };
  features: {
    app_home?: { home_tab_enabled: boolean; messages_tab_enabled?: boolean; messages_tab_read_only_enabled?: boolean };
    assistant_view?: { assistant_description: string; suggested_prompts?: { title: string; message: string }[] };
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
  // Called through Bolt's Assistant helpers (setStatus, setSuggestedPrompts, setTitle) in conversation.ts.
  'assistant.threads.setStatus': [['assistant:write']],
  'assistant.threads.setSuggestedPrompts': [['assistant:write']],
  'assistant.threads.setTitle': [['assistant:write']],
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
    expect(manifest.settings.socket_mode_enabled).toBe(true);
  });

  it('opens the Messages tab and the assistant pane, with the prompts the adapter sets, and the events and scopes they need', () => {
    expect(manifest.features.app_home?.messages_tab_enabled).toBe(true);
    expect(manifest.features.app_home?.messages_tab_read_only_enabled).toBe(false);
    expect(manifest.features.assistant_view?.assistant_description).toBeTruthy();
    expect(manifest.features.assistant_view?.suggested_prompts).toEqual(SUGGESTED_PROMPTS);
    expect(manifest.settings.event_subscriptions?.bot_events.sort()).toEqual(
      ['app_home_opened', 'app_mention', 'assistant_thread_started', 'message.channels', 'message.groups', 'message.im'].sort(),
    );
    // Each event's scope: app_mention, messages in public and private channels and in DMs.
    expect(manifest.oauth_config.scopes.bot).toEqual(
      expect.arrayContaining(['app_mentions:read', 'channels:history', 'groups:history', 'im:history', 'assistant:write']),
    );
  });

  it('grants a bot scope for every Web API method the adapter calls', () => {
    const sources = ['poster.ts', 'inbound.ts', 'interactions.ts', 'conversation.ts']
      .map((file) => readFileSync(new URL(file, ADAPTER_DIR), 'utf8'))
      .join('\n');
    const called = [
      ...new Set([
        ...[...sources.matchAll(/client\.(\w+)\s*\.(\w+)\(/g)].map((match) => `${match[1]}.${match[2]}`),
        ...[...sources.matchAll(/\b(setStatus|setSuggestedPrompts|setTitle)\(/g)].map((match) => `assistant.threads.${match[1]}`),
      ]),
    ].sort();
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
