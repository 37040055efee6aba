// Slack text safety: escaping the three characters Slack reads as markup, decoding the text
// Slack sends, cutting text to a limit without breaking an entity or a link, and safe links.

/** Escapes `&`, `<` and `>`, so that no text from facts or users can form a mention or a link. */
export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Undoes Slack's own escaping of `&`, `<` and `>` in the text of a slash command. */
export function decodeSlackText(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/**
 * Cuts escaped text to at most `max` characters, ending in "…". The cut never leaves half an
 * entity ("&am"), half a link ("<https://…") or half a surrogate pair behind.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1).replace(/&[a-z]*$/, '');
  const open = cut.lastIndexOf('<');
  if (open > cut.lastIndexOf('>')) cut = cut.slice(0, open);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** A mrkdwn link to an http(s) URL, or the escaped label alone when the URL is not one. */
export function link(url: string | undefined, label: string): string {
  const text = escapeText(label).replace(/\|/g, '¦');
  if (!url) return text;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return text;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return text;
  const href = parsed.href.replace(/&/g, '&amp;').replace(/</g, '%3C').replace(/>/g, '%3E').replace(/\|/g, '%7C');
  return `<${href}|${text}>`;
}
