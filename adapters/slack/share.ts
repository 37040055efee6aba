// The "Share in channel" button: what its value carries, so that a click re-creates the very
// briefing the person saw (same text, same instant) and posts it in the channel it was asked in.
// The value is signed (HMAC-SHA256 with a key derived from the Slack secret), names its channel,
// and carries only a lookup: a value this server did not write, or one that would subscribe,
// unsubscribe or post elsewhere, does nothing.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { isLookup } from '../../src/index.ts';

export const SHARE_ACTION_ID = 'dateline_share';
/** Slack's limit on a button's value. */
const BUTTON_VALUE_MAX_CHARS = 2000;

const ShareValue = z.object({ text: z.string(), at: z.iso.datetime(), channel: z.string(), sig: z.string() });

export interface ShareRequest {
  /** The command text as typed. */
  text: string;
  /** When it was asked, so that "today" stays the day it was asked. */
  at: Date;
  /** The channel it was asked in: the only one it may be shared to. */
  channel: string;
}

export interface ShareSigner {
  /** The button value for a reply, or undefined when the command is not a lookup or the value would not fit in a button. */
  encode(request: ShareRequest): string | undefined;
  /** The request a button value carries, or undefined unless this server signed it for a lookup. */
  decode(value: string | undefined): ShareRequest | undefined;
}

/** Signs and checks button values with a key derived from `secret` (the signing secret, or the app token in Socket Mode). */
export function shareSigner(secret: string): ShareSigner {
  // A key of its own: a value's MAC can never double as a request signature.
  const key = createHmac('sha256', secret).update('dateline share button v1').digest();
  const mac = (text: string, at: string, channel: string) =>
    createHmac('sha256', key)
      .update(JSON.stringify([text, at, channel]))
      .digest('base64url');
  return {
    encode(request) {
      if (!isLookup(request.text, request.at)) return undefined;
      const at = request.at.toISOString();
      const value = JSON.stringify({ text: request.text, at, channel: request.channel, sig: mac(request.text, at, request.channel) });
      return value.length <= BUTTON_VALUE_MAX_CHARS ? value : undefined;
    },
    decode(value) {
      if (value === undefined) return undefined;
      let json: unknown;
      try {
        json = JSON.parse(value);
      } catch {
        return undefined;
      }
      const parsed = ShareValue.safeParse(json);
      if (!parsed.success) return undefined;
      const { text, at, channel, sig } = parsed.data;
      const expected = Buffer.from(mac(text, at, channel));
      const given = Buffer.from(sig);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
      const request = { text, at: new Date(at), channel };
      return isLookup(text, request.at) ? request : undefined;
    },
  };
}
