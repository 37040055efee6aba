// Reads a Bot Framework activity from a request: JSON, bounded in size, with a type; anything
// else is refused with the right status before botbuilder sees it.
import type { IncomingMessage } from 'node:http';

/** Bot Framework activities are a few KB; Teams caps messages at 100 KB. */
const MAX_BODY_BYTES = 1024 * 1024;

export class BodyError extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
  }
}

export async function readActivityBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const type = req.headers['content-type'] ?? '';
  if (!type.toLowerCase().includes('json')) throw new BodyError(415, 'Activities are JSON: send content-type application/json.');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new BodyError(413, `An activity is at most ${MAX_BODY_BYTES} bytes.`);
    chunks.push(chunk);
  }
  let body: unknown;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new BodyError(400, 'The body is not valid JSON.');
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new BodyError(400, 'The body is not an activity object.');
  // botbuilder throws (a 500) rather than answering 400 for an activity without a type.
  if (typeof (body as { type?: unknown }).type !== 'string') throw new BodyError(400, 'The activity has no type.');
  return body as Record<string, unknown>;
}
