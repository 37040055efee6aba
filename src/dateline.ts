// The core's one entry point for every adapter: text in, a neutral Briefing out. A conversation's
// last answer is remembered for a few minutes, so that a follow-up ("what else?") can use it.
import type { Logger } from 'pino';
import { apologyBriefing, errorBriefing, notice, type Briefing } from './briefing/model.ts';
import { helpBriefing, smallTalkBriefing } from './briefing/help.ts';
import { koreanReader } from './commands/korean.ts';
import { parseCommand, type KoreanReader } from './commands/parse.ts';
import type { Command } from './commands/types.ts';
import { Digests } from './digests/digests.ts';
import type { Catalog } from './facts/catalog.ts';
import { answerLookup, searches, unknownTheme } from './queries/answer.ts';
import { ConversationMemory, followUp } from './queries/follow-ups.ts';
import { readSubscriptionForm, subscriptionForm, type FieldId, type FormValues, type SubscriptionForm } from './forms/subscription-form.ts';
import type { Subscription } from './store/subscriptions.ts';
import type { ChannelRef } from './types.ts';

export type SubscriptionCommand = Extract<Command, { kind: 'subscribe' | 'unsubscribe' | 'subscriptions' }>;

/** Whether the text asks for the subscription form (`subscribe` alone), which adapters with forms show instead of an answer. */
export function isFormRequest(text: string, reference: Date): boolean {
  const parsed = parseCommand(text, reference);
  return parsed.ok && parsed.command.kind === 'subscription-form';
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

export interface AskContext {
  now: Date;
  /** The zone for "today" when the channel has no subscription zone. */
  zone?: string;
  channel?: ChannelRef;
  /** The thread within the channel (a Slack thread's ts), when the question was asked in one. */
  thread?: string;
}

/** The conversation a question belongs to, for follow-ups: a channel, or a thread in it. */
function conversationOf(context: AskContext): string | undefined {
  const { channel, thread } = context;
  return channel && [channel.platform, channel.workspace, channel.channel, thread ?? ''].join('\u0000');
}

export class Dateline {
  readonly digests: Digests;
  private desk: SubscriptionDesk | undefined;
  private readonly memory = new ConversationMemory();
  private korean: KoreanReader | undefined;

  constructor(
    readonly catalog: Catalog,
    readonly defaultZone: string,
    /** Where an answer that failed inside the core is logged. */
    private readonly logger?: Logger,
  ) {
    this.digests = new Digests(catalog);
  }

  useSubscriptions(desk: SubscriptionDesk): void {
    this.desk = desk;
  }

  /**
   * The subscription form for a channel, starting from its current digest; `zone` is the asker's
   * own zone, preselected when the channel has none.
   */
  async subscriptionForm(channel: ChannelRef, zone?: string): Promise<SubscriptionForm> {
    const subscriptions = (await this.desk?.subscriptionsOf?.(channel)) ?? [];
    return subscriptionForm(this.catalog, { subscriptions, zone: zone ?? this.defaultZone });
  }

  /** A submitted subscription form: the desk's answer, as for the typed command, or what is wrong with each field. */
  async submitSubscriptionForm(values: FormValues, channel: ChannelRef, now: Date): Promise<FormSubmission> {
    const reading = readSubscriptionForm(values, this.catalog);
    if (!reading.ok) return reading;
    if (!this.desk) return { ok: true, briefing: notice('Digests are delivered to Slack and Teams channels.') };
    return { ok: true, briefing: await this.desk.handle(reading.command, channel, now) };
  }

  /** The digests of these channels (one workspace's), for a home screen. */
  async digestsOf(channels: ChannelRef[], now: Date): Promise<DigestStatus[]> {
    return (await this.desk?.digestsOf?.(channels, now)) ?? [];
  }

  /** The answer to a command or question. Never throws: a failure inside the core is logged and answered with an apology. */
  async ask(text: string, context: AskContext): Promise<Briefing> {
    try {
      return await this.answer(text, context);
    } catch (error) {
      this.logger?.error({ err: error }, 'dateline could not answer');
      return apologyBriefing();
    }
  }

  private async answer(text: string, context: AskContext): Promise<Briefing> {
    const conversation = conversationOf(context);
    const last = conversation && this.memory.recall(conversation, context.now);
    if (last) await this.catalog.prepareSearch();
    const follow = last ? followUp(text, last, this.catalog) : undefined;
    if (typeof follow === 'object') return this.run(follow, context, conversation);
    this.korean ??= koreanReader(this.catalog.vocabulary());
    const parsed = parseCommand(follow ?? text, context.now, this.korean);
    if (!parsed.ok) return errorBriefing(parsed.error.message, parsed.error.suggestions);
    return this.run(parsed.command, context, conversation);
  }

  private async run(command: Command, context: AskContext, conversation: string | undefined): Promise<Briefing> {
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

  private preview(command: Extract<Command, { kind: 'preview' }>, now: Date, zone: string): Briefing {
    const settings = { cadence: command.cadence, zone, quiet: false, ...(command.themeId ? { themeId: command.themeId } : {}) };
    const digest = this.digests.forSubscription(settings, now);
    if (digest.action === 'post') return digest.briefing;
    // A theme that is not in the packs: answered with the themes there are, as a lookup is.
    if (digest.action === 'pause' && command.themeId) return unknownTheme(this.catalog, command.themeId);
    return notice(digest.reason);
  }
}
