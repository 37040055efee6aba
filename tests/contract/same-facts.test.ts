// One behaviour suite through every adapter (STYLE.md): each command of the table goes through
// the CLI (`runCli ask --format text`), Slack (a signed slash command to the running server, the
// reply read from its response_url) and Teams (an @mention activity to /api/messages, the reply
// read from the fake Bot Connector), all at one instant. Each adapter's output is parsed back
// into title, item titles, fact ids and suggestions, and must equal what Dateline.ask gives.
//
// The question set (tests/questions/questions.yaml) goes through Slack and Teams the same way.
//
// Clocks: the CLI takes --at, and the Slack and Teams bots are given a clock pinned at the same
// instant (AdapterContext.clock).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { adapters } from '../../adapters/index.ts';
import type { TeamsMessageActivity } from '../../adapters/teams/render.ts';
import type { Briefing } from '../../src/briefing/model.ts';
import { runCli } from '../../src/cli/main.ts';
import { Dateline } from '../../src/dateline.ts';
import { openCatalog } from '../../src/facts/open.ts';
import { loadQuestions, QUESTIONS_AT, QUESTIONS_ZONE } from '../questions/question-set.ts';
import { startSlackBot, type SlackBot } from '../slack/support/slack-bot.ts';
import { FACTS_DIR, FakeConnector, guardNetwork, mentionMessage, NOW, startTeamsBot, type TeamsBot } from '../teams/support.ts';
import { captureOutput } from '../unit/support.ts';

const ZONE = 'Asia/Seoul';
const COMMANDS = [
  'today',
  'on 2023-06',
  'on 03-21',
  'on 2018',
  'week',
  'themes',
  'theme imaging',
  'search lunit',
  'search deepcach',
  'latest 3',
  'fact mfds-fda-ai-mou',
  'what happened in April 2023?',
  'anything on Lunit?',
  'help',
  'on 2023-02-30',
  'latest 999',
  'theme nope',
];

/** What a reader sees of a reply, parsed back out of one adapter's output. */
interface Seen {
  error: boolean;
  title: string;
  /** Item titles in reading order (facts, themes, help commands). */
  items: string[];
  /** The facts whose quote a reader can open, in reading order: the text's `(fact <id>)` markers, Slack's "Quote & source" buttons' commands, Teams' ShowCards' ids. */
  factIds: string[];
  suggestions: string[];
  /** All visible text, folded, for "contains" checks. */
  all: string;
}

const fold = (text: string) => text.replace(/\s+/g, ' ').trim();
const unescapeSlack = (text: string) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const WARNING = '⚠ ';

/** The date labels the renderers put before an item's title ("May 2023", "21 March 2022, 4 years ago", "Undated"). */
const DATE_LABEL = /^(Undated|\d{4}|[A-Z][a-z]+ \d{4}|\d{1,2} [A-Z][a-z]+ \d{4})(, \d+ years? ago)?$/;

function seenInText(output: string): Seen {
  const lines = output.trimEnd().split('\n');
  const first = lines[0] ?? '';
  const items = lines
    .filter((line) => line.startsWith('• '))
    .map((line) => {
      const body = line.slice(2);
      const cut = body.indexOf(' — ');
      return cut >= 0 && DATE_LABEL.test(body.slice(0, cut)) ? body.slice(cut + 3) : body;
    });
  const tryLine = lines.find((line) => line.startsWith('Try: ')) ?? '';
  return {
    error: first.startsWith(WARNING),
    title: fold(first.startsWith(WARNING) ? first.slice(WARNING.length) : first),
    items: items.map(fold),
    factIds: [...output.matchAll(/^ {2}\(fact ([a-z0-9-]+)\)$/gm)].map((match) => match[1]!),
    suggestions: [...tryLine.matchAll(/dateline ask "([^"]*)"/g)].map((match) => match[1]!),
    all: fold(output),
  };
}

type SlackBlock = {
  type: string;
  text?: { text: string };
  elements?: { text?: string }[];
  accessory?: { action_id?: string; value?: string };
};

/** The fact a "Quote & source" button's signed command names. */
const quotedFact = (value: string | undefined) => (JSON.parse(value ?? '{}') as { command?: { kind: string; id?: string } }).command?.id;

