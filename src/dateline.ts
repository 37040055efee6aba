// The core's one entry point for every adapter: text is read into a typed Request once, at the
// edge (`read`); a Request is answered with a neutral Briefing and whether it may be shared
// (`run`); the subscription form is offered and submitted as a neutral model (`formFor`,
// `submitForm`). Buttons and forms carry typed commands, so nothing is parsed twice. A Korean
// question is read against the pack's vocabulary, and a conversation's last answer is remembered
// for a few minutes, so that a typed follow-up ("what else?") can use it.
import type { Logger } from 'pino';
import { apologyBriefing, errorBriefing, notice, type Briefing } from './briefing/model.ts';
import { helpBriefing, smallTalkBriefing } from './briefing/help.ts';
import { koreanReader } from './commands/korean.ts';
import { cleanInput, parseCommand } from './commands/parse.ts';
import { MAX_INPUT_CHARS, type Command, type CommandError } from './commands/types.ts';
import { metrics } from './metrics.ts';
import { Digests } from './digests/digests.ts';
import type { Catalog } from './facts/catalog.ts';
import { answerLookup, searches, unknownTheme } from './queries/answer.ts';
import { ConversationMemory, followUp } from './queries/follow-ups.ts';
import { readSubscriptionForm, subscriptionForm, type FieldId, type FormValues, type SubscriptionForm } from './forms/subscription-form.ts';
import type { Subscription } from './store/subscriptions.ts';
import type { ChannelRef } from './types.ts';

export type SubscriptionCommand = Extract<Command, { kind: 'subscribe' | 'unsubscribe' | 'subscriptions' }>;

/** What a person asked, read once: a typed command, or text that is none (answered with what was wrong). */
export type Request = Command | { kind: 'invalid'; error: CommandError };

/** An answer, and whether anyone in the channel may be shown it (a lookup that found something). */
export interface Answer {
  briefing: Briefing;
  shareable: boolean;
}

/** Commands whose answer is the same for everyone and changes nothing: the ones a person may share. */
const LOOKUPS: ReadonlySet<Request['kind']> = new Set([
  'today',
  'on',
  'week',
  'themes',
  'theme',
  'search',
  'latest',
  'fact',
  'preview',
  'help',
]);

/** Whether a command is a lookup (not a subscription change): the only kind a Share button may carry. */
export function isLookup(command: Command): boolean {
  return LOOKUPS.has(command.kind);
}

/** Handles subscribe, unsubscribe and subscriptions for a channel (see src/subscriptions). */
export interface SubscriptionDesk {
  handle(command: SubscriptionCommand, channel: ChannelRef, now: Date): Promise<Briefing>;
  /** The zone of a channel's subscription, so that its "today" is the channel's today. */
  zoneOf?(channel: ChannelRef): Promise<string | undefined>;
  /** The subscriptions of the given channels of one workspace, with when each runs next or why it is paused. */
  digestsOf?(channels: ChannelRef[], now: Date): Promise<DigestStatus[]>;
  subscriptionsOf?(channel: ChannelRef): Promise<Subscription[]>;
}

/** A channel's digest as a home screen lists it. */
export interface DigestStatus {
  subscription: Subscription;
  /** "Every weekday at 09:00 (Asia/Seoul)". */
  schedule: string;
  /** "Next: …" or "Paused since …: reason". */
  state: string;
}

export type FormSubmission = { ok: true; briefing: Briefing } | { ok: false; errors: Partial<Record<FieldId, string>> };

/** Commands whose answer depends on the day it is where they are asked. */
const USES_TODAY = new Set<Command['kind']>(['today', 'on', 'week', 'preview']);

export interface RunContext {
  now: Date;
  /** The zone for "today" when the channel has no subscription zone. */
  zone?: string;
  channel?: ChannelRef;
  /** The installation the channel belongs to, when it is not the channel's workspace (a Teams team, or the chat). */
  installation?: string;
  /** The thread within the channel (a Teams thread's conversation id), when the question was asked in one. */
  thread?: string;
}

