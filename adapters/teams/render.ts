// Renders the core's neutral Briefing as a Bot Framework message activity carrying one
// Adaptive Card (schema 1.5): exactly what the Teams adapter sends, and what
// `dateline ask --format teams` prints. Every piece of text is cleaned and clamped, and items
// that would push the activity past MAX_ACTIVITY_BYTES are summarised as "…and N more". Each
// item made from a fact has a "Quote & source" Action.ShowCard of its own (in an ActionSet, so
// the card's 5-action cap is not shared), which opens in place with no round trip to the bot.
import { commandText, type Briefing, type BriefingItem, type QuoteAndSource, type Source } from '../../src/index.ts';

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
export const ADAPTIVE_CARD_VERSION = '1.5';
/**
 * Teams documents a 100 KB message limit, but it was 28–40 KB until recently and people still
 * report RequestEntityTooLarge well under 100 KB: 28 KB is deliverable under every limit seen.
 */
export const MAX_ACTIVITY_BYTES = 28 * 1024;
/** How users address the bot in hints such as "…and 4 more — @Dateline search imaging". */
export const MENTION = '@Dateline';
/** The card's title when a briefing's title has no printable text. */
const DEFAULT_TITLE = 'Dateline';

/** Room kept for the closing "…and N more" line once items stop fitting. */
const CLOSING_RESERVE_BYTES = 1024;
const MAX_SOURCE_ACTIONS = 3;
const MAX_SUGGESTION_ACTIONS = 3;
/** The Adaptive Cards renderer's default host config shows at most 5 actions in a set (its parser reports more). */
const MAX_ACTIONS = 5;
/** The label of an item's ShowCard. */
const QUOTE_ACTION_TITLE = 'Quote & source';
/** Longest text per field, in code points; the fact pack's longest quote is well under QUOTE. */
const CHARS = {
  title: 300,
  intro: 1200,
  heading: 150,
  meta: 150,
  text: 1200,
  quote: 1500,
  button: 60,
  url: 1000,
  command: 120,
  fallback: 1500,
};

export interface TextRun {
  type: 'TextRun';
  text: string;
  weight?: 'Bolder';
  size?: 'Small' | 'Medium' | 'Large';
  color?: 'Attention';
  isSubtle?: boolean;
  italic?: boolean;
}

/** RichTextBlock rather than TextBlock: TextRuns are not markdown, so no text can inject links or formatting. */
export interface RichTextBlock {
  type: 'RichTextBlock';
  inlines: TextRun[];
  separator?: boolean;
  spacing?: 'Small' | 'Medium';
}

export interface Container {
  type: 'Container';
  items: (RichTextBlock | ActionSet)[];
  spacing: 'Medium';
}

/** An item's own actions: its "Quote & source". */
export interface ActionSet {
  type: 'ActionSet';
  actions: ShowCardAction[];
}

export type CardElement = RichTextBlock | Container;

export type CardAction =
  | OpenUrlAction
  /** A suggested command: Teams sends it back as a message with `value` and no text. */
  | { type: 'Action.Submit'; title: string; data: { command: string } };

interface OpenUrlAction {
  type: 'Action.OpenUrl';
  title: string;
  url: string;
}

/**
 * "Quote & source": a card shown in place, under its item. Its id, `quote:<n>:<fact id>` (unique in
 * the card, as Adaptive Cards require, though an answer may list a fact twice), is for no reader's eyes.
 */
export interface ShowCardAction {
  type: 'Action.ShowCard';
  id: string;
  title: string;
  card: { type: 'AdaptiveCard'; body: RichTextBlock[]; actions?: OpenUrlAction[] };
}

export interface AdaptiveCard {
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json';
  type: 'AdaptiveCard';
  version: typeof ADAPTIVE_CARD_VERSION;
  body: CardElement[];
  actions?: CardAction[];
  /** Shown by clients that cannot render the card. */
  fallbackText: string;
  msteams: { width: 'Full' };
}

export interface TeamsMessageActivity {
  type: 'message';
  /** Notification and preview text in Teams. */
  summary: string;
  attachments: [{ contentType: typeof ADAPTIVE_CARD_CONTENT_TYPE; content: AdaptiveCard }];
}

/** At most `max` code points, ending in "…" when cut. */
function clip(text: string, max: number): string {
  const points = Array.from(text);
  return points.length <= max
    ? text
    : `${points
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`;
}

/** One line of plain text: control characters and lone surrogates out, white space folded, at most `max` code points. */
function cleanText(text: string, max: number): string {
  return clip(
    text
      .replace(/[\p{Cc}\p{Cs}]/gu, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
    max,
  );
}

/** A line of text, or nothing when no text is left once it is cleaned. */
function line(
  text: string,
  max: number,
  style: Omit<TextRun, 'type' | 'text'> = {},
  block: Omit<RichTextBlock, 'type' | 'inlines'> = {},
): RichTextBlock | undefined {
  const clean = cleanText(text, max);
  return clean ? { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: clean, ...style }], ...block } : undefined;
}

