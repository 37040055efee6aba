// HTTP benchmark: signed `/dateline search …` slash commands with autocannon against
// `dateline serve`, and the same load against a bare Bolt app acking with a fixed string.
import autocannon from 'autocannon';
import { formBody, nowSeconds, signSlackRequest } from '../tests/slack/support/signing.ts';
import { startBareBolt, startDateline, startNullSlack, type Child } from './servers.ts';
import { type Spread, spread } from './stats.ts';

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
  /** Each round's figures, ours and bare run back to back. */
  rounds: { ours: HttpFigures; bare: HttpFigures; ratio_p99: number }[];
  ours_p99_ms: Spread;
  bare_p99_ms: Spread;
  ours_requests_per_second: Spread;
  bare_requests_per_second: Spread;
  ratio_p99: Spread;
}

/** A second of load, discarded, so that neither server is measured while its code is still being compiled. */
const WARM_UP = { durationSeconds: 1, connections: 10 };

/** `rounds` rounds of the same load on each server in turn, the order alternating, so that noise falls on both sides of the ratio. */
async function compare(ours: Child, bare: Child, body: string, options: LoadOptions, rounds: number): Promise<Comparison> {
  await load(ours, '/slack/events', body, WARM_UP);
  await load(bare, '/slack/events', body, WARM_UP);
  const results: Comparison['rounds'] = [];
  for (let round = 0; round < rounds; round++) {
    const first = round % 2 === 0 ? ours : bare;
    const second = first === ours ? bare : ours;
    const a = await load(first, '/slack/events', body, options);
    const b = await load(second, '/slack/events', body, options);
    const [oursFigures, bareFigures] = first === ours ? [a, b] : [b, a];
    results.push({
      ours: oursFigures,
      bare: bareFigures,
      ratio_p99: Math.round((oursFigures.p99_ms / Math.max(1, bareFigures.p99_ms)) * 100) / 100,
    });
  }
  return {
    rounds: results,
    ours_p99_ms: spread(results.map((r) => r.ours.p99_ms)),
    bare_p99_ms: spread(results.map((r) => r.bare.p99_ms)),
    ours_requests_per_second: spread(results.map((r) => r.ours.requests_per_second)),
    bare_requests_per_second: spread(results.map((r) => r.bare.requests_per_second)),
    ratio_p99: spread(results.map((r) => r.ratio_p99)),
  };
}

/**
 * Two runs: at saturation (as fast as each server answers, the 50 connections for
 * the given time) and at a steady rate both servers can sustain, which is what an ack's
 * latency looks like when Slack is not flooding the bot.
 */
export async function benchHttp(options: { durationSeconds: number; connections: number; steadyRate: number; rounds: number }) {
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
    const saturated = await compare(ours, bare, body, options, options.rounds);
    const steady = await compare(ours, bare, body, { ...options, overallRate: options.steadyRate }, options.rounds);
    return {
      connections: options.connections,
      duration_s: options.durationSeconds,
      steady_rate_per_s: options.steadyRate,
      saturated,
      steady,
    };
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
    await slack.stop();
  }
}
