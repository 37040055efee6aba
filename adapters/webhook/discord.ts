// Renders a Briefing as a Discord webhook message: one embed whose description carries the
// sections and items in Discord's markdown, every piece of fact text escaped, and no mention
// that could ping (allowed_mentions parses none). Within Discord's documented embed limits
// (docs/webhooks.md): title 256, description 4096, footer 2048 characters, and 6000 across the
// embed; items that do not fit are summed up as "…and N more".
import type { Briefing, BriefingItem, Source } from '../../src/index.ts';

export const LIMITS = { title: 256, description: 4_096, footer: 2_048, total: 6_000 };
/** Discord counts characters; we count UTF-16 units, which is never fewer. */
const CHARS = { title: 200, intro: 600, heading: 150, itemTitle: 300, text: 1_200, quote: 1_200, footer: 200 };
const COLOUR = { briefing: 0x2f6fde, error: 0xd93025 };

export interface DiscordEmbed {
  title: string;
  description?: string;
  url?: string;
  color: number;
  footer: { text: string };
}

export interface DiscordMessage {
  embeds: [DiscordEmbed];
  allowed_mentions: { parse: [] };
}

function clip(text: string, max: number): string {
  const clean = text
    .replace(/[\p{Cc}\p{Cs}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return clean.length <= max ? clean : `${clean.slice(0, max - 1).trimEnd()}…`;
}

/** Escapes Discord's markdown (and the `<` of a mention or a link), so that fact text shows as written. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\*_~`|<>[\]()#:-]/g, '\\$&');
}

/** A markdown link to an http(s) URL, or the escaped label alone. */
function link(url: string | undefined, label: string): string {
  const text = escapeMarkdown(label);
  if (!url || !URL.canParse(url)) return text;
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return text;
  return `[${text}](${parsed.href.replace(/\(/g, '%28').replace(/\)/g, '%29')})`;
}

function itemText(item: BriefingItem): string {
  const sourceCount = (item.sources?.length ?? 0) > 1 ? `${item.sources!.length} sources` : undefined;
  const meta = [item.dateLabel, item.anniversary, sourceCount].filter(Boolean).join(' · ');
  const lines = [
    `**${escapeMarkdown(clip(item.title, CHARS.itemTitle))}**${meta ? ` — *${escapeMarkdown(clip(meta, CHARS.heading))}*` : ''}`,
  ];
  if (item.text) lines.push(escapeMarkdown(clip(item.text, CHARS.text)));
  for (const { quote, source } of item.quotes ?? []) {
    lines.push(`> ${escapeMarkdown(clip(quote, CHARS.quote))}`, `— ${link(source.url, source.title)}`);
  }
  return lines.join('\n');
}

function sourcesText(sources: Source[]): string {
  const parts = sources.map(
    (source) => `${link(source.url, source.title)}${source.publisher ? `, ${escapeMarkdown(source.publisher)}` : ''}`,
  );
  return `${sources.length === 1 ? 'Source' : 'Sources'}: ${parts.join(' · ')}`;
}

const moreText = (count: number) => `*…and ${count} more*`;

export function renderDiscord(briefing: Briefing): DiscordMessage {
  const title = clip(briefing.kind === 'error' ? `⚠ ${briefing.title}` : briefing.title, CHARS.title) || 'Dateline';
  const footer = { text: 'Dateline' };
  // The closing lines, kept whatever else is cut: the sources (cut to fit) and room for "…and N more".
  const sources = briefing.sources.length > 0 ? sourcesText(briefing.sources) : '';
  const closing = sources.length > 1_000 ? `${sources.slice(0, 999)}…` : sources;
  const budget =
    Math.min(LIMITS.description, LIMITS.total - title.length - footer.text.length) - closing.length - moreText(99_999).length - 4;
  const blocks: string[] = [];
  let used = 0;
  let omitted = 0;
  let full = false;
  // Once one block does not fit, none after it is shown: a later item never shows under an earlier heading.
  const add = (block: string, stands: number): void => {
    full ||= used + block.length + 2 > budget;
    if (full) omitted += stands;
    else {
      blocks.push(block);
      used += block.length + 2;
    }
  };
  if (briefing.intro) add(escapeMarkdown(clip(briefing.intro, CHARS.intro)), 0);
  for (const section of briefing.sections) {
    if (section.heading) add(`__**${escapeMarkdown(clip(section.heading, CHARS.heading))}**__`, 0);
    for (const item of section.items) add(itemText(item), 1);
    if (section.more && section.more.count > 0) add(moreText(section.more.count), section.more.count);
  }
  if (omitted > 0) blocks.push(moreText(omitted));
  if (closing) blocks.push(closing);
  const embed: DiscordEmbed = { title, color: briefing.kind === 'error' ? COLOUR.error : COLOUR.briefing, footer };
  if (blocks.length > 0) embed.description = blocks.join('\n\n');
  const url = briefing.sources.map((source) => source.url).find((candidate) => candidate && /^https?:\/\//.test(candidate));
  if (url && url.length <= 2_000) embed.url = url;
  return { embeds: [embed], allowed_mentions: { parse: [] } };
}
