// Reads a Bot Framework activity from a request: JSON, bounded in size, and of the shape the
// handlers rely on (zod), every id bounded; anything else is refused with the right status and
// a reason before botbuilder sees it.
import type { IncomingMessage } from 'node:http';
import type { Activity } from 'botbuilder';
import { z } from 'zod';
import { readBodyWithin, ZONE_QUERY_MAX_CHARS } from '../../src/index.ts';

/** Bot Framework activities are a few KB; Teams caps messages at 100 KB. */
const MAX_BODY_BYTES = 1024 * 1024;
/** Teams' conversation ids run to a few hundred characters (with ";messageid=…"); nothing real is longer. */
export const ID_MAX_CHARS = 1024;
const NAME_MAX_CHARS = 512;
const SERVICE_URL_MAX_CHARS = 2048;
/** Channel ids, activity types, conversation types and locales are short words. */
const WORD_MAX_CHARS = 64;
const MEMBERS_MAX = 1000;

export class BodyError extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
  }
}

/** An optional field: absent and null (which some channels send) both read as absent. */
const optional = <T extends z.ZodType>(schema: T) => schema.nullish().transform((value) => value ?? undefined);

const id = z.string().min(1).max(ID_MAX_CHARS);
const word = z.string().max(WORD_MAX_CHARS);
const account = z.looseObject({ id, name: optional(z.string().max(NAME_MAX_CHARS)) });
const members = optional(z.array(account).max(MEMBERS_MAX));
const serviceUrl = z
  .string()
  .max(SERVICE_URL_MAX_CHARS)
  .refine((url) => URL.canParse(url) && ['http:', 'https:'].includes(new URL(url).protocol), 'not an http(s) URL');

const ActivitySchema = z.looseObject({
  type: z.string().min(1).max(WORD_MAX_CHARS),
  id: optional(id),
  channelId: word.min(1),
  serviceUrl,
  conversation: z.looseObject({
    id,
    tenantId: optional(id),
    isGroup: optional(z.boolean()),
    conversationType: optional(word),
    name: optional(z.string().max(NAME_MAX_CHARS)),
  }),
  from: account,
  recipient: account,
  membersAdded: members,
  membersRemoved: members,
  text: optional(z.string()),
  action: optional(word),
  locale: optional(word),
  entities: optional(z.array(z.looseObject({ type: z.string(), text: optional(z.string()), mentioned: optional(account) }))),
  attachments: optional(z.array(z.looseObject({ contentType: z.string() }))),
  channelData: optional(z.looseObject({ tenant: optional(z.looseObject({ id: optional(id) })) })),
  value: z.unknown().optional(),
});

/** What a person types in the message extension's search box: a search, not a document. */
export const SEARCH_QUERY_MAX_CHARS = 256;

/** The values of the invokes whose handlers read them: typed text capped before any work, every field of the type read. */
const INVOKE_VALUES: Record<string, z.ZodType> = {
  'application/search': z.looseObject({
    dataset: optional(word),
    queryText: optional(z.string().max(ZONE_QUERY_MAX_CHARS)),
  }),
  'composeExtension/query': z.looseObject({
    commandId: optional(word),
    parameters: optional(z.array(z.looseObject({ name: optional(word), value: optional(z.string().max(SEARCH_QUERY_MAX_CHARS)) })).max(10)),
  }),
  'composeExtension/submitAction': z.looseObject({
    commandId: optional(word),
    data: optional(z.looseObject({ words: optional(z.string().max(SEARCH_QUERY_MAX_CHARS)) })),
  }),
};

export async function readActivityBody(req: IncomingMessage): Promise<Activity> {
  const type = req.headers['content-type'] ?? '';
  if (!type.toLowerCase().includes('json')) throw new BodyError(415, 'Activities are JSON: send content-type application/json.');
  const raw = await readBodyWithin(req, MAX_BODY_BYTES);
  if (!raw) throw new BodyError(413, `An activity is at most ${MAX_BODY_BYTES} bytes.`);
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new BodyError(400, 'The body is not valid JSON.');
  }
  return parseActivity(body);
}

/** The activity, or a 400 naming the first field that is missing or malformed. */
export function parseActivity(body: unknown): Activity {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new BodyError(400, 'The body is not an activity object.');
  const parsed = ActivitySchema.safeParse(body);
  if (!parsed.success) throw refusal(parsed.error, []);
  const invoke = parsed.data.type === 'invoke' ? INVOKE_VALUES[String((body as { name?: unknown }).name)] : undefined;
  const value = invoke?.safeParse(parsed.data.value ?? {});
  if (value && !value.success) throw refusal(value.error, ['value']);
  return parsed.data as unknown as Activity;
}

/** A 400 naming the first field that is missing or malformed. */
function refusal(error: z.ZodError, under: PropertyKey[]): BodyError {
  const [issue] = error.issues;
  const path = [...under, ...(issue?.path ?? [])];
  const field = path.length ? path.map(String).join('.') : 'activity';
  return new BodyError(400, `Not a Bot Framework activity: ${field}: ${issue?.message ?? 'invalid'}.`);
}