/** The conversation a question belongs to, for follow-ups: a channel, or a thread in it. */
function conversationOf(context: RunContext): string | undefined {
  const { channel, thread } = context;
  return channel && [channel.platform, channel.workspace, channel.channel, thread ?? ''].join('\u0000');
}

/** Whether an installation has ended (src/installations): an ended one answers no command. */
export interface InstallationGate {
  isEnded(platform: ChannelRef['platform'], installation: string): Promise<boolean>;
}

/** The answer to anything asked where Dateline's installation has ended. */
const ENDED = notice(
  'Dateline is no longer installed here.',
  'Ask an admin to install it again (in Teams, to add it to the team again); its digests resume as they were.',
);

export class Dateline {
  readonly digests: Digests;
  private desk: SubscriptionDesk | undefined;
  private gate: InstallationGate | undefined;
  private readonly memory = new ConversationMemory();
  /** The text each Request was read from, so that a typed follow-up can be read against its conversation (a button's Request has none). */
  private readonly typed = new WeakMap<Request, string>();
  private korean: ((text: string) => string) | undefined;

  constructor(
    readonly catalog: Catalog,
    readonly defaultZone: string,
    /** Where an answer that failed inside the core is logged. */
    private readonly logger?: Logger,
  ) {
    this.digests = new Digests(catalog);
  }

  /** A running bot: subscriptions through the desk, and commands gated by their installation. */
  useSubscriptions(desk: SubscriptionDesk, gate?: InstallationGate): void {
    this.desk = desk;
    this.gate = gate;
  }

  /** Whether the channel's installation has ended: then nothing is answered or changed there. */
  private async ended(channel: ChannelRef | undefined, installation: string | undefined): Promise<boolean> {
    return (
      channel !== undefined && this.gate !== undefined && (await this.gate.isEnded(channel.platform, installation ?? channel.workspace))
    );
  }

  /**
   * The subscription form for a channel, starting from its current digest; `zone` is the asker's
   * own zone, preselected when the channel has none.
   */
  async formFor(channel: ChannelRef, zone?: string): Promise<SubscriptionForm> {
    const subscriptions = (await this.desk?.subscriptionsOf?.(channel)) ?? [];
    return subscriptionForm(this.catalog, { subscriptions, zone: zone ?? this.defaultZone });
  }

  /** A submitted subscription form: the desk's answer, as for the typed command, or what is wrong with each field. */
  async submitForm(values: FormValues, channel: ChannelRef, now: Date, installation?: string): Promise<FormSubmission> {
    const reading = readSubscriptionForm(values, this.catalog);
    if (!reading.ok) return reading;
    if (await this.ended(channel, installation)) return { ok: true, briefing: ENDED };
    if (!this.desk) return { ok: true, briefing: notice('Digests are delivered to Slack and Teams channels.') };
    return { ok: true, briefing: await this.desk.handle(reading.command, channel, now) };
  }

  /** The digests of these channels (one workspace's), for a home screen. */
  async digestsOf(channels: ChannelRef[], now: Date): Promise<DigestStatus[]> {
    return (await this.desk?.digestsOf?.(channels, now)) ?? [];
  }

  /** Reads typed text into a Request: the one place text is parsed. */
  read(text: string, now: Date): Request {
    this.korean ??= koreanReader(this.catalog.vocabulary());
    const parsed = parseCommand(text, now, this.korean);
    const request: Request = parsed.ok ? parsed.command : { kind: 'invalid', error: parsed.error };
    this.typed.set(request, text);
    return request;
  }

  /**
   * Words typed into a search box (Teams' compose box) read as a search, held to the limits of
   * anything typed; nothing typed reads as the latest facts.
   */
  readSearch(words: string, now: Date, latest: number): Request {
    const text = cleanInput(words);
    // Too long to be anything typed: the parser's own refusal says so.
    if (text.length > MAX_INPUT_CHARS) return this.read(text, now);
    return text ? { kind: 'search', text } : { kind: 'latest', count: latest };
  }

