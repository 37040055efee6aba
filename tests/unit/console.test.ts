// The console adapter: a local chat that reads lines, answers each, and stops at "exit".
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runConsole } from '../../adapters/console/console.ts';
import { Dateline } from '../../src/dateline.ts';
import { openCatalog } from '../../src/facts/open.ts';
import { captureOutput, FACTS_DIR } from './support.ts';

describe('dateline console', () => {
  it('answers each line in turn and stops at exit, ignoring what follows', async () => {
    const dateline = new Dateline(openCatalog(FACTS_DIR), 'Asia/Seoul');
    const { out, text } = captureOutput();
    const input = Readable.from(['fact mfds-fda-ai-mou\n', 'on 2023-13\n', 'exit\n', 'search lunit\n']);
    await runConsole(dateline, { zone: 'Asia/Seoul', at: new Date('2026-06-01T00:00:00Z') }, input, out);
    const transcript = text();
    expect(transcript).toContain('MFDS and US FDA sign an MoU');
    expect(transcript).toContain('Source quote: “In May 2023, the Ministry of Food and Drug Safety');
    expect(transcript).toContain('2023-13 is not a date: a month is 01 to 12');
    expect(transcript).not.toContain('Search: lunit');
    expect(transcript.match(/dateline> /g)).toHaveLength(3);
  });
});
