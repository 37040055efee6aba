// `npm run teams:package [-- out.zip]`: writes adapters/teams/app/dateline-teams.zip (or the given path) with
// the bot id taken from MicrosoftAppId in the environment or .env.
import { fileURLToPath } from 'node:url';
import { config } from 'dotenv';
import { ConfigError } from '../../src/index.ts';
import { buildAppPackage } from './app-package.ts';

const TEAMS_DIR = fileURLToPath(new URL('./app/', import.meta.url));

config({ quiet: true });
const output = process.argv[2] ?? `${TEAMS_DIR}dateline-teams.zip`;
try {
  buildAppPackage(TEAMS_DIR, process.env.MicrosoftAppId, output);
  process.stdout.write(`Wrote ${output}: upload it in Teams under Apps → Manage your apps → Upload an app.\n`);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 2;
}
