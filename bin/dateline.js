#!/usr/bin/env node
// The `dateline` executable: reads .env when present, lets Node run the TypeScript sources
// through tsx, then hands the arguments to the CLI with every adapter of this build.
import { config } from 'dotenv';
import { register } from 'tsx/esm/api';

config({ quiet: true });
register();
const { main } = await import('../src/cli/main.ts');
const { adapters } = await import('../adapters/index.ts');
process.exitCode = await main(process.argv.slice(2), adapters);