const present = <T>(values: (T | undefined)[]): T[] => values.filter((value): value is T => value !== undefined);
const sourceName = (source: Source) => (source.publisher ? `${source.title}, ${source.publisher}` : source.title);
function moreText(count: number, command?: string): string {
  const clean = command ? cleanText(command, CHARS.command) : '';
  return `…and ${count} more${clean ? ` — ${MENTION} ${clean}` : ''}`;
}

function webUrl(url: string | undefined): string | undefined {
  if (!url || url.length > CHARS.url || !URL.canParse(url)) return undefined;
  const parsed = new URL(url);
  return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
}

/**
 * An item's "Quote & source": each source's quote, then its title, publisher, author and date, and
 * a button opening each source with a web address (at most MAX_ACTIONS).
 */
function quoteCard(id: string, provenance: QuoteAndSource[]): ActionSet | undefined {
  const body = provenance.flatMap(({ quote, source, credit }) => {
    const clean = cleanText(quote, CHARS.quote);
    if (!clean) return [];
    return present([
      line(`“${clean}”`, CHARS.quote + 2, { italic: true }, { spacing: 'Medium' }),
      line(`— ${[source.title, credit].filter(Boolean).join(' · ')}`, CHARS.text, { size: 'Small', isSubtle: true }, { spacing: 'Small' }),
    ]);
  });
  if (body.length === 0) return undefined;
  const links = new Map<string, OpenUrlAction>();
  for (const { source } of provenance) {
    const url = webUrl(source.url);
    if (url && !links.has(url) && links.size < MAX_ACTIONS)
      links.set(url, { type: 'Action.OpenUrl', title: cleanText(`Open: ${source.title}`, CHARS.button), url });
  }
  const card = { type: 'AdaptiveCard' as const, body, ...(links.size > 0 ? { actions: [...links.values()] } : {}) };
  return { type: 'ActionSet', actions: [{ type: 'Action.ShowCard', id, title: QUOTE_ACTION_TITLE, card }] };
}

/** An item's container, the `index`th of the card; `withQuote` false leaves out its "Quote & source" (when the card has no room for it). */
function itemElement(item: BriefingItem, index: number, withQuote = true): Container | undefined {
  const sourceCount = (item.sources?.length ?? 0) > 1 ? `${item.sources!.length} sources` : undefined;
  const meta = [item.dateLabel, item.anniversary, sourceCount].filter(Boolean).join(' · ');
  const quotes = (item.quotes ?? []).flatMap(({ quote, source }) => {
    const clean = cleanText(quote, CHARS.quote);
    return clean
      ? [
          line(`“${clean}”`, CHARS.quote + 2, { italic: true }, { spacing: 'Small' }),
          line(`Source: ${sourceName(source)}`, CHARS.text, { size: 'Small', isSubtle: true }, { spacing: 'Small' }),
        ]
      : [];
  });
  // A full fact shows its quotes already.
  const quoteAction =
    withQuote && item.factId && item.provenance && !item.quotes ? quoteCard(`quote:${index}:${item.factId}`, item.provenance) : undefined;
  const items = present<RichTextBlock | ActionSet>([
    line(meta, CHARS.meta, { size: 'Small', isSubtle: true }),
    line(item.title, CHARS.title, { weight: 'Bolder' }, { spacing: 'Small' }),
    line(item.text ?? '', CHARS.text, {}, { spacing: 'Small' }),
    ...quotes,
    quoteAction,
  ]);
  return items.length > 0 ? { type: 'Container', items, spacing: 'Medium' } : undefined;
}

/** A body element in reading order, with how many items it stands for if it is left out. */
interface Block {
  element: CardElement;
  /** The element without its "Quote & source", shown when only that fits. */
  lean?: CardElement;
  omits: number;
  command?: string;
}

function sectionBlocks(briefing: Briefing): Block[] {
  const blocks: Block[] = [];
  let items = 0;
  const add = (element: CardElement | undefined, omits: number, command: string | undefined, lean?: CardElement) => {
    if (element) blocks.push({ element, omits, ...(command ? { command } : {}), ...(lean ? { lean } : {}) });
  };
  for (const section of briefing.sections) {
    const command = section.more?.command && commandText(section.more.command);
    add(
      section.heading
        ? line(section.heading, CHARS.heading, { weight: 'Bolder', size: 'Medium' }, { separator: true, spacing: 'Medium' })
        : undefined,
      0,
      command,
    );
    for (const item of section.items) {
      add(itemElement(item, items), 1, command, itemElement(item, items, false));
      items++;
    }
    if (section.more && section.more.count > 0)
      add(line(moreText(section.more.count, command), CHARS.heading + CHARS.command, { isSubtle: true }), section.more.count, command);
  }
  return blocks;
}