function seenInSlack(message: Record<string, unknown>): Seen {
  const blocks = (message.blocks ?? []) as SlackBlock[];
  const [head, ...rest] = blocks;
  const headText = head?.text?.text ?? '';
  const error = head?.type === 'section' && headText.startsWith(':warning: ');
  const title = head?.type === 'header' ? headText : headText.replace(/^:warning: /, '').replace(/^\*([\s\S]*)\*$/, '$1');
  const items: string[] = [];
  const sectionTexts = rest.filter((block) => block.type === 'section').map((block) => block.text?.text ?? '');
  for (const text of sectionTexts) {
    for (const piece of text.split('\n\n')) {
      const [line, ...more] = piece.split('\n');
      // A heading is a line alone; an item is its title line and at least a meta or text line.
      if (more.length === 0 || !line) continue;
      const bold = /^\*(.+)\*$/.exec(line);
      const command = /^`\/dateline (.+)`$/.exec(line);
      if (bold) items.push(bold[1]!);
      else if (command) items.push(command[1]!);
    }
  }
  const contexts = rest
    .filter((block) => block.type === 'context')
    .flatMap((block) => (block.elements ?? []).map((element) => element.text ?? ''));
  const tryLine = contexts.find((text) => text.startsWith('Try: ')) ?? '';
  const everything = [message.text, ...blocks.map((block) => block.text?.text), ...contexts].filter(
    (text): text is string => typeof text === 'string',
  );
  return {
    error,
    title: fold(unescapeSlack(title)),
    items: items.map((item) => fold(unescapeSlack(item))),
    factIds: rest.flatMap((block) => (block.accessory?.action_id === 'dateline_quote' ? [quotedFact(block.accessory.value)!] : [])),
    suggestions: [...tryLine.matchAll(/`\/dateline ([^`]*)`/g)].map((match) => unescapeSlack(match[1]!)),
    all: fold(unescapeSlack(everything.join('\n'))),
  };
}

type Run = { text: string; weight?: string; size?: string; isSubtle?: boolean; color?: string };
type Element = { type: string; inlines?: Run[]; items?: Element[]; actions?: { type: string; id?: string }[] };

function seenInTeams(activity: TeamsMessageActivity): Seen {
  const card = activity.attachments[0].content;
  const body = card.body as Element[];
  const headRun = body[0]?.inlines?.[0];
  const headText = headRun?.text ?? '';
  const items: string[] = [];
  const factIds: string[] = [];
  const runs: string[] = [];
  for (const element of body) {
    if (element.type !== 'Container') {
      runs.push(...(element.inlines ?? []).map((run) => run.text));
      continue;
    }
    for (const line of element.items ?? []) {
      for (const run of line.inlines ?? []) {
        runs.push(run.text);
        if (run.weight === 'Bolder') items.push(run.text);
      }
      for (const action of line.actions ?? [])
        if (action.type === 'Action.ShowCard' && action.id) factIds.push(action.id.replace(/^quote:\d+:/, ''));
    }
  }
  return {
    error: headText.startsWith(WARNING) && headRun?.color === 'Attention',
    title: fold(headText.startsWith(WARNING) ? headText.slice(WARNING.length) : headText),
    items: items.map(fold),
    factIds,
    // "Set up digests" opens the subscription form and "More" shows the rest of a list: buttons of their own, not suggestions.
    suggestions: (card.actions ?? []).flatMap((action) =>
      action.type === 'Action.Submit' && action.title !== 'Set up digests' && action.title !== 'More' ? [action.data.command] : [],
    ),
    all: fold([activity.summary, card.fallbackText, ...runs].join('\n')),
  };
}

/** What every adapter must show for a briefing. */
function expectedOf(briefing: Briefing) {
  const items = briefing.sections.flatMap((section) => section.items);
  return {
    error: briefing.kind === 'error',
    title: fold(briefing.title),
    items: items.map((item) => fold(item.title)),
    /**
     * Every item of a fact offers its quote (the text renderer names the fact to type), except a
     * full fact (`fact <id>`), which shows its quote already.
     */
    factIds: items.flatMap((item) => (item.factId && !item.quotes ? [item.factId] : [])),
    quotes: items.flatMap((item) => (item.quotes ?? []).map((cited) => fold(cited.quote))),
    intro: briefing.intro === undefined ? undefined : fold(briefing.intro),
    suggestions: briefing.suggestions,
  };
}

const dateline = new Dateline(openCatalog(FACTS_DIR), ZONE);
let slack: SlackBot;
let teams: TeamsBot;
let connector: FakeConnector;
let restoreNetwork: () => void;

beforeAll(async () => {
  vi.stubEnv('FACTS_DIR', FACTS_DIR);
  vi.stubEnv('DATELINE_TZ', ZONE);
  restoreNetwork = guardNetwork();
  connector = new FakeConnector();
  await connector.start();
  [slack, teams] = await Promise.all([startSlackBot({}, { clock: () => NOW }), startTeamsBot()]);
}, 20_000);

afterAll(async () => {
  await Promise.all([slack?.close(), teams?.close(), connector?.stop()]);
  restoreNetwork?.();
  vi.unstubAllEnvs();
});

async function viaCli(text: string): Promise<Seen> {
  const { out, text: printed } = captureOutput();
  const code = await runCli(['ask', text, '--format', 'text', '--at', NOW.toISOString(), '--tz', ZONE], adapters, out);
  expect(code, 'dateline ask exit code').toBe(0);
  return seenInText(printed());
}

// Each text in a conversation of its own (a channel, a Teams thread), as Dateline.ask is asked
// here: in one conversation, a question could be read as a follow-up of the one before it.
let slackCount = 0;
async function viaSlack(text: string): Promise<Seen> {
  const { status, id } = await slack.command(text, { fields: { channel_id: `C${2147480000 + ++slackCount}` } });
  expect(status, 'slash command ack').toBe(200);
  return seenInSlack(await slack.reply(id));
}

let activityCount = 0;
async function viaTeams(text: string): Promise<Seen> {
  const message = mentionMessage(connector.url, text, String(1781485400000 + ++activityCount));
  const activity = { ...message, conversation: { ...message.conversation, id: `${message.conversation.id};messageid=${message.id}` } };
  const response = await teams.send(activity);
  expect(response.status, '/api/messages status').toBe(200);
  const replies = connector.requests.filter((request) => request.replyToId === activity.id);
  expect(replies, 'one Bot Connector reply to the activity').toHaveLength(1);
  return seenInTeams(replies[0]!.body);
}

/** Each adapter shows what Dateline.ask gives: the same title, items, suggestions, intro, quotes and fact ids. */
function expectSame(expected: ReturnType<typeof expectedOf>, seen: Record<string, Seen>): void {
  for (const [adapter, shown] of Object.entries(seen)) {
    expect(shown.error, `${adapter}: marked as an error`).toBe(expected.error);
    expect(shown.title, `${adapter}: title`).toBe(expected.title);
    expect(shown.items, `${adapter}: item titles, in order`).toEqual(expected.items);
    expect(shown.suggestions, `${adapter}: suggestions`).toEqual(expected.suggestions);
    if (expected.intro !== undefined) expect(shown.all, `${adapter}: intro`).toContain(expected.intro);
    for (const quote of expected.quotes) expect(shown.all, `${adapter}: quote`).toContain(quote);
  }
  for (const [adapter, shown] of Object.entries(seen)) expect(shown.factIds, `${adapter}: fact ids, in order`).toEqual(expected.factIds);
}

describe('the same command gives the same facts on every adapter', () => {
  it.each(COMMANDS)('"%s"', async (text) => {
    const expected = expectedOf(await dateline.ask(text, { now: NOW, zone: ZONE }));
    expectSame(expected, { cli: await viaCli(text), slack: await viaSlack(text), teams: await viaTeams(text) });
  });
});

describe('the question set answers the same in Slack and Teams as in the core', () => {
  it('is asked at the instant and in the zone of this suite', () => {
    expect(QUESTIONS_AT).toEqual(NOW);
    expect(QUESTIONS_ZONE).toBe(ZONE);
  });

  it.each(loadQuestions().map((question) => question.ask))('%j', async (text) => {
    const expected = expectedOf(await dateline.ask(text, { now: NOW, zone: ZONE }));
    expectSame(expected, { slack: await viaSlack(text), teams: await viaTeams(text) });
  });
});

describe('the table compares something', () => {
  it('has facts for the lookups that should find some, errors for the bad inputs, and answers "today" at the fixed instant', async () => {
    const ask = (text: string) => dateline.ask(text, { now: NOW, zone: ZONE });
    for (const text of [
      'today',
      'on 2023-06',
      'on 03-21',
      'on 2018',
      'theme imaging',
      'search lunit',
      'search deepcach',
      'latest 3',
      'what happened in April 2023?',
      'anything on Lunit?',
    ]) {
      expect(expectedOf(await ask(text)).factIds.length, text).toBeGreaterThan(0);
    }
    for (const text of ['on 2023-02-30', 'latest 999', 'theme nope']) expect((await ask(text)).kind, text).toBe('error');
    expect((await ask('themes')).sections[0]?.items.length).toBeGreaterThan(1);
    // Each adapter's "today" is NOW's day in Seoul: the clocks really are the same.
    for (const shown of [await viaCli('today'), await viaSlack('today'), await viaTeams('today')])
      expect(shown.title).toBe('On this date — 15 June 2026');
  });

  it('extracts what it compares: a reply naming other facts would not pass', () => {
    const other = seenInText('Title\n\n• May 2023 — A\n  (fact a-fact)\n• Undated — B — with a dash\n  (fact b-fact)');
    expect(other.items).toEqual(['A', 'B — with a dash']);
    expect(other.factIds).toEqual(['a-fact', 'b-fact']);
  });
});
