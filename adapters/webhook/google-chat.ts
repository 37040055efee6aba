// Renders a Briefing as a Google Chat message for an incoming webhook: one card (cardsV2) with a
// header, a section per briefing section and a paragraph per item, in the small HTML subset card
// text speaks (<b>, <i>, <a href>, <br>), every piece of fact text escaped. Within Google Chat's
// documented limits (docs/webhooks.md): at most MAX_MESSAGE_BYTES per message and MAX_WIDGETS
// widgets per card; items that do not fit are summed up as "…and N more".
import type { Briefing, BriefingItem, Source } from '../../src/index.ts';

/** spaces.messages.create: "The maximum message size, including text and cards, is 32,000 bytes." */
export const MAX_MESSAGE_BYTES = 32_000;
/** Card reference: "You can add up to 100 widgets per card. Any widgets beyond this limit are ignored." */
export const MAX_WIDGETS = 100;
/** Room kept for the closing line and the sources once items stop fitting. */
const CLOSING_RESERVE_BYTES = 2_000;
const CHARS = { title: 200, subtitle: 300, heading: 150, text: 1_500, quote: 1_500, fallback: 300 };

interface TextParagraph {
  textParagraph: { text: string };
}

interface Section {
  header?: string;
  widgets: TextParagraph[];
}

export interface GoogleChatMessage {
  /** Shown where the card cannot be, such as notifications. */
  fallbackText: string;
  cardsV2: [{ cardId: string; card: { header: { title: string; subtitle?: string }; sections: Section[] } }];
}

/** Card text is HTML: the three characters that could open a tag or an entity are escaped. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function clip(text: string, max: number): string {
  const clean = text
    .replace(/[\p{Cc}\p{Cs}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const points = Array.from(clean);
  return points.length <= max
    ? clean
    : `${points
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`;
}

/** An http(s) link, or the escaped label alone. */
function link(url: string | undefined, label: string): string {
  if (!url || !URL.canParse(url)) return escapeHtml(label);
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return escapeHtml(label);
  return `<a href="${parsed.href.replace(/&/g, '&amp;').replace(/"/g, '%22')}">${escapeHtml(label)}</a>`;
}

const paragraph = (text: string): TextParagraph => ({ textParagraph: { text } });
const moreText = (count: number) => `<i>…and ${count} more</i>`;

function itemText(item: BriefingItem): string {
  const sourceCount = (item.sources?.length ?? 0) > 1 ? `${item.sources!.length} sources` : undefined;
  const meta = [item.dateLabel, item.anniversary, sourceCount].filter(Boolean).join(' · ');
  const lines = [`<b>${escapeHtml(clip(item.title, CHARS.heading * 2))}</b>`];
  if (meta) lines.push(`<i>${escapeHtml(clip(meta, CHARS.heading))}</i>`);
  if (item.text) lines.push(escapeHtml(clip(item.text, CHARS.text)));
  for (const { quote, source } of item.quotes ?? []) {
    lines.push(`<i>“${escapeHtml(clip(quote, CHARS.quote))}”</i> — ${link(source.url, source.title)}`);
  }
  return lines.join('<br>');
}

function sourcesText(sources: Source[]): string {
  const parts = sources.map((source) => `${link(source.url, source.title)}${source.publisher ? `, ${escapeHtml(source.publisher)}` : ''}`);
  return `${sources.length === 1 ? 'Source' : 'Sources'}: ${parts.join(' · ')}`;
}

const byteSize = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

export function renderGoogleChat(briefing: Briefing): GoogleChatMessage {
  const title = clip(briefing.kind === 'error' ? `⚠ ${briefing.title}` : briefing.title, CHARS.title) || 'Dateline';
  const header: { title: string; subtitle?: string } = { title };
  if (briefing.intro) header.subtitle = clip(briefing.intro, CHARS.subtitle);
  const sections: Section[] = [];
  const message: GoogleChatMessage = {
    fallbackText: clip(title, CHARS.fallback),
    cardsV2: [{ cardId: 'dateline', card: { header, sections } }],
  };
  const closing: Section = { widgets: [] };
  if (briefing.sources.length > 0) closing.widgets.push(paragraph(sourcesText(briefing.sources)));
  // Widgets and bytes left for items, once the sources and a closing "…and N more" have their room.
  let widgets = MAX_WIDGETS - closing.widgets.length - 1;
  let bytes = MAX_MESSAGE_BYTES - CLOSING_RESERVE_BYTES - byteSize(message) - byteSize(closing);
  let omitted = 0;
  for (const part of briefing.sections) {
    const section: Section = { widgets: [] };
    if (part.heading) section.header = escapeHtml(clip(part.heading, CHARS.heading));
    bytes -= byteSize(section);
    const more = part.more?.count ?? 0;
    for (const item of part.items) {
      const widget = paragraph(itemText(item));
      const size = byteSize(widget) + 1;
      if (omitted > 0 || widgets < 1 || size > bytes) {
        omitted++;
        continue;
      }
      section.widgets.push(widget);
      widgets--;
      bytes -= size;
    }
    if (more > 0 && omitted === 0 && widgets >= 1) {
      section.widgets.push(paragraph(moreText(more)));
      widgets--;
    } else omitted += more;
    if (section.widgets.length > 0) sections.push(section);
  }
  if (omitted > 0) closing.widgets.push(paragraph(moreText(omitted)));
  if (closing.widgets.length > 0) sections.push(closing);
  // A card needs a section with a widget: a notice with no items says its title again.
  if (sections.length === 0) sections.push({ widgets: [paragraph(escapeHtml(title))] });
  return message;
}
