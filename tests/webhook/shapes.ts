// What each webhook target accepts, checked as the platforms document it (docs/webhooks.md):
// Teams Workflows' envelope around an Adaptive Card that the `adaptivecards` parser and the
// published 1.5 schema accept (tests/teams/card-validators.ts) with no action that needs a bot;
// Slack's Block Kit limits and no interactive element; Google Chat's cardsV2 with its size and
// widget limits and only the HTML its card text speaks; Discord's embed limits and no mention
// that pings. Returns the problems found, none for a valid payload.
import { publishedCardProblems } from '../teams/card-validators.ts';

type Problems = string[];
type Json = Record<string, unknown>;

const size = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

function teamsWorkflow(payload: Json, problems: Problems): void {
  if (payload.type !== 'message') problems.push('envelope: type is not message');
  const attachments = payload.attachments as Json[] | undefined;
  if (!Array.isArray(attachments) || attachments.length !== 1) return void problems.push('envelope: not exactly one attachment');
  const [attachment] = attachments as [Json];
  if (attachment.contentType !== 'application/vnd.microsoft.card.adaptive') problems.push('attachment: wrong contentType');
  if (attachment.contentUrl !== null) problems.push('attachment: contentUrl is not null');
  problems.push(...publishedCardProblems(attachment.content));
  const actions = ((attachment.content as Json | undefined)?.actions ?? []) as Json[];
  for (const action of actions)
    if (action.type !== 'Action.OpenUrl') problems.push(`card: ${String(action.type)} needs a bot to answer it`);
  // Power Automate's Teams actions fail above about 28 KB.
  if (size(payload) > 28 * 1024) problems.push(`envelope: ${size(payload)} bytes`);
}

const SLACK_BLOCKS = new Set(['header', 'section', 'context', 'divider']);

function slack(payload: Json, problems: Problems): void {
  if (typeof payload.text !== 'string' || payload.text === '') problems.push('slack: no fallback text');
  const blocks = payload.blocks as Json[] | undefined;
  if (!Array.isArray(blocks) || blocks.length === 0 || blocks.length > 50) return void problems.push('slack: 1 to 50 blocks');
  blocks.forEach((block, index) => {
    if (!SLACK_BLOCKS.has(String(block.type))) problems.push(`blocks[${index}]: ${String(block.type)} (interactive or unknown)`);
    const text = (block.text as { text?: string } | undefined)?.text;
    const max = block.type === 'header' ? 150 : 3000;
    if (text !== undefined && text.length > max) problems.push(`blocks[${index}]: text of ${text.length} characters`);
  });
}

const CHAT_TAGS = /<\/?([a-z]+)[^>]*>/g;

function googleChat(payload: Json, problems: Problems): void {
  if (size(payload) > 32_000) problems.push(`google chat: ${size(payload)} bytes`);
  const cards = payload.cardsV2 as { cardId?: unknown; card?: Json }[] | undefined;
  if (!Array.isArray(cards) || cards.length !== 1) return void problems.push('google chat: not exactly one card');
  const card = cards[0]!.card ?? {};
  if (typeof cards[0]!.cardId !== 'string') problems.push('google chat: no cardId');
  if (typeof (card.header as Json | undefined)?.title !== 'string') problems.push('google chat: no header title');
  const sections = card.sections as { widgets?: Json[] }[] | undefined;
  if (!Array.isArray(sections) || sections.length === 0) return void problems.push('google chat: no sections');
  const widgets = sections.flatMap((section) => section.widgets ?? []);
  if (widgets.length > 100) problems.push(`google chat: ${widgets.length} widgets`);
  sections.forEach((section, index) => {
    if (!section.widgets?.length) problems.push(`sections[${index}]: no widgets`);
  });
  for (const widget of widgets) {
    const text = (widget.textParagraph as { text?: unknown } | undefined)?.text;
    if (typeof text !== 'string' || text === '') problems.push('widget: not a textParagraph with text');
    else for (const [, tag] of text.matchAll(CHAT_TAGS)) if (!['b', 'i', 'a', 'br'].includes(tag!)) problems.push(`widget: <${tag}> tag`);
  }
}

function discord(payload: Json, problems: Problems): void {
  const embeds = payload.embeds as Json[] | undefined;
  if (!Array.isArray(embeds) || embeds.length === 0 || embeds.length > 10) return void problems.push('discord: 1 to 10 embeds');
  let total = 0;
  for (const embed of embeds) {
    const title = String(embed.title ?? '');
    const description = String(embed.description ?? '');
    const footer = String((embed.footer as Json | undefined)?.text ?? '');
    if (title.length > 256) problems.push(`discord: title of ${title.length}`);
    if (description.length > 4096) problems.push(`discord: description of ${description.length}`);
    if (footer.length > 2048) problems.push(`discord: footer of ${footer.length}`);
    total += title.length + description.length + footer.length;
  }
  if (total > 6000) problems.push(`discord: ${total} characters across the embeds`);
  if (JSON.stringify(payload.allowed_mentions) !== '{"parse":[]}') problems.push('discord: mentions may ping');
}

export function payloadProblems(format: string, payload: unknown): string[] {
  const problems: Problems = [];
  const body = (payload ?? {}) as Json;
  if (format === 'teams-workflow') teamsWorkflow(body, problems);
  else if (format === 'slack') slack(body, problems);
  else if (format === 'google-chat') googleChat(body, problems);
  else if (format === 'discord') discord(body, problems);
  else problems.push(`unknown format ${format}`);
  return problems;
}
