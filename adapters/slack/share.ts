// The "Share in channel" button: what its value carries, so that a click re-creates the very
// briefing the person saw (same text, same instant) and posts it in the channel.
import { z } from 'zod';

export const SHARE_ACTION_ID = 'dateline_share';

/** Slack's limit on a button's value. */
const BUTTON_VALUE_MAX_CHARS = 2000;

const ShareRequest = z.object({ text: z.string(), at: z.iso.datetime() });

export interface ShareRequest {
  /** The command text as typed. */
  text: string;
  /** When it was asked, so that "today" stays the day it was asked. */
  at: Date;
}

/** The button value for a reply, or undefined when it would not fit in a button. */
export function encodeShare(request: ShareRequest): string | undefined {
  const value = JSON.stringify({ text: request.text, at: request.at.toISOString() });
  return value.length <= BUTTON_VALUE_MAX_CHARS ? value : undefined;
}

/** The request a button value carries, or undefined for a value this version did not write. */
export function decodeShare(value: string | undefined): ShareRequest | undefined {
  if (value === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    return undefined;
  }
  const parsed = ShareRequest.safeParse(json);
  return parsed.success ? { text: parsed.data.text, at: new Date(parsed.data.at) } : undefined;
}
