// The one HTTP call a webhook post makes: a JSON POST with a timeout over the whole exchange,
// redirects answered but never followed (a webhook that moves is a misconfiguration, and a
// followed redirect could carry the post somewhere the operator never named), and at most
// MAX_RESPONSE_BYTES of the answer read: the rest is dropped unread.

/** Every call gives up after this long; the scheduler retries within the catch-up window. */
export const TIMEOUT_MS = 10_000;
/** The answers we need are a word ("ok"), a message id or an error: a few hundred bytes. */
export const MAX_RESPONSE_BYTES = 16 * 1024;

export interface WebhookResponse {
  status: number;
  headers: Headers;
  /** At most MAX_RESPONSE_BYTES of the body, decoded as UTF-8. */
  body: string;
}

/** Posts `payload` as JSON; resolves with any HTTP answer, rejects on a network failure or timeout. */
export async function postJson(url: string, payload: unknown, timeoutMs = TIMEOUT_MS): Promise<WebhookResponse> {
  const signal = AbortSignal.timeout(timeoutMs);
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8', accept: 'application/json, text/plain;q=0.9' },
    body: JSON.stringify(payload),
    redirect: 'manual',
    signal,
  });
  return { status: response.status, headers: response.headers, body: await readCapped(response) };
}

async function readCapped(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < MAX_RESPONSE_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).subarray(0, MAX_RESPONSE_BYTES).toString('utf8');
}
