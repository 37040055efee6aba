// The SQLite write-ahead log under steady traffic: `requests` signed slash commands as fast as
// `dateline serve` answers them (each one writes its replay key), the WAL file's size sampled
// throughout, and read again once the load is over.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { oursEnv, searchCommand, signed } from './http.ts';
import { startDateline, startNullSlack } from './servers.ts';

/** How long after the load the WAL is read again: a checkpoint pass or two. */
const SETTLE_MS = 3_000;

export interface WalFigures {
  requests: number;
  /** The WAL's largest size while the load ran, and its size SETTLE_MS after, in MB. */
  wal_peak_mb: number;
  wal_after_mb: number;
}

export async function benchWal(requests: number): Promise<WalFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'dateline-bench-wal-'));
  const wal = join(dir, 'dateline.db-wal');
  const walMb = () => Math.round((statSync(wal, { throwIfNoEntry: false })?.size ?? 0) / 1e5) / 10;
  const slack = await startNullSlack();
  const slackUrl = `http://127.0.0.1:${slack.port}`;
  const ours = await startDateline({ ...oursEnv(slackUrl), DATELINE_DB: join(dir, 'dateline.db') });
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, walMb())), 100);
  try {
    const command = searchCommand(slackUrl);
    await autocannon({
      url: `http://127.0.0.1:${ours.port}/slack/events`,
      method: 'POST',
      connections: 50,
      amount: requests,
      requests: [{ setupRequest: (request) => ({ ...request, ...signed(command) }) }],
    });
    peak = Math.max(peak, walMb());
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    return { requests, wal_peak_mb: peak, wal_after_mb: walMb() };
  } finally {
    clearInterval(sampler);
    await ours.stop();
    await slack.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
