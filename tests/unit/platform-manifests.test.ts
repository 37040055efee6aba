// The platforms' published schemas, offline: adapters/teams/app/manifest.json (its bot id filled in, as the
// package has it) against the Teams schema of its version bundled in @microsoft/app-manifest, and
// adapters/slack/manifest.yaml against slackapi/manifest-schema (vendored in tests/fixtures/schemas).
// Each validator is also shown to refuse a broken manifest, so that a pass means something.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { AppManifestUtils } from '@microsoft/app-manifest';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { APP_ID_PLACEHOLDER } from '../../adapters/teams/app-package.ts';

const APP_ID = '5e9f3a1c-7b2d-4c8e-a6f0-3d1e2b4c5a69';
type Json = Record<string, unknown>;

describe('adapters/teams/app/manifest.json against the Teams app manifest schema of its version', () => {
  const text = readFileSync(new URL('../../adapters/teams/app/manifest.json', import.meta.url), 'utf8');
  const manifest = JSON.parse(text.replaceAll(APP_ID_PLACEHOLDER, APP_ID)) as Json & { manifestVersion: string };
  // The schema file inside the package, passed in: validateAgainstSchema would otherwise download it.
  const schemaPath = createRequire(import.meta.url).resolve(
    `@microsoft/app-manifest/build/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`,
  );
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
  type Schema = Parameters<typeof AppManifestUtils.validateAgainstSchema>[1];
  const validate = (candidate: unknown) =>
    AppManifestUtils.validateAgainstSchema(candidate as Parameters<typeof AppManifestUtils.validateAgainstSchema>[0], schema as Schema);

  it('is valid, on v1.30 or newer, with the message extension’s search and message action', async () => {
    expect(Number(manifest.manifestVersion.split('.')[1])).toBeGreaterThanOrEqual(30);
    expect(await validate(manifest)).toEqual([]);
    const [extension] = manifest.composeExtensions as { botId: string; commands: { id: string; type: string; context: string[] }[] }[];
    expect(extension?.botId).toBe(APP_ID);
    expect(extension?.commands.map((command) => [command.id, command.type, command.context])).toEqual([
      ['searchFacts', 'query', ['compose', 'commandBox']],
      ['factsAboutMessage', 'action', ['message']],
    ]);
  });

  it('refuses a manifest the schema does not allow', async () => {
    const broken = { ...manifest, composeExtensions: [{ botId: APP_ID, commands: [{ id: 'x', type: 'lookup', title: 'X' }] }] };
    expect((await validate(broken)).length).toBeGreaterThan(0);
    expect((await validate({ ...manifest, supportedChannelTypes: ['secretChannels'] })).length).toBeGreaterThan(0);
  });

  it('supports private and shared channels, and describes the search for Microsoft 365 Copilot, with sample prompts', () => {
    expect((manifest.supportedChannelTypes as string[]).sort()).toEqual(['privateChannels', 'sharedChannels']);
    type Command = {
      id: string;
      semanticDescription?: string;
      samplePrompts?: { text: string }[];
      parameters: { semanticDescription?: string }[];
    };
    const [search, action] = (manifest.composeExtensions as { commands: Command[] }[])[0]!.commands;
    expect(search?.semanticDescription).toMatch(/dated, sourced facts/);
    expect(search?.parameters[0]?.semanticDescription).toBeTruthy();
    expect(search?.samplePrompts?.length).toBeGreaterThanOrEqual(1);
    expect(action?.semanticDescription).toBeTruthy();
  });
});

describe('adapters/slack/manifest.yaml against slackapi/manifest-schema', () => {
  const manifest = parse(readFileSync(new URL('../../adapters/slack/manifest.yaml', import.meta.url), 'utf8')) as Json & {
    _metadata: { major_version: number };
  };
  const schema = JSON.parse(readFileSync(new URL('../fixtures/schemas/slack-app-manifest.1.0.0.schema.json', import.meta.url), 'utf8'));
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

  it('is valid against the schema of its major version', () => {
    expect(manifest._metadata.major_version).toBe(1);
    expect(validate(manifest), JSON.stringify(validate.errors)).toBe(true);
  });

  it('refuses a manifest the schema does not allow', () => {
    const features = manifest.features as Json;
    expect(validate({ ...manifest, features: { ...features, app_home: { home_tab_enabled: 'yes' } } })).toBe(false);
  });
});
