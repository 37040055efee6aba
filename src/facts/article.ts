// An article as `facts draft` reads it: its readable text and what it says about itself. An
// HTML page's own metadata (Open Graph, <meta> author and dates, JSON-LD, the canonical link)
// comes first; then the text's front: its first line when that is a headline, and a byline or
// publication line near the top ("By Ada Example | 14 February 2024"), which is taken out of
// the text, as it belongs in the source record and not among the facts.
import { DomUtils, parseDocument } from 'htmlparser2';
import { factDateText, parseFactDate } from '../dates/fact-date.ts';
import { writtenDate } from './article-dates.ts';
import { articleText, isHtml } from './provenance.ts';

type Document = ReturnType<typeof parseDocument>;

export interface ArticleMetadata {
  title?: string;
  publisher?: string;
  author?: string;
  url?: string;
  /** The publication date, EDTF ("2024-02-14"). */
  published?: string;
}

export interface Article {
  /** The readable text, without its byline (see provenance.ts's articleText). */
  text: string;
  metadata: ArticleMetadata;
}

/** Non-empty lines at the top of a text that may hold its headline and byline. */
const FRONT_LINES = 6;
const TITLE_MAX_WORDS = 20;
const BYLINE_MAX_WORDS = 16;
/** Words that join the parts of a name ("Ana de Souza"), though not capitalised. */
const NAME_JOINERS = new Set(['and', '&', 'de', 'da', 'del', 'der', 'van', 'von', 'bin', 'al', 'le', 'la']);
const BYLINE_PARTS = /\s+[|·•]\s+|\s+[—–]\s+/;
const AUTHOR = /^(?:by|written by|words by|reporting by)\s+(.+)$|^(.+?)\s*기자$/iu;
const PUBLISHED = /^(?:published|posted|first published|입력|등록|작성)\s*(?:on\s+|:\s*)?(.+)$/iu;
const UPDATED = /^(?:updated|last updated|modified|수정|승인)\s*(?:on\s+|:\s*)?(.+)$/iu;

/** An article's text and metadata, from the page's own markup first and then from its front lines. */
export function readArticle(raw: string, fileName: string): Article {
  const front = readFront(articleText(raw, fileName));
  const page = isHtml(raw, fileName) ? pageMetadata(parseDocument(raw)) : {};
  const metadata = { ...front.metadata, ...page };
  return { text: front.text, metadata: Object.fromEntries(Object.entries(metadata).filter(([, value]) => value)) as ArticleMetadata };
}

const wordCount = (line: string) => line.split(/\s+/).filter(Boolean).length;

