// Renders the core's neutral Briefing as a Slack message: a header, sections of facts (an item
// with a "Quote & source" button in a section of its own), context lines with source links, a
// "More" button under a list cut short, and a plain `text` fallback, within Block Kit's limits;
// and an item's quotes and sources, as that button answers.
import type { types } from '@slack/bolt';
import { commandText, type Briefing, type BriefingItem, type BriefingSection, type PageCommand, type Source } from '../../src/index.ts';
import { escapeText, link, truncate } from './mrkdwn.ts';
import { actionButton } from './actions.ts';

type Block = types.KnownBlock;

/** Block Kit's limits: blocks in a message, characters in a section's text and in a header. */
export const MAX_BLOCKS = 50;
export const SECTION_TEXT_MAX = 3000;
export const HEADER_TEXT_MAX = 150;
/** A section heading is a line, not a paragraph. */
const HEADING_MAX = 200;
/** The fallback text shows in notifications; the title is all it needs. */
const FALLBACK_TEXT_MAX = 3000;

export const DEFAULT_COMMAND = '/dateline';
/** Sources a "Quote & source" answer shows: two blocks each, within MAX_BLOCKS with the title. */
const QUOTES_MAX = Math.floor((MAX_BLOCKS - 1) / 2);

export interface SlackMessage {
  text: string;
  blocks: Block[];
}

export interface BlockKitOptions {
  /** The slash command that prefixes suggested commands (default /dateline). */
  command?: string;
  /** Adds a "Share in channel" button carrying this value (a signed command). */
  shareValue?: string;
  /** For a briefing that offers the subscription form: the "Set up digests" button's value (a signed command). */
  formValue?: string;
  /** The "More" button's value for a cut list's next page (a signed command); without it, only the command is shown. */
  moreValue?: (command: PageCommand) => string | undefined;
  /** The "Quote & source" button's value for a fact (a signed command); without it, items have no button. */
  quoteValue?: (factId: string) => string | undefined;
  /** Attributes the message to the person who shared it. */
  sharedBy?: { userId: string; name?: string };
  /** Attributes a change to a channel's digests (made in a form) to the person who made it. */
  changedBy?: string;
}

/** A run of section text, with how many briefing items (and "more" items) it accounts for. */
interface Chunk {
  text: string;
  items: number;
  more: number;
  moreCommand?: PageCommand;
  /** An item's "Quote & source" button: such an item is a section of its own. */
  accessory?: types.Button;
}

export function renderBlockKit(briefing: Briefing, options: BlockKitOptions = {}): SlackMessage {
  const command = options.command ?? DEFAULT_COMMAND;
  const head: Block[] = [];
  if (options.sharedBy) head.push(context(`Shared by ${mention(options.sharedBy)}`));
  if (options.changedBy) head.push(context(`Changed by ${mention({ userId: options.changedBy })}`));
  head.push(titleBlock(briefing));
  if (briefing.intro) head.push(section(escapeText(briefing.intro)));

  const tail: Block[] = [];
  if (briefing.sources.length > 0) tail.push(context(sourcesLine(briefing.sources)));
  if (briefing.suggestions.length > 0) tail.push(context(`Try: ${briefing.suggestions.map((text) => code(command, text)).join(' · ')}`));
  // A list cut short: "More" runs the command for its rest (the first such list's), first of all.
  const next = briefing.sections.find((part) => part.more?.command)?.more?.command;
  const moreValue = next && options.moreValue?.(next);
  const buttons = [
    ...(moreValue !== undefined ? [actionButton('more', moreValue)] : []),
    ...(options.shareValue !== undefined ? [actionButton('share', options.shareValue)] : []),
    ...(briefing.offersForm && options.formValue !== undefined ? [actionButton('openForm', options.formValue)] : []),
  ];
  if (buttons.length > 0) tail.push({ type: 'actions', elements: buttons });

  const quoteButton = (item: BriefingItem) => {
    // A full fact shows its quotes already.
    if (!options.quoteValue || !item.factId || !item.provenance?.length || item.quotes) return undefined;
    const value = options.quoteValue(item.factId);
    return value === undefined ? undefined : actionButton('quote', value);
  };
  const chunks = briefing.sections.flatMap((part) => sectionChunks(part, command, briefing.kind === 'help', quoteButton));
  const body = fitChunks(chunks, MAX_BLOCKS - head.length - tail.length, command);
  return { text: fallbackText(briefing, options.sharedBy), blocks: [...head, ...body, ...tail] };
}

/** The message as JSON, exactly as it would be sent: `dateline ask --format slack`. */
export function renderSlackJson(briefing: Briefing): string {
  return JSON.stringify(renderBlockKit(briefing), null, 2);
}

function titleBlock(briefing: Briefing): Block {
  const title = escapeText(briefing.title);
  switch (briefing.kind) {
    case 'error':
      return section(`:warning: *${title}*`);
    case 'notice':
      return section(`*${title}*`);
    default:
      return { type: 'header', text: { type: 'plain_text', text: truncate(title, HEADER_TEXT_MAX), emoji: true } };
  }
}

function fallbackText(briefing: Briefing, sharedBy: BlockKitOptions['sharedBy']): string {
  const title = briefing.kind === 'error' ? `⚠ ${briefing.title}` : briefing.title;
  const by = sharedBy?.name ? ` (shared by ${sharedBy.name})` : '';
  return truncate(escapeText(`${title}${by}`), FALLBACK_TEXT_MAX);
}

