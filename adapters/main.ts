// Runs the CLI with this build's surfaces and turns known failures into clear messages
// and exit codes (2: usage or configuration, 1: invalid fact packs or a failed run).
import { runCli, UsageError } from '../src/cli/main.ts';
import { ConfigError } from '../src/config.ts';
import { InvalidFactsError } from '../src/facts/open.ts';
import { surfaces } from './index.ts';

export async function main(argv: string[]): Promise<number> {
  try {
    return await runCli(argv, surfaces);
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    if (error instanceof InvalidFactsError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`${error.message}\nRun dateline --help for usage.\n`);
      return 2;
    }
    throw error;
  }
}