  /** The answer to a Request. Never throws: a failure inside the core is logged and answered with an apology. */
  async run(request: Request, context: RunContext): Promise<Answer> {
    metrics.commands.inc({ platform: context.channel?.platform ?? 'cli', kind: request.kind });
    try {
      const briefing = await this.answer(request, context);
      return { briefing, shareable: LOOKUPS.has(request.kind) && briefing.kind === 'briefing' };
    } catch (error) {
      this.logger?.error({ err: error }, 'dateline could not answer');
      return { briefing: apologyBriefing(), shareable: false };
    }
  }

  /** Text read and answered at once: for the command line and the console, which have nothing else to carry. */
  async ask(text: string, context: RunContext): Promise<Briefing> {
    return (await this.run(this.read(text, context.now), context)).briefing;
  }

  private async answer(request: Request, context: RunContext): Promise<Briefing> {
    if (await this.ended(context.channel, context.installation)) return ENDED;
    const conversation = conversationOf(context);
    const command = await this.followingUp(request, context, conversation);
    if (command.kind === 'invalid') return errorBriefing(command.error.message, command.error.suggestions);
    // Only commands about "today" need the channel's zone: the others skip the store's round trip.
    const channelZone =
      USES_TODAY.has(command.kind) && context.channel && this.desk?.zoneOf ? await this.desk.zoneOf(context.channel) : undefined;
    const zone = channelZone ?? context.zone ?? this.defaultZone;
    switch (command.kind) {
      case 'help':
        return helpBriefing();
      case 'small-talk':
        return smallTalkBriefing(command.topic);
      case 'preview':
        return this.preview(command, context.now, zone);
      case 'subscription-form':
        return notice('Subscribe to what? Say "daily" or "weekly".', 'In Slack and Teams, `subscribe` alone opens a form.', [
          'subscribe daily',
          'subscribe weekly',
        ]);
      case 'subscribe':
      case 'unsubscribe':
      case 'subscriptions':
        if (!this.desk || !context.channel) {
          return notice('Digests are delivered to Slack and Teams channels.', 'Type this in a channel where Dateline is installed.', [
            `preview ${command.kind === 'subscribe' ? command.cadence : 'daily'}`,
          ]);
        }
        return this.desk.handle(command, context.channel, context.now);
      default: {
        // On a first start the index is still being built in the background: a search waits for it.
        if (searches(command)) await this.catalog.prepareSearch();
        const answer = answerLookup(command, { catalog: this.catalog, now: context.now, zone, archive: this.digests.archive });
        if (conversation) this.memory.remember(conversation, command, answer, this.catalog, context.now);
        return answer;
      }
    }
  }

  /** A typed follow-up in a conversation with a recent answer, read against it; anything else as it was read. */
  private async followingUp(request: Request, context: RunContext, conversation: string | undefined): Promise<Request> {
    const text = this.typed.get(request);
    const last = conversation && text !== undefined ? this.memory.recall(conversation, context.now) : undefined;
    if (!last || text === undefined) return request;
    await this.catalog.prepareSearch();
    const read = (typed: string) => {
      const parsed = parseCommand(typed, context.now, this.korean);
      return parsed.ok ? parsed.command : undefined;
    };
    return followUp(text, request.kind === 'invalid' ? undefined : request, last, this.catalog, read) ?? request;
  }

  private preview(command: Extract<Command, { kind: 'preview' }>, now: Date, zone: string): Briefing {
    const settings = { cadence: command.cadence, zone, quiet: false, ...(command.themeId ? { themeId: command.themeId } : {}) };
    const digest = this.digests.forSubscription(settings, now);
    if (digest.action === 'post') return digest.briefing;
    // A theme that is not in the packs: answered with the themes there are, as a lookup is.
    if (digest.action === 'pause' && command.themeId) return unknownTheme(this.catalog, command.themeId);
    return notice(digest.reason);
  }
}
