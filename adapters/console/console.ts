// `dateline console`: a local chat in the terminal, like Hubot's shell adapter. Type
// commands or questions, read the answers; no credentials, no network.
import { createInterface } from 'node:readline/promises';
import type { Dateline } from '../../src/index.ts';
import { renderText } from './render.ts';

export async function runConsole(
  dateline: Dateline,
  options: { zone: string; at?: Date },
  input: NodeJS.ReadableStream = process.stdin,
  output: NodeJS.WritableStream = process.stdout,
): Promise<void> {
  const chat = createInterface({ input, output, terminal: false });
  output.write(`Dateline console (${dateline.catalog.facts.length} facts, zone ${options.zone}). Type help, or exit to leave.\n`);
  output.write('dateline> ');
  for await (const line of chat) {
    const text = line.trim();
    if (text === 'exit' || text === 'quit') break;
    const briefing = await dateline.ask(text, { now: options.at ?? new Date(), zone: options.zone });
    output.write(`${renderText(briefing)}\n\ndateline> `);
  }
  chat.close();
}
