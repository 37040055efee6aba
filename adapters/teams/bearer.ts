// What /api/messages checks of the Authorization header before it reads a byte of the body:
// present, a Bearer JWT of a sane size, signed with RS256 (never "none"), issued by the Bot
// Framework or Microsoft Entra, and not expired. Only a request that passes is read, and its token
// then fully validated (signing key, audience, service URL) by botbuilder. Anyone can send a
// request: without this, a caller with no token made the server read up to a megabyte first.
const BEARER = /^Bearer ([\w-]+)\.([\w-]+)\.([\w-]+)$/;
/** Bot Framework tokens are 1–2 KB. */
const TOKEN_MAX_CHARS = 8 * 1024;
/** botbuilder's own allowance for clocks that disagree. */
const CLOCK_SKEW_SECONDS = 5 * 60;

/** The issuers botbuilder accepts: the Bot Framework's (public and US Government clouds) and Entra's, per tenant. */
const ISSUERS = [
  /^https:\/\/api\.botframework\.(com|us)$/,
  /^https:\/\/sts\.windows\.net\/[\w-]+\/$/,
  /^https:\/\/login\.microsoftonline\.(com|us)\/[\w-]+\/v2\.0$/,
];

function decode(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Why the header cannot carry a Bot Framework token, or undefined when it may (its signature is checked later). */
export function bearerProblem(authorization: string | undefined, nowSeconds: number): string | undefined {
  if (!authorization) return 'no Authorization header';
  if (authorization.length > TOKEN_MAX_CHARS) return 'the Authorization header is too long';
  const [, head, body] = BEARER.exec(authorization) ?? [];
  if (!head || !body) return 'the Authorization header is not a Bearer JWT';
  if (decode(head)?.alg !== 'RS256') return 'the token is not signed with RS256';
  const claims = decode(body);
  if (!claims) return 'the token carries no claims';
  if (typeof claims.iss !== 'string' || !ISSUERS.some((issuer) => issuer.test(claims.iss as string)))
    return 'the token is not from the Bot Framework';
  if (typeof claims.exp !== 'number' || claims.exp + CLOCK_SKEW_SECONDS < nowSeconds) return 'the token has expired';
  return undefined;
}