/** A Slack user mention for a well-formed user id; otherwise the escaped name, which cannot ping. */
function mention(user: { userId: string; name?: string }): string {
  return /^[UW][A-Z0-9]{2,}$/.test(user.userId) ? `<@${user.userId}>` : escapeText(user.name ?? 'someone');
}

function code(command: string, text: string): string {
  return `\`${escapeText(`${command} ${text}`)}\``;
}

/** An item as mrkdwn; in help, its title is a command to type. */
function itemText(item: BriefingItem, command: string, help: boolean): string {
  const lines = [help ? code(command, item.title) : `*${escapeText(item.title)}*`];
  const sourceCount = (item.sources?.length ?? 0) > 1 ? `${item.sources!.length} sources` : undefined;
  const when = [item.dateLabel, item.anniversary, sourceCount].filter(Boolean).join(' · ');
  if (when) lines.push(`_${escapeText(when)}_`);
  if (item.text) lines.push(escapeText(item.text));
  for (const { quote, source } of item.quotes ?? []) {
    lines.push(
      ...escapeText(quote)
        .split('\n')
        .map((line) => `> ${line}`),
    );
    // One quote is the message's source (its context line); several each name their own.
    if (item.quotes!.length > 1) lines.push(`— ${link(source.url, source.title)}`);
  }
  return lines.join('\n');
}

function moreText(count: number, moreCommand: PageCommand | undefined, command: string): string {
  return `…and ${count} more${moreCommand ? ` — ${code(command, commandText(moreCommand))}` : ''}`;
}

/** A briefing section as section texts of at most SECTION_TEXT_MAX characters each. */
function sectionChunks(
  part: BriefingSection,
  command: string,
  help: boolean,
  quoteButton: (item: BriefingItem) => types.Button | undefined,
): Chunk[] {
  const chunks: Chunk[] = [];
  let current: Chunk = { text: part.heading ? `*${truncate(escapeText(part.heading), HEADING_MAX)}*` : '', items: 0, more: 0 };
  const add = (piece: string, items: number) => {
    const joined = current.text ? `${current.text}\n\n${piece}` : piece;
    if (joined.length <= SECTION_TEXT_MAX) {
      current.text = joined;
    } else {
      if (current.text) chunks.push(current);
      current = { text: truncate(piece, SECTION_TEXT_MAX), items: 0, more: 0 };
    }
    current.items += items;
  };
  for (const item of part.items) {
    const accessory = quoteButton(item);
    if (!accessory) {
      add(itemText(item, command, help), 1);
      continue;
    }
    // A section of its own, so that its button sits beside it; a heading with no item yet goes with it.
    const text = itemText(item, command, help);
    const headingOnly = current.items === 0 && current.text !== '';
    if (current.text && !headingOnly) chunks.push(current);
    chunks.push({ text: truncate(headingOnly ? `${current.text}\n\n${text}` : text, SECTION_TEXT_MAX), items: 1, more: 0, accessory });
    current = { text: '', items: 0, more: 0 };
  }
  if (part.more) {
    add(moreText(part.more.count, part.more.command, command), 0);
    current.more = part.more.count;
    if (part.more.command) current.moreCommand = part.more.command;
  }
  if (current.text) chunks.push(current);
  return chunks;
}

/** Section blocks for the chunks that fit in `budget` blocks, the rest summed up in one line. */
function fitChunks(chunks: Chunk[], budget: number, command: string): Block[] {
  if (chunks.length <= budget) return chunks.map((chunk) => section(chunk.text, chunk.accessory));
  const kept = chunks.slice(0, budget - 1);
  const dropped = chunks.slice(budget - 1);
  const count = dropped.reduce((sum, chunk) => sum + chunk.items + chunk.more, 0);
  const moreCommand = dropped.find((chunk) => chunk.moreCommand)?.moreCommand;
  return [...kept.map((chunk) => section(chunk.text, chunk.accessory)), section(moreText(count, moreCommand, command))];
}

function sourcesLine(sources: Source[]): string {
  const parts = sources.map((source) =>
    source.publisher ? `${link(source.url, source.title)}, ${escapeText(source.publisher)}` : link(source.url, source.title),
  );
  return truncate(`${sources.length === 1 ? 'Source' : 'Sources'}: ${parts.join(' · ')}`, SECTION_TEXT_MAX);
}

function section(text: string, accessory?: types.Button): types.SectionBlock {
  return {
    type: 'section',
    text: { type: 'mrkdwn', text: truncate(text, SECTION_TEXT_MAX), verbatim: true },
    ...(accessory ? { accessory } : {}),
  };
}

function context(text: string): types.ContextBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: truncate(text, SECTION_TEXT_MAX), verbatim: true }] };
}

/**
 * What "Quote & source" answers: the item's title, then for each of its sources the verbatim
 * quote as a block quote and the source's title linked to its URL, with publisher, author and date.
 */
export function renderQuoteAndSource(item: BriefingItem): SlackMessage {
  const blocks: Block[] = [section(`*${escapeText(item.title)}*`)];
  for (const { quote, source, credit } of (item.provenance ?? []).slice(0, QUOTES_MAX)) {
    const quoted = escapeText(quote)
      .split('\n')
      .map((line) => `> ${line}`)
      .join('\n');
    blocks.push(section(quoted), context([link(source.url, source.title), credit ? escapeText(credit) : ''].filter(Boolean).join(' · ')));
  }
  return { text: truncate(escapeText(`Quote & source: ${item.title}`), FALLBACK_TEXT_MAX), blocks };
}
