// What an operator watches, in Prometheus' text format at GET /metrics (prom-client). One registry
// for the process; the metrics are defined here and counted where they happen, one line each.
// Gauges that are a state of the store (installations) are read when scraped.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { VERSION } from './version.ts';

const registry = new Registry();

/** Commands and questions answered, by platform (`cli` outside a channel) and kind (`invalid` when unparsed). */
const commands = new Counter({
  name: 'dateline_commands_total',
  help: 'Commands and questions answered, by platform and kind of command',
  labelNames: ['platform', 'kind'] as const,
  registers: [registry],
});

/** From a command's ack (Slack) or arrival (Teams) to its answer delivered. */
const answerSeconds = new Histogram({
  name: 'dateline_answer_duration_seconds',
  help: 'Time from a command acked to its answer delivered',
  labelNames: ['platform'] as const,
  buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [registry],
});

const acksTurnedAway = new Counter({
  name: 'dateline_acks_turned_away_total',
  help: 'Commands turned away at their ack because too many answers were owed',
  labelNames: ['platform'] as const,
  registers: [registry],
});

const answersOwed = new Gauge({
  name: 'dateline_answers_owed',
  help: 'Commands acked whose answer is not yet delivered',
  labelNames: ['platform'] as const,
  registers: [registry],
});

const deliveries = new Counter({
  name: 'dateline_deliveries_total',
  help: 'Scheduled digests by outcome (delivered, recovered, skipped, paused, retry-later, missed)',
  labelNames: ['platform', 'outcome'] as const,
  registers: [registry],
});

const rateLimited = new Counter({
  name: 'dateline_rate_limited_total',
  help: 'Posts refused with a Retry-After (HTTP 429), by platform',
  labelNames: ['platform'] as const,
  registers: [registry],
});

const passSeconds = new Histogram({
  name: 'dateline_digest_pass_duration_seconds',
  help: 'Duration of each scheduler pass over the subscriptions',
  buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 30, 60, 120],
  registers: [registry],
});

const lateness = new Histogram({
  name: 'dateline_digest_lateness_seconds',
  help: "Time from a digest's scheduled minute to its post",
  labelNames: ['platform'] as const,
  buckets: [1, 5, 15, 30, 60, 120, 300, 900, 3600, 21600],
  registers: [registry],
});

const installations = new Gauge({
  name: 'dateline_installations',
  help: 'Installations by platform and state, as the store holds them',
  labelNames: ['platform', 'state'] as const,
  registers: [registry],
});

new Gauge({
  name: 'dateline_build_info',
  help: 'The running version',
  labelNames: ['version', 'node'] as const,
  registers: [registry],
}).set({ version: VERSION, node: process.version }, 1);

/** Every metric a part of the bot counts; re-exported to the adapters through src/index.ts. */
export const metrics = { commands, answerSeconds, acksTurnedAway, answersOwed, deliveries, rateLimited, passSeconds, lateness };

let collectingProcessMetrics = false;

/** Node's own metrics (event-loop delay, memory, CPU, GC), from when a bot starts serving; once per process. */
export function collectProcessMetrics(): void {
  if (collectingProcessMetrics) return;
  collectingProcessMetrics = true;
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 10 });
}

/** The registry's text, after reading what is a state of the store. */
export async function scrapeMetrics(countInstallations: () => Promise<{ platform: string; state: string; count: number }[]>) {
  installations.reset();
  for (const { platform, state, count } of await countInstallations()) installations.set({ platform, state }, count);
  return { contentType: registry.contentType, text: await registry.metrics() };
}
