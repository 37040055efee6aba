// Seals installation secrets (a workspace's tokens) for the store: AES-256-GCM under a key
// derived from DATELINE_SECRET_KEY with HKDF-SHA256. Each value gets a random 96-bit nonce, and
// is bound to its installation (platform and workspace as additional data), so that a sealed
// value copied onto another row does not open. Rotation works as Django's SECRET_KEY_FALLBACKS:
// values sealed under DATELINE_SECRET_KEY_PREVIOUS still open, and are then sealed again under
// the current key.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { ConfigError } from '../config.ts';

/** The format's version, first in every sealed value, so that a later key or cipher can be told apart. */
const VERSION = 'v1';
const SALT = 'dateline/installations';
const INFO = 'token encryption v1';
/** Shorter secrets are refused: HKDF does not stretch a guessable one. */
const MIN_SECRET_LENGTH = 32;

export const SECRET_KEY_HINT =
  'set DATELINE_SECRET_KEY to a random value of at least 32 characters (e.g. `openssl rand -base64 32`), kept as safe as the tokens it protects';

/** What opening a value gives: its text, and whether it was sealed under the previous key (and should be sealed again). */
export interface Opened {
  plaintext: string;
  stale: boolean;
}

function keyFrom(env: NodeJS.ProcessEnv, name: string): Buffer | undefined {
  const secret = env[name]?.trim();
  if (!secret) return undefined;
  if (secret.length < MIN_SECRET_LENGTH) throw new ConfigError(`${name} is too short: ${SECRET_KEY_HINT}.`);
  return Buffer.from(hkdfSync('sha256', secret, SALT, INFO, 32));
}

export class SecretBox {
  private constructor(
    private readonly key: Buffer,
    private readonly previous: Buffer | undefined,
  ) {}

  /**
   * The box for DATELINE_SECRET_KEY (and DATELINE_SECRET_KEY_PREVIOUS, read only), or undefined
   * when no key is set; throws ConfigError when either is too short, or a previous key is given alone.
   */
  static fromEnv(env: NodeJS.ProcessEnv): SecretBox | undefined {
    const key = keyFrom(env, 'DATELINE_SECRET_KEY');
    const previous = keyFrom(env, 'DATELINE_SECRET_KEY_PREVIOUS');
    if (!key && previous)
      throw new ConfigError(
        `DATELINE_SECRET_KEY_PREVIOUS is set without DATELINE_SECRET_KEY: set DATELINE_SECRET_KEY to the new key (${SECRET_KEY_HINT}).`,
      );
    return key ? new SecretBox(key, previous) : undefined;
  }

  /** "v1.<nonce>.<tag>.<ciphertext>", base64url each, under the current key. */
  seal(plaintext: string, context: string): string {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    cipher.setAAD(Buffer.from(context));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, nonce, cipher.getAuthTag(), ciphertext]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  /** Opens under the current key, else the previous one; throws when neither opens it (another key or context, or altered). */
  open(sealed: string, context: string): Opened {
    try {
      return { plaintext: openWith(this.key, sealed, context), stale: false };
    } catch (error) {
      if (!this.previous) throw error;
      return { plaintext: openWith(this.previous, sealed, context), stale: true };
    }
  }
}

function openWith(key: Buffer, sealed: string, context: string): string {
  const [version, nonce, tag, ciphertext] = sealed.split('.');
  if (version !== VERSION || !nonce || !tag || ciphertext === undefined) throw new Error('not a sealed value of this version');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'base64url'));
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
}
