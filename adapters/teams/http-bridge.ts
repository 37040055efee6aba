// The least of express that CloudAdapter.process needs, over node's IncomingMessage and
// ServerResponse: a parsed JSON activity body, and status/header/send/end on the response.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, Response } from 'botbuilder';

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

export function botRequest(req: IncomingMessage, body: Record<string, unknown>): Request {
  return { body, headers: req.headers, method: req.method ?? 'POST' };
}

export function botResponse(res: ServerResponse): Response {
  let pending: string | undefined;
  return {
    socket: res.socket,
    status(code: number) {
      res.statusCode = code;
    },
    header(name: string, value: unknown) {
      res.setHeader(name, String(value));
    },
    send(body: unknown) {
      if (body === undefined) return;
      if (typeof body === 'string') {
        pending = body;
        if (!res.hasHeader('content-type')) res.setHeader('content-type', 'text/plain; charset=utf-8');
      } else {
        pending = JSON.stringify(body);
        res.setHeader('content-type', 'application/json');
      }
    },
    end() {
      res.end(pending);
    },
  };
}
