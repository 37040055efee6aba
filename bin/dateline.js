#!/usr/bin/env node
// The `dateline` executable: reads .env when present, lets Node run the TypeScript sources
// through tsx, then hands the arguments to the CLI with every surface of this build.
import { config } from 'dotenv';
import { register } from 'tsx/esm/api';

config({ quiet: true });
register();
const { main } = await import('../adapters/main.ts');
process.exitCode = await main(process.argv.slice(2));
