// Signs requests the way Slack does (v0 HMAC-SHA256 over "v0:{timestamp}:{body}") and posts
// them, form-encoded, to the running bot.
import { createHmac } from 'node:crypto';
import { request } from 'node:http';

export function signSlackRequest(secret: string, timestamp: number | string, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** Now, in Slack's request timestamp unit (seconds). */
export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** A form body as Slack encodes one (application/x-www-form-urlencoded). */
export function formBody(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

export interface SignedPost {
  secret: string;
  /** Seconds; defaults to now. */
  timestamp?: number;
  /** Overrides the computed signature; null leaves the header out. */
  signature?: string | null;
  /** Defaults to a form body's; events come as application/json. */
  contentType?: string;
  /** More headers, such as Slack's X-Slack-Retry-Num on a retried event. */
  headers?: Record<string, string>;
}

/**
 * POSTs a form body to url, signed as Slack signs it; returns the HTTP status and body text.
 * node:http rather than fetch: the client's own cost stays out of the bot's measured ack times.
 */
export async function postSigned(url: string, body: string, options: SignedPost): Promise<{ status: number; text: string }> {
  const timestamp = options.timestamp ?? nowSeconds();
  const headers: Record<string, string> = {
    'content-type': options.contentType ?? 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(timestamp),
    ...options.headers,
  };
  const signature = options.signature === undefined ? signSlackRequest(options.secret, timestamp, body) : options.signature;
  if (signature !== null) headers['x-slack-signature'] = signature;
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}
