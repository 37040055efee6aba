// `dateline run-due [--at ISO]`: one scheduler pass at that instant through the configured
// adapters' posters, then exit. Safe to run beside `dateline serve` and to repeat: the ledger
// lets each occurrence be posted once.
import { openBot, type BotOptions } from '../app.ts';
import type { PassReport } from '../scheduler/scheduler.ts';

export async function runDue(options: BotOptions & { at: Date }): Promise<PassReport> {
  const bot = await openBot(options);
  try {
    // Like a start-up pass: it also records what was missed while nothing ran.
    return await bot.scheduler.runPass(options.at, { startup: true });
  } finally {
    await bot.close();
  }
}
