// One `dateline run-due` in a child process, posting through recorderPoster: the environment
// gives the database (DATABASE_URL or DATELINE_DB), RECORDER_URL and RUN_AT. Prints the pass
// report as JSON on stdout; logs go to stderr.
import { readCoreConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { runDue } from '../../src/cli/run-due.ts';
import { posterAdapter, recorderPoster } from './adapters.ts';

const config = readCoreConfig(process.env);
const report = await runDue({
  config,
  logger: createLogger(config.logLevel, process.stderr),
  env: process.env,
  adapters: [posterAdapter(recorderPoster(process.env.RECORDER_URL!))],
  at: new Date(process.env.RUN_AT!),
});
process.stdout.write(JSON.stringify(report));
