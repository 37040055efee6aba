// HTTP benchmark: signed `/dateline search …` slash commands with autocannon against
// `dateline serve`, and the same load against a bare Bolt app acking with a fixed string.
import autocannon from 'autocannon';
import { formBody, nowSeconds, signSlackRequest } from '../tests/slack/support/signing.ts';
import { startBareBolt, startDateline, startNullSlack, type Child } from './servers.ts';

const SECRET = 'bench-signing-secret';

export interface HttpFigures {
  requests_per_second: number;
  p50_ms: number;
  p99_ms: number;
  errors: number;
  non_2xx: number;
}

interface LoadOptions {
  durationSeconds: number;
  connections: number;
  /** Requests a second across all connections; unset means as fast as the server answers. */
  overallRate?: number;
}

async function load(child: Child, path: string, body: string, options: LoadOptions): Promise<HttpFigures> {
  const timestamp = nowSeconds();
  const result = await autocannon({
    url: `http://127.0.0.1:${child.port}${path}`,
    method: 'POST',
    connections: options.connections,
    duration: options.durationSeconds,
    ...(options.overallRate ? { overallRate: options.overallRate } : {}),
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signSlackRequest(SECRET, timestamp, body),
    },
    body,
  });
  return {
    requests_per_second: Math.round(result.requests.average),
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non_2xx: result.non2xx,
  };
}

interface Comparison {
  ours: HttpFigures;
  bare: HttpFigures;
  ratio_p99: number;
}

/** A second of load, discarded, so that neither server is measured while its code is still being compiled. */
const WARM_UP = { durationSeconds: 1, connections: 10 };

async function compare(ours: Child, bare: Child, body: string, options: LoadOptions): Promise<Comparison> {
  await load(ours, '/slack/events', body, WARM_UP);
  await load(bare, '/slack/events', body, WARM_UP);
  const oursFigures = await load(ours, '/slack/events', body, options);
  const bareFigures = await load(bare, '/slack/events', body, options);
  return { ours: oursFigures, bare: bareFigures, ratio_p99: Math.round((oursFigures.p99_ms / Math.max(1, bareFigures.p99_ms)) * 100) / 100 };
}

/**
 * Two runs: at saturation (as fast as each server answers, the 50 connections for
 * the given time) and at a steady rate both servers can sustain, which is what an ack's
 * latency looks like when Slack is not flooding the bot.
 */
export async function benchHttp(options: { durationSeconds: number; connections: number; steadyRate: number }) {
  const slack = await startNullSlack();
  const slackUrl = `http://127.0.0.1:${slack.port}`;
  const body = formBody({
    token: 'unused',
    team_id: 'T0BENCH',
    team_domain: 'bench',
    channel_id: 'C0BENCH',
    channel_name: 'bench',
    user_id: 'U0BENCH',
    user_name: 'bench',
    command: '/dateline',
    text: 'search lunit',
    response_url: `${slackUrl}/response/bench`,
    trigger_id: '1.2.3',
  });
  const servers: Child[] = [];
  try {
    const ours = await startDateline({ SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: `${slackUrl}/api/` });
    servers.push(ours);
    const bare = await startBareBolt(SECRET);
    servers.push(bare);
    const saturated = await compare(ours, bare, body, options);
    const steady = await compare(ours, bare, body, { ...options, overallRate: options.steadyRate });
    return { connections: options.connections, duration_s: options.durationSeconds, steady_rate_per_s: options.steadyRate, saturated, steady };
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
    await slack.stop();
  }
}