/** The text's headline and byline, and the text without its byline and with its headline standing alone. */
function readFront(text: string): Article {
  const lines = text.split('\n');
  const metadata: ArticleMetadata = {};
  let seen = 0;
  for (let at = 0; at < lines.length && seen < FRONT_LINES; at++) {
    const line = lines[at]!.trim();
    if (!line) continue;
    seen++;
    const byline = readByline(line);
    if (byline) {
      metadata.author ??= byline.author;
      metadata.published ??= byline.published;
      lines[at] = '';
      continue;
    }
    if (seen === 1 && isHeadline(line, lines, at)) {
      metadata.title = line;
      // A blank line after it makes it a paragraph of its own, which drafting reads as a headline.
      lines[at] = `${lines[at]}\n`;
      continue;
    }
    if (/[.!?]["”’)]?$/.test(line) || wordCount(line) > BYLINE_MAX_WORDS) break;
  }
  return { text: lines.join('\n'), metadata };
}

/** A first line that is a headline: short, no sentence's end, and standing apart from what follows. */
function isHeadline(line: string, lines: readonly string[], at: number): boolean {
  if (wordCount(line) > TITLE_MAX_WORDS || /[.,;:]$/.test(line)) return false;
  const rest = lines.slice(at + 1);
  const nextAt = rest.findIndex((next) => next.trim());
  if (nextAt < 0) return false;
  const next = rest[nextAt]!.trim();
  return nextAt > 0 || readByline(next) !== undefined || (/^["“‘\p{Lu}\d]/u.test(next) && line.length < 0.7 * next.length);
}

/** "By Ada Example | 14 February 2024", "Published 2 May 2024", "홍길동 기자 | 입력 2024.02.14": who and when. */
function readByline(line: string): { author?: string; published?: string } | undefined {
  if (wordCount(line) > BYLINE_MAX_WORDS || /[!?]$|\p{L}\.$/u.test(line)) return undefined;
  const found: { author?: string; published?: string } = {};
  let named = false;
  for (const part of line.split(BYLINE_PARTS)) {
    const author = AUTHOR.exec(part);
    const name = author && (author[1] ?? author[2])!.split(/,\s*/)[0]!.trim();
    if (name && isName(name)) {
      found.author ??= name;
      named = true;
      continue;
    }
    const updated = UPDATED.exec(part);
    if (updated && writtenDate(updated[1]!)) {
      named = true;
      continue;
    }
    const date = writtenDate(PUBLISHED.exec(part)?.[1] ?? part);
    if (date) {
      found.published ??= factDateText(date);
      named = true;
      continue;
    }
    // Another short name beside them ("Harbour Gazette") leaves the line a byline.
    if (!isName(part) || wordCount(part) > 5) return undefined;
  }
  return named ? found : undefined;
}

/** Words a person's or an outlet's name is made of: each capitalised (or in a script without capitals). */
function isName(text: string): boolean {
  const words = text.split(/\s+/).filter(Boolean);
  return (
    words.length > 0 && words.length <= 6 && words.every((word) => NAME_JOINERS.has(word) || /^[\p{Lu}\p{Lo}][\p{L}.'’-]*$/u.test(word))
  );
}

/** What an HTML page says about itself: Open Graph and other <meta>, JSON-LD, <title>, the canonical link. */
function pageMetadata(document: Document): ArticleMetadata {
  const metas = DomUtils.findAll((node) => node.name === 'meta', document.children);
  const meta = (...keys: string[]) =>
    metas
      .filter((node) => keys.includes((node.attribs.property ?? node.attribs.name ?? node.attribs.itemprop ?? '').toLowerCase()))
      .map((node) => node.attribs.content?.trim())
      .find(Boolean);
  const linked = jsonLd(document);
  const titleElement = DomUtils.findOne((node) => node.name === 'title', document.children);
  const canonical = DomUtils.findOne((node) => node.name === 'link' && node.attribs.rel === 'canonical', document.children);
  const author = meta('author', 'article:author', 'parsely-author', 'dc.creator', 'byl');
  return {
    title: meta('og:title', 'twitter:title') ?? linked.headline ?? (titleElement ? DomUtils.textContent(titleElement).trim() : undefined),
    publisher: meta('og:site_name', 'application-name') ?? linked.publisher,
    // article:author is often a profile's address, which is no name.
    author: (author && !/^https?:/.test(author) ? author.replace(/^by\s+/i, '') : undefined) ?? linked.author,
    url: meta('og:url') ?? canonical?.attribs.href,
    published: metadataDate(
      meta(
        'article:published_time',
        'datepublished',
        'date',
        'pubdate',
        'publishdate',
        'publish-date',
        'dc.date',
        'dc.date.issued',
        'dcterms.issued',
        'citation_publication_date',
        'parsely-pub-date',
      ) ?? linked.published,
    ),
  };
}

/** The article that a page's JSON-LD describes: its headline, publisher, author(s) and publication date. */
function jsonLd(document: Document): { headline?: string; publisher?: string; author?: string; published?: string } {
  const scripts = DomUtils.findAll((node) => node.name === 'script' && node.attribs.type === 'application/ld+json', document.children);
  for (const script of scripts) {
    let data: unknown;
    try {
      data = JSON.parse(DomUtils.textContent(script));
    } catch {
      continue;
    }
    const nodes = [data, ...((data as { '@graph'?: unknown[] })?.['@graph'] ?? [])].flat() as Record<string, unknown>[];
    const article = nodes.find((node) => node && typeof node === 'object' && ('datePublished' in node || 'headline' in node));
    if (!article) continue;
    const nameOf = (value: unknown) =>
      [value]
        .flat()
        .map((one) => (typeof one === 'string' ? one : (one as { name?: unknown } | undefined)?.name))
        .filter((one): one is string => typeof one === 'string' && one.trim() !== '')
        .join(', ') || undefined;
    return {
      ...(typeof article.headline === 'string' ? { headline: article.headline } : {}),
      ...(nameOf(article.publisher) ? { publisher: nameOf(article.publisher)! } : {}),
      ...(nameOf(article.author) ? { author: nameOf(article.author)! } : {}),
      ...(typeof article.datePublished === 'string' ? { published: article.datePublished } : {}),
    };
  }
  return {};
}

/** The calendar date a metadata value starts with ("2024-02-14T09:00:00+09:00" is 2024-02-14, as the page wrote it). */
function metadataDate(value: string | undefined): string | undefined {
  const match = value && /^(\d{4})[-/](\d{2})(?:[-/](\d{2}))?/.exec(value.trim());
  if (!match) return undefined;
  const checked = parseFactDate([match[1], match[2], match[3]].filter(Boolean).join('-'));
  return checked.ok ? factDateText(checked.date) : undefined;
}
