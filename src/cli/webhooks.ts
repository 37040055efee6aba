// `dateline webhooks add | list | remove | test`: the operator's incoming webhooks. `add` seals
// the URL and subscribes the webhook's channel with the same subscription rules as a chat's
// `subscribe` (one parser, one desk); `list` shows each with its URL masked, its schedules,
// whether it is paused and why, and its last post's outcome; `test` posts a preview now through
// the running bot's webhook poster, exactly as the scheduler would.
import type { AdapterFactory } from '../adapter.ts';
import { openBot, openDateline } from '../app.ts';
import type { Briefing } from '../briefing/model.ts';
import { notice } from '../briefing/model.ts';
import { parseCommand } from '../commands/parse.ts';
import type { Cadence, SubscribeCommand } from '../commands/types.ts';
import { ConfigError, type CoreConfig } from '../config.ts';
import type { Catalog } from '../facts/catalog.ts';
import { SecretBox } from '../installations/secret-box.ts';
import { nextOccurrence } from '../scheduler/occurrences.ts';
import { openStore } from '../store/open.ts';
import type { Store } from '../store/store.ts';
import type { Subscription } from '../store/subscriptions.ts';
import { createSubscriptionDesk } from '../subscriptions/desk.ts';
import { describeSchedule, formatInZone } from '../subscriptions/describe.ts';
import { PostError } from '../types.ts';
import { isWebhookFormat, WEBHOOK_FORMATS, webhookChannel, webhookNameProblem, Webhooks } from '../webhooks/webhooks.ts';
import { UsageError } from './usage-error.ts';

const USAGE = `Usage:
  dateline webhooks add NAME URL --format ${WEBHOOK_FORMATS.join('|')} [--daily HH:MM] [--weekly DAY HH:MM] [--theme ID] [--zone Zone/Name]
  dateline webhooks list
  dateline webhooks remove NAME
  dateline webhooks test NAME                      posts a preview now`;

interface AddOptions {
  format?: string;
  daily?: string;
  weekly?: string;
  theme?: string;
  zone?: string;
}

/** `add`'s words and options; `--weekly` takes two words (DAY HH:MM). */
function parseAdd(args: string[]): { positionals: string[]; options: AddOptions } {
  const positionals: string[] = [];
  const options: AddOptions = {};
  for (let index = 0; index < args.length; index++) {
    const word = args[index]!;
    const option = /^--(format|daily|weekly|theme|zone)$/.exec(word)?.[1] as keyof AddOptions | undefined;
    if (!option) {
      if (word.startsWith('--')) throw new UsageError(`${word} is not an option of webhooks add.\n${USAGE}`);
      positionals.push(word);
      continue;
    }
    const takes = option === 'weekly' ? 2 : 1;
    const values = args.slice(index + 1, index + 1 + takes);
    if (values.length < takes || values.some((value) => value.startsWith('--')))
      throw new UsageError(`${word} needs ${option === 'weekly' ? 'a day and a time, such as: --weekly mon 09:00' : 'a value'}.`);
    options[option] = values.join(' ');
    index += takes;
  }
  return { positionals, options };
}

export async function webhooks(
  rest: string[],
  config: CoreConfig,
  factories: AdapterFactory[],
  out: NodeJS.WritableStream,
): Promise<number> {
  const [action, ...args] = rest;
  if (action === 'add') return add(args, config, out);
  const [name, ...extra] = args;
  if (action === 'list' && args.length === 0) return withStore(config, (store, catalog) => list(store, catalog, out));
  if ((action === 'remove' || action === 'test') && name !== undefined && extra.length === 0) {
    if (action === 'test') return test(name, config, factories, out);
    return withStore(config, async (store) => {
      if (!(await store.deleteWebhook(name))) throw new UsageError(`No webhook is named ${name}: see dateline webhooks list.`);
      out.write(`Removed webhook ${name}, with its digests and their delivery records.\n`);
      return 0;
    });
  }
  throw new UsageError(USAGE);
}

async function withStore(config: CoreConfig, run: (store: Store, catalog: Catalog) => Promise<number>): Promise<number> {
  const store = await openStore(config);
  try {
    const { catalog } = openDateline(config);
    try {
      return await run(store, catalog);
    } finally {
      catalog.close();
    }
  } finally {
    await store.close();
  }
}

/** The subscribe commands `add` stands for, parsed by the command language as a chat's would be. */
function subscribeCommands(options: AddOptions, now: Date): SubscribeCommand[] {
  if (options.theme && !options.weekly) throw new UsageError('--theme is for the weekly digest: add --weekly DAY HH:MM.');
  const texts: [string, string][] = [];
  if (options.daily || !options.weekly) texts.push(['--daily', `subscribe daily ${options.daily ?? '09:00'}`]);
  if (options.weekly) texts.push(['--weekly', `subscribe weekly ${options.weekly}${options.theme ? ` theme ${options.theme}` : ''}`]);
  return texts.map(([option, text]) => {
    const parsed = parseCommand(`${text}${options.zone ? ` ${options.zone}` : ''}`, now);
    if (!parsed.ok) throw new UsageError(`${option}: ${parsed.error.message}`);
    if (parsed.command.kind !== 'subscribe') throw new UsageError(`${option}: not a schedule.`);
    return parsed.command;
  });
}

