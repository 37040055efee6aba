// An operator's incoming webhooks as the core keeps them: named, with the format the webhook
// adapter renders for, and a URL that is a secret (whoever has it can post there), sealed with
// DATELINE_SECRET_KEY on the way into the store and opened only to post. A webhook's digests are
// ordinary subscriptions of its channel (webhookChannel), so that the scheduler, the ledger and
// the catch-up need nothing of their own for it.
import { ConfigError } from '../config.ts';
import { SECRET_KEY_HINT, type SecretBox } from '../installations/secret-box.ts';
import type { WebhookAttempt, WebhookRecord, WebhookStore } from '../store/webhooks.ts';
import type { ChannelRef } from '../types.ts';

/** The targets `dateline webhooks add --format` names (DESIGN.md); the adapter has a renderer for each. */
export const WEBHOOK_FORMATS = ['teams-workflow', 'slack', 'google-chat', 'discord'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export const isWebhookFormat = (format: string): format is WebhookFormat => (WEBHOOK_FORMATS as readonly string[]).includes(format);

/** The channel a webhook's subscriptions hang off. */
export const webhookChannel = (name: string): ChannelRef => ({ platform: 'webhook', workspace: name, channel: name });

export interface Webhook {
  name: string;
  format: WebhookFormat;
  /** In the clear: never log it. */
  url: string;
}

/** Why a webhook name cannot be used, or undefined. */
export function webhookNameProblem(name: string): string | undefined {
  return NAME.test(name)
    ? undefined
    : `"${name}" is not a webhook name: use 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit.`;
}

function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/**
 * Why Dateline will not post to this URL, or undefined: https only, except plain http to this
 * machine (a local stand-in); no credentials in it. The reason never repeats the URL.
 */
export function webhookUrlProblem(url: string): string | undefined {
  if (!URL.canParse(url)) return 'the webhook URL is not a URL';
  const parsed = new URL(url);
  if (parsed.username || parsed.password) return 'the webhook URL carries a user name or password: give the URL the platform issued';
  if (parsed.protocol === 'https:') return undefined;
  if (parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname)) return undefined;
  return `the webhook URL must use https (plain http only to this machine), not ${parsed.protocol.replace(/:$/, '')}`;
}

/** The URL as `webhooks list` shows it: its scheme and host only, since the rest of a webhook URL is its secret. */
export function maskWebhookUrl(url: string): string {
  return URL.canParse(url) ? `${new URL(url).origin}/…` : '…';
}

const contextOf = (name: string) => `webhook:${name}`;

export class Webhooks {
  constructor(
    private readonly store: WebhookStore,
    private readonly box: SecretBox | undefined,
  ) {}

  /** Whether URLs can be sealed and opened: DATELINE_SECRET_KEY is set. */
  get usable(): boolean {
    return this.box !== undefined;
  }

  /** Creates or replaces a webhook; the URL is checked and sealed. */
  async save(name: string, format: WebhookFormat, url: string, at: Date): Promise<void> {
    if (!this.box) throw new ConfigError(`DATELINE_SECRET_KEY is not set: webhook URLs are stored encrypted with it; ${SECRET_KEY_HINT}.`);
    const problem = webhookNameProblem(name) ?? webhookUrlProblem(url);
    if (problem) throw new ConfigError(problem);
    await this.store.saveWebhook(name, format, this.box.seal(url, contextOf(name)), at);
  }

  /** A webhook with its URL opened; undefined when there is none of that name. Throws when its URL cannot be opened (another key). */
  async open(name: string): Promise<Webhook | undefined> {
    const record = await this.store.findWebhook(name);
    if (!record) return undefined;
    if (!this.box) throw new Error('no DATELINE_SECRET_KEY to open webhook URLs with');
    if (!isWebhookFormat(record.format)) throw new Error(`webhook ${name} has an unknown format, ${record.format}`);
    const { plaintext, stale } = this.box.open(record.sealedUrl, contextOf(name));
    // Sealed under DATELINE_SECRET_KEY_PREVIOUS: sealed again under the current key.
    if (stale) await this.store.resealWebhookUrl(name, record.sealedUrl, this.box.seal(plaintext, contextOf(name)));
    return { name, format: record.format, url: plaintext };
  }

  /** Every webhook, with its URL masked (or "sealed under another key" when it cannot be opened). */
  async list(): Promise<(WebhookRecord & { maskedUrl: string })[]> {
    const records = await this.store.listWebhooks();
    return records.map((record) => {
      let maskedUrl = 'sealed under another DATELINE_SECRET_KEY';
      try {
        if (this.box) maskedUrl = maskWebhookUrl(this.box.open(record.sealedUrl, contextOf(record.name)).plaintext);
      } catch {
        // shown as sealed under another key
      }
      return { ...record, maskedUrl };
    });
  }

  find(name: string): Promise<WebhookRecord | undefined> {
    return this.store.findWebhook(name);
  }

  remove(name: string): Promise<boolean> {
    return this.store.deleteWebhook(name);
  }

  recordAttempt(name: string, attempt: WebhookAttempt): Promise<void> {
    return this.store.recordWebhookAttempt(name, attempt);
  }
}
