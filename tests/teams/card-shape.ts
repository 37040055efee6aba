// A structural check of the activities the renderer makes, against the parts of the Adaptive
// Card 1.5 schema they use: known element and action types (a ShowCard's card checked as a card), their required properties and
// allowed values, nothing else; then the platforms' own checks (card-validators.ts). Returns the
// problems found (none for a valid activity).
import { publishedCardProblems } from './card-validators.ts';

const TEXT_RUN_KEYS = new Set(['type', 'text', 'weight', 'size', 'color', 'isSubtle', 'italic']);
const RICH_TEXT_KEYS = new Set(['type', 'inlines', 'separator', 'spacing']);
const CONTAINER_KEYS = new Set(['type', 'items', 'spacing']);
const ACTION_SET_KEYS = new Set(['type', 'actions']);
const SHOWN_CARD_KEYS = new Set(['type', 'body', 'actions']);
const SPACINGS = new Set(['Small', 'Medium']);
const SIZES = new Set(['Small', 'Medium', 'Large']);
const WELL_FORMED = /^[^\p{Cs}\p{Cc}]*$/u;

type Problems = string[];

function unknownKeys(where: string, value: Record<string, unknown>, allowed: Set<string>, problems: Problems): void {
  for (const key of Object.keys(value)) if (!allowed.has(key)) problems.push(`${where}: unexpected property ${key}`);
}

function checkRun(where: string, run: Record<string, unknown>, problems: Problems): void {
  if (run.type !== 'TextRun') problems.push(`${where}: inline of type ${String(run.type)}`);
  unknownKeys(where, run, TEXT_RUN_KEYS, problems);
  if (typeof run.text !== 'string' || run.text === '') problems.push(`${where}: TextRun without text`);
  else if (!WELL_FORMED.test(run.text)) problems.push(`${where}: control character or lone surrogate in text`);
  if (run.weight !== undefined && run.weight !== 'Bolder') problems.push(`${where}: weight ${String(run.weight)}`);
  if (run.size !== undefined && !SIZES.has(run.size as string)) problems.push(`${where}: size ${String(run.size)}`);
  if (run.color !== undefined && run.color !== 'Attention') problems.push(`${where}: color ${String(run.color)}`);
}

function checkElement(where: string, element: Record<string, unknown>, problems: Problems): void {
  if (element.spacing !== undefined && !SPACINGS.has(element.spacing as string))
    problems.push(`${where}: spacing ${String(element.spacing)}`);
  if (element.type === 'RichTextBlock') {
    unknownKeys(where, element, RICH_TEXT_KEYS, problems);
    const inlines = element.inlines;
    if (!Array.isArray(inlines) || inlines.length === 0) problems.push(`${where}: RichTextBlock without inlines`);
    else
      inlines.forEach((run, index) => {
        checkRun(`${where}.inlines[${index}]`, run as Record<string, unknown>, problems);
      });
  } else if (element.type === 'Container') {
    unknownKeys(where, element, CONTAINER_KEYS, problems);
    const items = element.items;
    if (!Array.isArray(items) || items.length === 0) problems.push(`${where}: Container without items`);
    else
      items.forEach((item, index) => {
        checkElement(`${where}.items[${index}]`, item as Record<string, unknown>, problems);
      });
  } else if (element.type === 'ActionSet') {
    unknownKeys(where, element, ACTION_SET_KEYS, problems);
    const actions = element.actions;
    if (!Array.isArray(actions) || actions.length === 0) problems.push(`${where}: ActionSet without actions`);
    else
      actions.forEach((action, index) => {
        checkAction(`${where}.actions[${index}]`, action as Record<string, unknown>, problems);
      });
  } else {
    problems.push(`${where}: element of type ${String(element.type)}`);
  }
}

/** A ShowCard's card: a body of elements and its own actions, nothing else. */
function checkShownCard(where: string, card: Record<string, unknown> | undefined, problems: Problems): void {
  if (card?.type !== 'AdaptiveCard') return void problems.push(`${where}: ShowCard without a card`);
  unknownKeys(where, card, SHOWN_CARD_KEYS, problems);
  const body = card.body;
  if (!Array.isArray(body) || body.length === 0) problems.push(`${where}: empty body`);
  else
    body.forEach((element, index) => {
      checkElement(`${where}.body[${index}]`, element as Record<string, unknown>, problems);
    });
  if (card.actions !== undefined) {
    if (!Array.isArray(card.actions) || card.actions.length === 0) problems.push(`${where}: actions is not a non-empty list`);
    else
      card.actions.forEach((action, index) => {
        checkAction(`${where}.actions[${index}]`, action as Record<string, unknown>, problems);
      });
  }
}

function checkAction(where: string, action: Record<string, unknown>, problems: Problems): void {
  if (typeof action.title !== 'string' || action.title === '') problems.push(`${where}: action without title`);
  if (action.type === 'Action.OpenUrl') {
    const url = typeof action.url === 'string' && URL.canParse(action.url) ? new URL(action.url) : undefined;
    if (!url || !['http:', 'https:'].includes(url.protocol)) problems.push(`${where}: OpenUrl with url ${String(action.url)}`);
  } else if (action.type === 'Action.Submit') {
    const data = action.data as { command?: unknown } | undefined;
    if (typeof data?.command !== 'string') problems.push(`${where}: Submit without data.command`);
  } else if (action.type === 'Action.ShowCard') {
    if (typeof action.id !== 'string' || action.id === '') problems.push(`${where}: ShowCard without id`);
    checkShownCard(`${where}.card`, action.card as Record<string, unknown> | undefined, problems);
  } else {
    problems.push(`${where}: action of type ${String(action.type)}`);
  }
}

export function cardProblems(activity: unknown): string[] {
  const problems: Problems = [];
  const message = activity as { type?: unknown; summary?: unknown; attachments?: unknown };
  if (message.type !== 'message') problems.push('activity: type is not message');
  if (typeof message.summary !== 'string' || message.summary === '') problems.push('activity: no summary');
  const attachments = message.attachments as { contentType?: unknown; content?: Record<string, unknown> }[] | undefined;
  if (!Array.isArray(attachments) || attachments.length !== 1) return [...problems, 'activity: not exactly one attachment'];
  const [attachment] = attachments;
  if (attachment?.contentType !== 'application/vnd.microsoft.card.adaptive') problems.push('attachment: wrong contentType');
  const card = attachment?.content ?? {};
  if (card.type !== 'AdaptiveCard') problems.push('card: type is not AdaptiveCard');
  if (card.version !== '1.5') problems.push(`card: version ${String(card.version)}`);
  if (card.$schema !== 'http://adaptivecards.io/schemas/adaptive-card.json') problems.push('card: no $schema');
  if (typeof card.fallbackText !== 'string' || card.fallbackText === '') problems.push('card: no fallbackText');
  const body = card.body;
  if (!Array.isArray(body) || body.length === 0) problems.push('card: empty body');
  else
    body.forEach((element, index) => {
      checkElement(`body[${index}]`, element as Record<string, unknown>, problems);
    });
  if (card.actions !== undefined) {
    if (!Array.isArray(card.actions) || card.actions.length === 0) problems.push('card: actions is not a non-empty list');
    else
      card.actions.forEach((action, index) => {
        checkAction(`actions[${index}]`, action as Record<string, unknown>, problems);
      });
  }
  problems.push(...publishedCardProblems(card));
  return problems;
}
