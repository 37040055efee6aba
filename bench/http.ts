// HTTP benchmark: signed `/dateline search …` slash commands against `dateline serve`, and the
// same load against a bare Bolt app acking with a fixed string: as fast as each server answers
// (autocannon), and at a steady rate, one command every 1/rate seconds.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { busyReply } from '../adapters/slack/inbound.ts';
import { formBody, nowSeconds, signSlackRequest } from '../tests/slack/support/signing.ts';
import { startBareBolt, startDateline, startNullSlack, type Child } from './servers.ts';
import { percentile, type Spread, spread, twoDecimals } from './stats.ts';

const SECRET = 'bench-signing-secret';
/** The slash command sent, which is also ours' default. */
const COMMAND = '/dateline';

/** Ours' ack of a command it turns away, as Bolt sends it. */
const BUSY_ACK = JSON.stringify(busyReply(COMMAND));
const turnedAway = (ackBody: string) => ackBody === BUSY_ACK;

export interface HttpFigures {
  requests_per_second: number;
  p50_ms: number;
  p99_ms: number;
  errors: number;
  non_2xx: number;
  /** Requests answered with a 2xx. */
  acked: number;
  /** Of those, commands turned away at their ack because too many answers were owed (ours only). */
  turned_away: number;
  /**
   * CPU time (user + system, all threads) the server's process spent per request answered,
   * during the load: less sensitive to the other work on a shared machine than requests a second.
   */
  cpu_us_per_request: number;
}

/** The kernel's clock ticks a second, in which /proc reports CPU time. */
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

/** CPU time (µs) a child process has used so far: utime + stime of /proc/<pid>/stat. */
function cpuMicros(child: Child): number {
  const stat = readFileSync(`/proc/${child.process.pid}/stat`, 'utf8');
  // The fields after the command name (in parentheses, which may hold spaces): utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS) * 1e6;
}

interface LoadOptions {
  durationSeconds: number;
  connections: number;
  /** Requests a second, evenly spaced; unset means as fast as the server answers. */
  rate?: number;
}

/** Commands sent so far, in every load: each one's trigger_id. */
let commandsSent = 0;

/** A command as Slack sends it: its own trigger_id, signed afresh. */
export function signed(command: (triggerId: string) => string): { headers: Record<string, string>; body: string } {
  const timestamp = nowSeconds();
  const body = command(String(++commandsSent));
  return {
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signSlackRequest(SECRET, timestamp, body),
    },
    body,
  };
}

/**
 * `options.durationSeconds` of load on `child`: at `options.rate`, or as fast as it answers.
 * Every request is a command of its own: the same signed request over and over would be refused
 * as a replay (409) by Dateline after the first, and the bench would time refusals.
 */
async function load(child: Child, command: (triggerId: string) => string, options: LoadOptions): Promise<HttpFigures> {
  const cpuBefore = cpuMicros(child);
  const figures = await (options.rate
    ? steadyLoad(child, command, { ...options, rate: options.rate })
    : saturatingLoad(child, command, options));
  return { ...figures, cpu_us_per_request: Math.round((cpuMicros(child) - cpuBefore) / Math.max(1, figures.acked + figures.non_2xx)) };
}

type LoadFigures = Omit<HttpFigures, 'cpu_us_per_request'>;