async function add(args: string[], config: CoreConfig, out: NodeJS.WritableStream): Promise<number> {
  const { positionals, options } = parseAdd(args);
  const [name, url, ...extra] = positionals;
  if (name === undefined || url === undefined || extra.length > 0 || options.format === undefined) throw new UsageError(USAGE);
  if (!isWebhookFormat(options.format)) throw new UsageError(`--format ${options.format} is not one of: ${WEBHOOK_FORMATS.join(', ')}.`);
  const nameProblem = webhookNameProblem(name);
  if (nameProblem) throw new UsageError(nameProblem);
  const box = SecretBox.fromEnv(process.env);
  const now = new Date();
  const commands = subscribeCommands(options, now);
  return withStore(config, async (store, catalog) => {
    if (options.theme && !catalog.theme(options.theme.toLowerCase()))
      throw new UsageError(`--theme ${options.theme} is not a theme: see dateline ask themes.`);
    await new Webhooks(store, box).save(name, options.format as (typeof WEBHOOK_FORMATS)[number], url, now);
    const channel = webhookChannel(name);
    const desk = createSubscriptionDesk({ store, catalog, defaultZone: config.zone });
    const kept = new Set<Cadence>();
    for (const command of commands) {
      const answer = await desk.handle(command, channel, now);
      if (answer.kind === 'error') throw new UsageError(answer.title);
      kept.add(command.cadence);
    }
    // `add` says the whole schedule: a cadence it does not name is stopped.
    for (const cadence of ['daily', 'weekly'] as const) if (!kept.has(cadence)) await store.removeSubscriptions(channel, cadence);
    out.write(`Webhook ${name} (${options.format}) saved, its URL encrypted.\n`);
    for (const subscription of await store.subscriptionsOf(channel)) out.write(`  ${scheduleLine(subscription, catalog, now)}\n`);
    out.write(`Post a preview now: dateline webhooks test ${name}\n`);
    return 0;
  });
}

function scheduleLine(subscription: Subscription, catalog: Catalog, now: Date): string {
  const state = subscription.paused
    ? `PAUSED since ${subscription.paused.at.toISOString()}: ${subscription.paused.reason} (add it again to resume)`
    : `next ${formatInZone(nextOccurrence(subscription, now), subscription.zone)}`;
  return `${subscription.cadence}: ${describeSchedule(subscription, catalog)}; ${state}`;
}

async function list(store: Store, catalog: Catalog, out: NodeJS.WritableStream): Promise<number> {
  const all = await new Webhooks(store, SecretBox.fromEnv(process.env)).list();
  if (all.length === 0) out.write('No webhooks: add one with dateline webhooks add NAME URL --format FORMAT.\n');
  const now = new Date();
  for (const webhook of all) {
    out.write(`${webhook.name}  ${webhook.format}  ${webhook.maskedUrl}\n`);
    const subscriptions = await store.subscriptionsOf(webhookChannel(webhook.name));
    if (subscriptions.length === 0) out.write('  no digests\n');
    for (const subscription of subscriptions) out.write(`  ${scheduleLine(subscription, catalog, now)}\n`);
    const last = webhook.lastAttempt;
    out.write(
      `  last post: ${last ? `${last.outcome} at ${last.at.toISOString()}${last.detail ? `: ${last.detail}` : ''}` : 'none yet'}\n`,
    );
  }
  return 0;
}

/** Posts a preview of the webhook's digest (its daily one, else its weekly one) now, through the bot's webhook poster. */
async function test(name: string, config: CoreConfig, factories: AdapterFactory[], out: NodeJS.WritableStream): Promise<number> {
  const bot = await openBot({ config, env: process.env, adapters: factories });
  try {
    const poster = bot.adapters.map((adapter) => adapter.poster).find((candidate) => candidate?.platform === 'webhook');
    if (!poster)
      throw new ConfigError('DATELINE_SECRET_KEY is not set: webhook URLs are stored encrypted with it, and cannot be opened without it.');
    if (!(await bot.store.findWebhook(name))) throw new UsageError(`No webhook is named ${name}: see dateline webhooks list.`);
    const channel = webhookChannel(name);
    const [subscription] = (await bot.store.subscriptionsOf(channel)).sort((a, b) => a.cadence.localeCompare(b.cadence));
    const settings = subscription ?? { cadence: 'daily' as const, zone: config.zone, quiet: false };
    const now = new Date();
    const decision = bot.dateline.digests.forSubscription({ ...settings, quiet: false }, now);
    const briefing: Briefing = decision.action === 'post' ? decision.briefing : notice(decision.reason);
    const occurrence = now.toISOString();
    try {
      await poster.post(channel, briefing, { subscriptionId: `test:${name}`, occurrence, key: `test:${name}@${occurrence}` });
    } catch (error) {
      if (!(error instanceof PostError)) throw error;
      // A webhook found gone or refusing is paused as the scheduler would have paused it.
      if (error.kind !== 'retry') await bot.store.pauseWorkspace('webhook', name, error.reason, now);
      out.write(`Not delivered to ${name}: ${error.reason}${error.kind === 'retry' ? ' Try again later.' : ' Its digests are paused.'}\n`);
      return 1;
    }
    out.write(`Posted a preview of the ${settings.cadence} digest to ${name}.\n`);
    return 0;
  } finally {
    await bot.close();
  }
}
