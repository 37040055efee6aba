// `dateline ask --format slack` prints exactly the Block Kit message the bot would send, with
// renderSlackJson registered as the CLI's `slack` format (as adapters/index.ts registers it).
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { renderBlockKit, renderSlackJson } from '../../adapters/slack/render.ts';
import { renderText } from '../../adapters/console/render.ts';
import { runCli, type CliAdapters } from '../../src/cli/main.ts';
import { Dateline } from '../../src/dateline.ts';
import { openCatalog } from '../../src/facts/open.ts';
import { FACTS_DIR } from './support/slack-bot.ts';

const adapters: CliAdapters = { formats: { text: renderText, slack: renderSlackJson }, console: async () => undefined, factories: [] };

async function run(argv: string[]): Promise<string> {
  let written = '';
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      written += String(chunk);
      done();
    },
  });
  // runCli types its output as process.stdout; it only calls write().
  expect(await runCli(argv, adapters, out as typeof process.stdout)).toBe(0);
  return written;
}

describe('dateline ask --format slack', () => {
  it.each(['search lunit', 'on 2023', 'help', 'on 2023-02-30'])('prints the message for "%s" as JSON', async (text) => {
    const at = '2026-06-01T09:00:00+09:00';
    const printed = JSON.parse(await run(['ask', text, '--format', 'slack', '--at', at, '--tz', 'Asia/Seoul'])) as unknown;
    const dateline = new Dateline(openCatalog(FACTS_DIR), 'Asia/Seoul');
    expect(printed).toEqual(renderBlockKit(await dateline.ask(text, { now: new Date(at), zone: 'Asia/Seoul' })));
    expect(printed).toMatchObject({ text: expect.any(String), blocks: expect.any(Array) });
  });
});