async function saturatingLoad(child: Child, command: (triggerId: string) => string, options: LoadOptions): Promise<LoadFigures> {
  let turnedAwayCount = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${child.port}/slack/events`,
    method: 'POST',
    connections: options.connections,
    duration: options.durationSeconds,
    requests: [
      {
        setupRequest: (request) => ({ ...request, ...signed(command) }),
        onResponse: (_status, body) => {
          if (turnedAway(body)) turnedAwayCount++;
        },
      },
    ],
  });
  return {
    requests_per_second: Math.round(result.requests.average),
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non_2xx: result.non2xx,
    acked: result['2xx'],
    turned_away: turnedAwayCount,
  };
}

/**
 * One command every 1/rate seconds, each timed from its sending to its ack, over up to
 * `connections` keep-alive connections. autocannon's rate is no steady load: each connection
 * sends its share of the second back to back at the start of each second, so "200 a second"
 * was a burst of 200 commands once a second.
 */
async function steadyLoad(
  child: Child,
  command: (triggerId: string) => string,
  options: LoadOptions & { rate: number },
): Promise<LoadFigures> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const latencies: number[] = [];
  let errors = 0;
  let non2xx = 0;
  let turnedAwayCount = 0;
  const send = () =>
    new Promise<void>((resolve) => {
      const { headers, body } = signed(command);
      const sent = performance.now();
      const req = request({ host: '127.0.0.1', port: child.port, path: '/slack/events', method: 'POST', headers, agent }, (res) => {
        let ackBody = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (ackBody += chunk));
        res.on('end', () => {
          if (res.statusCode !== undefined && res.statusCode >= 200 && res.statusCode < 300) latencies.push(performance.now() - sent);
          else non2xx++;
          if (turnedAway(ackBody)) turnedAwayCount++;
          resolve();
        });
      });
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end(body);
    });
  const total = Math.round(options.rate * options.durationSeconds);
  const started = performance.now();
  const requests: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const wait = started + (i * 1000) / options.rate - performance.now();
    if (wait >= 1) await sleep(wait);
    requests.push(send());
  }
  await Promise.all(requests);
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  return {
    requests_per_second: Math.round(total / elapsed),
    p50_ms: twoDecimals(percentile(latencies, 0.5)),
    p99_ms: twoDecimals(percentile(latencies, 0.99)),
    errors,
    non_2xx: non2xx,
    acked: latencies.length,
    turned_away: turnedAwayCount,
  };
}

interface Comparison {
  /** Each round's figures, ours and bare run back to back. */
  rounds: { ours: HttpFigures; bare: HttpFigures; ratio_p99: number; ratio_requests_per_second: number }[];
  ours_p99_ms: Spread;
  bare_p99_ms: Spread;
  ours_requests_per_second: Spread;
  bare_requests_per_second: Spread;
  ratio_p99: Spread;
  /** Ours' requests a second as a share of bare Bolt's (at saturation: how many acks each can send). */
  ratio_requests_per_second: Spread;
  ours_cpu_us_per_request: Spread;
  bare_cpu_us_per_request: Spread;
  /** The share of ours' commands turned away at their ack (too many answers owed). */
  ours_turned_away_share: Spread;
}

/** A server under load, and what to wait for after each load before the other side's starts. */
interface Side {
  child: Child;
  /** Resolves once the server has finished the work of the commands it acked (ours: the answers it owes). */
  settle(figures: HttpFigures): Promise<void>;
}

/** A second of load, discarded, so that neither server is measured while its code is still being compiled. */
const WARM_UP = { durationSeconds: 1, connections: 10 };

/**
 * `rounds` rounds of the same load on each server in turn, the order alternating, so that noise
 * falls on both sides of the ratio. Each load ends with its server settled: answers ours still
 * owes would otherwise take the CPU from the bare app's round.
 */
async function compare(
  ours: Side,
  bare: Side,
  command: (triggerId: string) => string,
  options: LoadOptions,
  rounds: number,
): Promise<Comparison> {
  const run = async (side: Side, loadOptions: LoadOptions) => {
    const figures = await load(side.child, command, loadOptions);
    await side.settle(figures);
    return figures;
  };
  await run(ours, WARM_UP);
  await run(bare, WARM_UP);
  const results: Comparison['rounds'] = [];
  for (let round = 0; round < rounds; round++) {
    const first = round % 2 === 0 ? ours : bare;
    const second = first === ours ? bare : ours;
    const a = await run(first, options);
    const b = await run(second, options);
    const [oursFigures, bareFigures] = first === ours ? [a, b] : [b, a];
    results.push({
      ours: oursFigures,
      bare: bareFigures,
      ratio_p99: twoDecimals(oursFigures.p99_ms / bareFigures.p99_ms),
      ratio_requests_per_second: twoDecimals(oursFigures.requests_per_second / bareFigures.requests_per_second),
    });
  }
  return {
    rounds: results,
    ours_p99_ms: spread(results.map((r) => r.ours.p99_ms)),
    bare_p99_ms: spread(results.map((r) => r.bare.p99_ms)),
    ours_requests_per_second: spread(results.map((r) => r.ours.requests_per_second)),
    bare_requests_per_second: spread(results.map((r) => r.bare.requests_per_second)),
    ratio_p99: spread(results.map((r) => r.ratio_p99)),
    ratio_requests_per_second: spread(results.map((r) => r.ratio_requests_per_second)),
    ours_cpu_us_per_request: spread(results.map((r) => r.ours.cpu_us_per_request)),
    bare_cpu_us_per_request: spread(results.map((r) => r.bare.cpu_us_per_request)),
    ours_turned_away_share: spread(results.map((r) => r.ours.turned_away / r.ours.acked)),
  };
}

/** Resolves once the Slack stand-in has had `total` answers, polling it. */
async function answersReceived(slackUrl: string, total: number, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { answers } = (await (await fetch(`${slackUrl}/answers`)).json()) as { answers: number };
    if (answers >= total) return;
    if (Date.now() > deadline) throw new Error(`${answers} of ${total} answers arrived within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** `/dateline search lunit` as Slack sends it, its answer going to the stand-in at `slackUrl`. */
export const searchCommand = (slackUrl: string) => (triggerId: string) =>
  formBody({
    token: 'unused',
    team_id: 'T0BENCH',
    team_domain: 'bench',
    channel_id: 'C0BENCH',
    channel_name: 'bench',
    user_id: 'U0BENCH',
    user_name: 'bench',
    command: COMMAND,
    text: 'search lunit',
    response_url: `${slackUrl}/response/bench`,
    trigger_id: triggerId,
  });

/** Ours' environment: Slack in HTTP mode against the stand-in at `slackUrl`. */
export const oursEnv = (slackUrl: string) => ({
  SLACK_BOT_TOKEN: 'xoxb-bench',
  SLACK_SIGNING_SECRET: SECRET,
  SLACK_API_URL: `${slackUrl}/api/`,
});

/**
 * Three runs: at a steady rate both servers can sustain (what an ack's latency looks like when
 * Slack is not flooding the bot), at saturation (as fast as each server answers, the 50
 * connections for the given time), and at the steady rate again once the flood is over.
 */
export async function benchHttp(options: {
  durationSeconds: number;
  /** Longer than a saturated round: a p99 is the 1% slowest, and at 200 a second 10 s holds only 20 of them. */
  steadySeconds: number;
  connections: number;
  steadyRate: number;
  rounds: number;
}) {
  const slack = await startNullSlack();
  const slackUrl = `http://127.0.0.1:${slack.port}`;
  const command = searchCommand(slackUrl);
  const servers: Child[] = [];
  try {
    const oursChild = await startDateline(oursEnv(slackUrl));
    servers.push(oursChild);
    const bareChild = await startBareBolt(SECRET);
    servers.push(bareChild);
    let oursAnswersOwed = 0;
    const ours: Side = {
      child: oursChild,
      settle: (figures) => {
        oursAnswersOwed += figures.acked - figures.turned_away;
        return answersReceived(slackUrl, oursAnswersOwed);
      },
    };
    const bare: Side = { child: bareChild, settle: async () => undefined };
    const steadyOptions = { ...options, durationSeconds: options.steadySeconds, rate: options.steadyRate };
    // Steady first, on servers that have seen nothing but the warm-up: the load a bot sees when
    // Slack is not flooding it. Then again after the saturated rounds, whose answers left ours a
    // larger heap to collect (bare Bolt answers nothing).
    const steady = await compare(ours, bare, command, steadyOptions, options.rounds);
    const saturated = await compare(ours, bare, command, options, options.rounds);
    const steadyAfterSaturation = await compare(ours, bare, command, steadyOptions, options.rounds);
    return {
      connections: options.connections,
      duration_s: options.durationSeconds,
      steady_duration_s: options.steadySeconds,
      steady_rate_per_s: options.steadyRate,
      steady,
      saturated,
      steady_after_saturation: steadyAfterSaturation,
    };
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
    await slack.stop();
  }
}
