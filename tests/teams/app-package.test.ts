// The Teams app package: `npm run teams:package`'s script writes a zip holding the manifest
// with the bot id from MicrosoftAppId, a 192×192 colour icon and a 32×32 white-on-transparent
// outline icon; the manifest is on a current schema and its command list is the command language.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AdmZip from 'adm-zip';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ID_PLACEHOLDER } from '../../adapters/teams/app-package.ts';
import { helpBriefing } from '../../src/briefing/help.ts';
import { TEAMS_DIR } from './support.ts';

const APP_ID = '5e9f3a1c-7b2d-4c8e-a6f0-3d1e2b4c5a69';
const REPO_DIR = join(TEAMS_DIR, '..', '..', '..');
const work = mkdtempSync(join(tmpdir(), 'dateline-teams-package-'));

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs the script the npm script runs, as `npm run teams:package -- <output>` would. */
function packageApp(output: string, appId: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'adapters/teams/package-app.ts', output], {
    cwd: REPO_DIR,
    env: { PATH: process.env.PATH, MicrosoftAppId: appId },
    encoding: 'utf8',
  });
}

interface Manifest {
  $schema: string;
  manifestVersion: string;
  id: string;
  icons: { color: string; outline: string };
  bots: { botId: string; scopes: string[]; commandLists: { scopes: string[]; commands: { title: string; description: string }[] }[] }[];
}

describe('the Teams app package', () => {
  const output = join(work, 'dateline-teams.zip');
  let run: ReturnType<typeof packageApp>;
  beforeAll(() => {
    run = packageApp(output, APP_ID);
  });

  it('is written by the packaging script with exactly the manifest and its two icons', () => {
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const names = new AdmZip(output)
      .getEntries()
      .map((entry) => entry.entryName)
      .sort();
    expect(names).toEqual(['color.png', 'manifest.json', 'outline.png']);
  });

  it('fills the app and bot ids from MicrosoftAppId', () => {
    const text = new AdmZip(output).readAsText('manifest.json');
    expect(text).not.toContain('{{');
    const manifest = JSON.parse(text) as Manifest;
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.bots[0]!.botId).toBe(APP_ID);
  });

  it('refuses to package without a MicrosoftAppId, saying where to find it', () => {
    const missing = packageApp(join(work, 'missing.zip'), '');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^MicrosoftAppId is not set: copy the Microsoft App ID from Configuration of your Azure Bot resource/);
  });

  it('has icons of the sizes Teams asks for, the outline white on transparent', () => {
    const zip = new AdmZip(output);
    const color = PNG.sync.read(zip.readFile('color.png')!);
    const outline = PNG.sync.read(zip.readFile('outline.png')!);
    expect([color.width, color.height]).toEqual([192, 192]);
    expect([outline.width, outline.height]).toEqual([32, 32]);
    let white = 0;
    for (let at = 0; at < outline.data.length; at += 4) {
      const [r, g, b, a] = outline.data.subarray(at, at + 4);
      if (a === 0) continue;
      expect([r, g, b]).toEqual([255, 255, 255]);
      white++;
    }
    expect(white).toBeGreaterThan(0);
    expect(color.data[3]).toBe(255);
  });
});

describe('adapters/teams/app/manifest.json', () => {
  const manifest = JSON.parse(readFileSync(join(TEAMS_DIR, 'manifest.json'), 'utf8')) as Manifest;

  it('is on a current manifest schema (v1.30 or later) and keeps the bot id as a placeholder', () => {
    const version = /\/teams\/v(\d+\.\d+)\/MicrosoftTeams\.schema\.json$/.exec(manifest.$schema)?.[1];
    expect(version).toBe(manifest.manifestVersion);
    expect(Number(version!.split('.')[1])).toBeGreaterThanOrEqual(30);
    expect(manifest.id).toBe(APP_ID_PLACEHOLDER);
    expect(manifest.bots[0]!.botId).toBe(APP_ID_PLACEHOLDER);
    expect(manifest.icons).toEqual({ color: 'color.png', outline: 'outline.png' });
  });

  it('offers the bot in teams, group chats and personal chat, with the command language as its command list', () => {
    const [bot] = manifest.bots;
    expect(bot!.scopes.sort()).toEqual(['groupChat', 'personal', 'team']);
    const words = new Set(helpBriefing().sections.flatMap((section) => section.items.map((item) => item.title.split(' ')[0])));
    words.add('help');
    for (const list of bot!.commandLists) {
      expect(list.commands.length).toBeLessThanOrEqual(10);
      for (const command of list.commands) {
        expect(words).toContain(command.title.split(' ')[0]);
        expect(command.title.length).toBeLessThanOrEqual(32);
        expect(command.description.length).toBeLessThanOrEqual(128);
      }
    }
  });
});
