// Builds the Teams app package (manifest.json with the bot id filled in, and the two icons)
// that an admin or developer uploads to Teams.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import AdmZip from 'adm-zip';
import { ConfigError } from '../../src/index.ts';

/** The placeholder adapters/teams/app/manifest.json carries wherever the bot's Microsoft App ID belongs. */
export const APP_ID_PLACEHOLDER = '{{MicrosoftAppId}}';
const ICONS = ['color.png', 'outline.png'];

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The manifest text with the app id in place of every placeholder. */
function fillManifest(template: string, appId: string | undefined): string {
  const id = appId?.trim();
  if (!id)
    throw new ConfigError(
      'MicrosoftAppId is not set: copy the Microsoft App ID from Configuration of your Azure Bot resource into .env or the environment, then package again.',
    );
  if (!GUID.test(id))
    throw new ConfigError(
      `MicrosoftAppId=${id} is not a GUID such as 00000000-0000-0000-0000-000000000000: copy it from Configuration of your Azure Bot resource.`,
    );
  const filled = template.replaceAll(APP_ID_PLACEHOLDER, id);
  const left = filled.match(/\{\{\w+\}\}/);
  if (left) throw new ConfigError(`adapters/teams/app/manifest.json has a placeholder this packager does not fill: ${left[0]}.`);
  JSON.parse(filled);
  return filled;
}

/** Writes the zip to `output` and returns the manifest it holds. */
export function buildAppPackage(teamsDir: string, appId: string | undefined, output: string): string {
  const manifest = fillManifest(readFileSync(join(teamsDir, 'manifest.json'), 'utf8'), appId);
  const zip = new AdmZip();
  zip.addFile('manifest.json', Buffer.from(manifest, 'utf8'));
  for (const icon of ICONS) zip.addFile(icon, readFileSync(join(teamsDir, icon)));
  zip.writeZip(output);
  return manifest;
}
