// `facts draft https://…`: the page fetched for drafting, within the limits a command line
// needs: http and https only, one time limit for the whole fetch (the body included), a size
// cap, a few redirects, and a one-line reason for each failure.
import { Buffer } from 'node:buffer';

export interface PageLimits {
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
}

export const PAGE_LIMITS: PageLimits = { timeoutMs: 15_000, maxBytes: 5 * 1024 * 1024, maxRedirects: 5 };

export interface Page {
  /** The address the page was read from, after redirects. */
  url: string;
  /** The page as text, decoded by the charset it declares (UTF-8 when it declares none). */
  text: string;
  /** An HTML page (else plain text). */
  html: boolean;
}

/** Why a page could not be drafted from, in one line. */
export class PageError extends Error {}

const PAGE_TYPES = ['text/html', 'application/xhtml+xml', 'text/plain'];
/** How far into a page a <meta charset> is looked for, as browsers do. */
const CHARSET_SNIFF_BYTES = 1024;

/** Whether an argument is a web address rather than a file's path. */
export const isAddress = (text: string) => /^[a-z][a-z0-9+.-]*:\/\//i.test(text);

/** The page at `address`, following at most `maxRedirects` redirects, or a PageError saying why not. */
export async function fetchPage(address: string, limits: PageLimits = PAGE_LIMITS): Promise<Page> {
  let url = parseAddress(address);
  const signal = AbortSignal.timeout(limits.timeoutMs);
  try {
    for (let redirects = 0; ; redirects++) {
      const response = await fetch(url, {
        redirect: 'manual',
        signal,
        headers: { accept: 'text/html, application/xhtml+xml, text/plain;q=0.9', 'user-agent': 'Dateline facts draft' },
      });
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        await response.body?.cancel();
        if (redirects >= limits.maxRedirects) throw new PageError(`${address} redirects more than ${limits.maxRedirects} times.`);
        url = parseAddress(new URL(location, url).href, address);
        continue;
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw new PageError(`${url.href} answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}.`);
      }
      const type = (response.headers.get('content-type') ?? 'text/html').split(';')[0]!.trim().toLowerCase();
      if (!PAGE_TYPES.includes(type)) {
        await response.body?.cancel();
        throw new PageError(`${url.href} is ${type}, not an HTML or text page.`);
      }
      const bytes = await readCapped(response, url.href, limits.maxBytes);
      return { url: url.href, text: decode(bytes, response.headers.get('content-type')), html: type !== 'text/plain' };
    }
  } catch (error) {
    if (error instanceof PageError) throw error;
    if (signal.aborted) throw new PageError(`${address} did not answer within ${limits.timeoutMs / 1000} s.`);
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new PageError(`${address} could not be reached (${cause?.code ?? cause?.message ?? (error as Error).message}).`);
  }
}

/** A web address Dateline may fetch; `asked` is the address the user gave, when this is a redirect's. */
function parseAddress(text: string, asked = text): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new PageError(`${text} is not a web address.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    const via = asked === text ? '' : ` (${asked} redirects there)`;
    throw new PageError(`${text} is not an http or https address${via}: give a web page's address, or a file.`);
  }
  return url;
}

/** The body, refused as soon as it is known to pass the cap (by its Content-Length, or as it arrives). */
async function readCapped(response: Response, address: string, maxBytes: number): Promise<Buffer> {
  const tooLarge = () =>
    new PageError(`${address} is larger than ${Math.round(maxBytes / 1024 / 1024)} MB: save it and draft from the file.`);
  if (Number(response.headers.get('content-length') ?? 0) > maxBytes) {
    await response.body?.cancel();
    throw tooLarge();
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (!response.body) return Buffer.alloc(0);
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** The page's text, by the charset its Content-Type or its own <meta> declares ("euc-kr" too), else UTF-8. */
function decode(bytes: Buffer, contentType: string | null): string {
  const declared =
    /charset=["']?([\w-]+)/i.exec(contentType ?? '')?.[1] ??
    /<meta[^>]+charset=["']?([\w-]+)/i.exec(bytes.subarray(0, CHARSET_SNIFF_BYTES).toString('latin1'))?.[1];
  try {
    return new TextDecoder(declared ?? 'utf-8').decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}
