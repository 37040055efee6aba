// The search-based message extension: typing in the compose box (composeExtension/query) lists the
// facts the `search` command finds, each previewed by its title and date; choosing one inserts the
// fact's card (its date, verbatim quote and source link). Its message action
// (composeExtension/submitAction from a message's "…" menu) looks up the message's words and
// inserts the answer's card.
import type { Briefing, ChannelRef, Dateline } from '../../src/index.ts';
import { ADAPTIVE_CARD_CONTENT_TYPE, renderTeamsActivity } from './render.ts';

const SEARCH_COMMAND_ID = 'searchFacts';
const MESSAGE_ACTION_COMMAND_ID = 'factsAboutMessage';
/** Teams lists at most 25 results a query; `search` answers with at most 10. */
const RESULTS_MAX = 10;
/** The most of a message's text that is looked up (the command language takes 500 characters). */
const MESSAGE_WORDS_MAX_CHARS = 300;

const THUMBNAIL_CONTENT_TYPE = 'application/vnd.microsoft.card.thumbnail';

interface Attachment {
  contentType: string;
  content: unknown;
  preview?: { contentType: string; content: { title: string; text?: string } };
}

interface MessagingExtensionResponse {
  composeExtension: { type: 'result'; attachmentLayout: 'list'; attachments: Attachment[] } | { type: 'message'; text: string };
}

interface QueryValue {
  commandId?: string;
  parameters?: { name?: string; value?: unknown }[];
}

interface SubmitActionValue {
  commandId?: string;
  data?: { words?: unknown };
  messagePayload?: { body?: { content?: unknown; contentType?: string } };
}

const cardOf = (briefing: Briefing): Attachment => {
  const [attachment] = renderTeamsActivity(briefing).attachments;
  return { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: attachment.content };
};

/** The compose box's query: the facts `search` finds (the latest ones before anything is typed). */
export async function answerQuery(
  dateline: Dateline,
  value: QueryValue,
  channel: ChannelRef | undefined,
  now: Date,
): Promise<MessagingExtensionResponse> {
  if (value.commandId !== SEARCH_COMMAND_ID) return { composeExtension: { type: 'message', text: 'Dateline does not know this command.' } };
  const parameter = value.parameters?.find((candidate) => candidate.name === 'query') ?? value.parameters?.[0];
  const typed = typeof parameter?.value === 'string' ? parameter.value.trim() : '';
  const context = { now, ...(channel ? { channel } : {}) };
  const found = (await dateline.run(dateline.readSearch(typed, now, RESULTS_MAX), context)).briefing;
  const items = found.sections
    .flatMap((section) => section.items)
    .filter((item) => item.factId !== undefined)
    .slice(0, RESULTS_MAX);
  if (items.length === 0) return { composeExtension: { type: 'message', text: found.title } };
  const attachments = await Promise.all(
    items.map(async (item) => ({
      ...cardOf((await dateline.run({ kind: 'fact', id: item.factId! }, context)).briefing),
      preview: { contentType: THUMBNAIL_CONTENT_TYPE, content: { title: item.title, text: item.dateLabel ?? 'Undated' } },
    })),
  );
  return { composeExtension: { type: 'result', attachmentLayout: 'list', attachments } };
}

/** Teams sends the message as HTML: its words, without tags or entities. */
function messageWords(html: string): string {
  const words = html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(
      /&(amp|lt|gt|quot|#39);/g,
      (entity) => ({ '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" })[entity] ?? ' ',
    )
    .replace(/\s+/g, ' ')
    .trim();
  return words.length <= MESSAGE_WORDS_MAX_CHARS ? words : words.slice(0, MESSAGE_WORDS_MAX_CHARS).replace(/\s+\S*$/, '');
}

/** The message action: the words given, else the message's own, asked as a question; the answer's card is inserted. */
export async function answerMessageAction(
  dateline: Dateline,
  value: SubmitActionValue,
  channel: ChannelRef | undefined,
  now: Date,
): Promise<MessagingExtensionResponse> {
  if (value.commandId !== MESSAGE_ACTION_COMMAND_ID)
    return { composeExtension: { type: 'message', text: 'Dateline does not know this command.' } };
  const given = typeof value.data?.words === 'string' ? value.data.words.trim() : '';
  const content = value.messagePayload?.body?.content;
  const words = given || (typeof content === 'string' ? messageWords(content) : '');
  if (!words) return { composeExtension: { type: 'message', text: 'That message has no words to look up: type some in the box.' } };
  const { briefing: answer } = await dateline.run(dateline.readSearch(words, now, RESULTS_MAX), { now, ...(channel ? { channel } : {}) });
  return { composeExtension: { type: 'result', attachmentLayout: 'list', attachments: [cardOf(answer)] } };
}
