// What every Dateline button carries in its value: a typed command, the channel it is for, and
// for a Share the instant it was asked (so that "today" stays the day it was asked), signed with
// HMAC-SHA256 under a key derived from the Slack secret. A click runs the command it carries; a
// value this server did not sign does nothing.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Command } from '../../src/index.ts';

/** Slack's limit on a button's value. */
const BUTTON_VALUE_MAX_CHARS = 2000;

const SignedValue = z.object({
  command: z.looseObject({ kind: z.string() }),
  channel: z.string(),
  at: z.iso.datetime().optional(),
  sig: z.string(),
});

export interface SignedCommand {
  command: Command;
  /** The channel it runs in: a Share posts only there, a form or a Home button acts only on it. */
  channel: string;
  /** When it was asked, for a command whose answer depends on the day. */
  at?: Date;
}

export interface CommandSigner {
  /** The button value, or undefined when it would not fit in a button. */
  sign(value: SignedCommand): string | undefined;
  /** The command a button value carries, or undefined unless this server signed it. */
  open(value: string | undefined): SignedCommand | undefined;
}

/** Signs and checks button values with a key derived from `secret` (the signing secret, or the app token in Socket Mode). */
export function commandSigner(secret: string): CommandSigner {
  // A key of its own: a value's MAC can never double as a request signature.
  const key = createHmac('sha256', secret).update('dateline button command v2').digest();
  const mac = (command: unknown, channel: string, at: string | undefined) =>
    createHmac('sha256', key)
      .update(JSON.stringify([command, channel, at ?? null]))
      .digest('base64url');
  return {
    sign({ command, channel, at }) {
      const iso = at?.toISOString();
      const value = JSON.stringify({ command, channel, ...(iso ? { at: iso } : {}), sig: mac(command, channel, iso) });
      return value.length <= BUTTON_VALUE_MAX_CHARS ? value : undefined;
    },
    open(value) {
      if (value === undefined) return undefined;
      let json: unknown;
      try {
        json = JSON.parse(value);
      } catch {
        return undefined;
      }
      const parsed = SignedValue.safeParse(json);
      if (!parsed.success) return undefined;
      const { command, channel, at, sig } = parsed.data;
      const expected = Buffer.from(mac(command, channel, at));
      const given = Buffer.from(sig);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
      // Signed by this server, from a typed command: its shape is the one it was signed with.
      return { command: command as Command, channel, ...(at ? { at: new Date(at) } : {}) };
    },
  };
}

/** The "More" button's value in `channel`: the signed command for a cut list's next page. */
export function moreValues(signer: CommandSigner, channel: string): (command: Command) => string | undefined {
  return (command) => signer.sign({ command, channel });
}

/** The "Quote & source" buttons' values in `channel`: for each fact, the signed `fact <id>` command. */
export function quoteValues(signer: CommandSigner, channel: string): (factId: string) => string | undefined {
  return (id) => signer.sign({ command: { kind: 'fact', id }, channel });
}