function actions(briefing: Briefing): CardAction[] {
  const open: CardAction[] = [];
  for (const source of briefing.sources) {
    const url = webUrl(source.url);
    if (url && open.length < MAX_SOURCE_ACTIONS)
      open.push({ type: 'Action.OpenUrl', title: cleanText(`Source: ${source.title}`, CHARS.button), url });
  }
  const submit: CardAction[] = [];
  for (const suggestion of briefing.suggestions) {
    const command = cleanText(suggestion, CHARS.command);
    if (command && submit.length < MAX_SUGGESTION_ACTIONS)
      submit.push({ type: 'Action.Submit', title: cleanText(command, CHARS.button), data: { command } });
  }
  // `subscribe` alone answers with the subscription form; it goes before the suggestions a full card leaves out.
  if (briefing.offersForm) submit.unshift({ type: 'Action.Submit', title: 'Set up digests', data: { command: 'subscribe' } });
  // A list cut short: "More" runs the command for the rest, first of all.
  const next = briefing.sections.find((section) => section.more?.command)?.more?.command;
  const more = next ? cleanText(commandText(next), CHARS.command) : '';
  if (more) submit.unshift({ type: 'Action.Submit', title: 'More', data: { command: more } });
  return [...open, ...submit].slice(0, MAX_ACTIONS);
}

/** The same briefing as plain text, for clients that cannot show cards. */
function fallbackText(title: string, briefing: Briefing): string {
  const lines = [title, briefing.intro ?? ''];
  for (const section of briefing.sections) {
    if (section.heading) lines.push(section.heading);
    for (const item of section.items) lines.push(`• ${item.dateLabel ? `${item.dateLabel} — ` : ''}${item.title}`);
    if (section.more && section.more.count > 0)
      lines.push(moreText(section.more.count, section.more.command && commandText(section.more.command)));
  }
  if (briefing.sources.length > 0)
    lines.push(`Sources: ${briefing.sources.map((source) => `${sourceName(source)}${source.url ? ` ${source.url}` : ''}`).join('; ')}`);
  return clip(
    lines
      .map((entry) => cleanText(entry, CHARS.fallback))
      .filter(Boolean)
      .join('\n'),
    CHARS.fallback,
  );
}

const byteSize = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

export function renderTeamsActivity(briefing: Briefing): TeamsMessageActivity {
  const isError = briefing.kind === 'error';
  const title = cleanText(briefing.title, CHARS.title) || DEFAULT_TITLE;
  const heading = line(isError ? `⚠ ${title}` : title, CHARS.title + 2, {
    weight: 'Bolder',
    size: 'Large',
    ...(isError ? { color: 'Attention' as const } : {}),
  });
  const body: CardElement[] = present([heading, line(briefing.intro ?? '', CHARS.intro, { isSubtle: true })]);
  const cardActions = actions(briefing);
  const card: AdaptiveCard = {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: ADAPTIVE_CARD_VERSION,
    body,
    ...(cardActions.length > 0 ? { actions: cardActions } : {}),
    fallbackText: fallbackText(title, briefing),
    msteams: { width: 'Full' },
  };
  const activity: TeamsMessageActivity = {
    type: 'message',
    summary: title,
    attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card }],
  };

  const blocks = sectionBlocks(briefing);
  let size = byteSize(activity);
  // Items first: as many as fit without their "Quote & source"; then, in order, each shown item's
  // "Quote & source" that still fits (on a long answer, the first items have one).
  const room = MAX_ACTIVITY_BYTES - CLOSING_RESERVE_BYTES;
  const shownBlocks: Block[] = [];
  for (const block of blocks) {
    const added = byteSize(block.lean ?? block.element) + 1;
    if (size + added > room) break;
    shownBlocks.push(block);
    size += added;
  }
  for (const block of shownBlocks) {
    const extra = block.lean ? byteSize(block.element) - byteSize(block.lean) : 0;
    const full = extra === 0 || size + extra <= room;
    if (full) size += extra;
    body.push(full ? block.element : block.lean!);
  }
  const shown = shownBlocks.length;
  const rest = blocks.slice(shown);
  const omitted = rest.reduce((sum, block) => sum + block.omits, 0);
  const closing =
    omitted > 0
      ? line(
          moreText(omitted, rest.find((block) => block.command)?.command),
          CHARS.heading + CHARS.command,
          { isSubtle: true },
          { separator: true },
        )
      : undefined;
  if (closing) body.push(closing);
  return activity;
}

/** The activity as `dateline ask --format teams` prints it: exactly what would be sent. */
export function renderTeamsJson(briefing: Briefing): string {
  return JSON.stringify(renderTeamsActivity(briefing), null, 2);
}
