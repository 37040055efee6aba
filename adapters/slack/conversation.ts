// Dateline asked in Slack's own conversations rather than by /dateline: an @mention in a channel
// (answered in a thread under it, for the channel to see), a follow-up in a thread Dateline has
// answered (no new mention needed), a direct message (the Messages tab), and the assistant pane
// (Bolt's Assistant: suggested prompts when a thread starts, a status while answering, the thread
// titled after its first question). Each message is answered once, however often Slack delivers it
// (as app_mention and as message, and again on a retry), through the replay table.
import { Assistant, type App, type Context, type webApi } from '@slack/bolt';
import type { ChannelRef } from '../../src/index.ts';
import type { Answers } from './answers.ts';
import { classifySlackError } from './classify-error.ts';
import { buttonValues, type EventListeners, type ListenerDeps } from './inbound.ts';
import { workspaceOf } from './installations.ts';
import { decodeSlackText, truncate } from './mrkdwn.ts';
import { renderBlockKit } from './render.ts';

interface Prompt {
  title: string;
  message: string;
}

/** The assistant pane's suggested prompts: what a person sees, and the command it sends (manifest.yaml lists the same). */
export const SUGGESTED_PROMPTS: [Prompt, ...Prompt[]] = [
  { title: 'What happened on this date?', message: 'today' },
  { title: 'Latest in regulation', message: 'theme regulation' },
  { title: 'Search Lunit', message: 'search lunit' },
];

/** Slack retries an event three times within about five minutes; a message is remembered well past that. */
const MESSAGE_TTL_MS = 60 * 60 * 1000;
/** A thread Dateline answered takes follow-ups without a mention for a week after its first answer. */
const THREAD_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** An assistant thread is titled once, from its first question. */
const TITLE_TTL_MS = 30 * 24 * 60 * 60 * 1000;
/** Thread titles are short lines. */
const TITLE_MAX = 80;
/** Shown under the question while Dateline works out its answer; cleared once it is posted. */
const STATUS = 'is looking that up…';

/** A message someone wrote (not a bot, not an edit or a join): the fields Dateline reads. */
interface Asked {
  team: string;
  channel: string;
  ts: string;
  thread_ts?: string;
  text: string;
}

/** Only plain messages by people: no subtype (edits, joins, bot posts) and no bot id (Dateline's own replies among them). */
function askedIn(event: Record<string, unknown>, team: string): Asked | undefined {
  const { subtype, bot_id: botId, channel, ts, thread_ts: threadTs, text, user } = event;
  if (subtype !== undefined || botId !== undefined || typeof user !== 'string') return undefined;
  if (typeof channel !== 'string' || typeof ts !== 'string' || typeof text !== 'string') return undefined;
  return { team, channel, ts, ...(typeof threadTs === 'string' ? { thread_ts: threadTs } : {}), text: questionOf(text) };
}

/** The question in a message: user mentions (<@U…>, Dateline's own among them) taken out, Slack's escaping undone. */
export function questionOf(text: string): string {
  return decodeSlackText(text.replace(/<@[A-Z0-9]+(\|[^>]*)?>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();
}

/** Registers the Assistant with `app`, and the mention and message listeners with `events`. */
export function registerConversations(app: App, events: EventListeners, deps: ListenerDeps, answers: Answers): void {
  const teamOf = (context: Context, body: { team_id?: string }) => workspaceOf(context) ?? body.team_id ?? '';
  const key = (kind: string, asked: Asked, ts: string) => `slack-${kind}:${asked.team}:${asked.channel}:${ts}`;
  /** True once per message, whichever delivery of it comes first. */
  const firstDelivery = (asked: Asked) => deps.replays.firstSeen(key('message', asked, asked.ts), deps.clock(), MESSAGE_TTL_MS);
  const remembersThread = (asked: Asked, thread: string) =>
    deps.replays.firstSeen(key('thread', asked, thread), deps.clock(), THREAD_TTL_MS);
  /**
   * Whether Dateline answered in this thread. A zero lifetime makes firstSeen a pure lookup: a key
   * still remembered answers false and stays as it was; an unknown one is recorded as already expired.
   */
  const answeredThread = async (asked: Asked, thread: string) =>
    !(await deps.replays.firstSeen(key('thread', asked, thread), deps.clock(), 0));

  /** Answers `asked` in its channel (in `thread` when given), as the slash command would, without a Share button. */
  const reply = (
    client: webApi.WebClient,
    asked: Asked,
    thread: string | undefined,
    around: { before?: () => Promise<unknown>; after?: () => Promise<unknown> } = {},
  ) => {
    if (!answers.accepts()) {
      deps.logger.warn({ channel: asked.channel }, 'slack: too many answers owed; a message went unanswered');
      return;
    }
    const at = deps.clock();
    const channel: ChannelRef = { platform: 'slack', workspace: asked.team, channel: asked.channel, ...(thread ? { thread } : {}) };
    void answers.answer(
      async () => {
        await around.before?.();
        // Read once, here at the edge; `subscribe` alone gets the form's button (a message brings no trigger to open the form with).
        const request = deps.dateline.read(asked.text, at);
        const { briefing } = await deps.dateline.run(request, { now: at, channel });
        return request.kind === 'subscription-form' ? { ...briefing, offersForm: true } : briefing;
      },
      async (briefing) => {
        try {
          await client.chat.postMessage({
            channel: asked.channel,
            ...(thread ? { thread_ts: thread } : {}),
            ...renderBlockKit(briefing, { command: deps.command, ...buttonValues(deps.signer, asked.channel) }),
            unfurl_links: false,
            unfurl_media: false,
          });
          if (thread) await remembersThread(asked, thread);
        } catch (error) {
          const failure = classifySlackError(error);
          deps.logger.warn({ channel: asked.channel, kind: failure.kind, reason: failure.reason }, 'slack: could not post an answer');
        } finally {
          await around.after?.();
        }
      },
    );
  };

  // An assistant call where the workspace's plan has no assistant pane (or a DM thread outside it) fails: the answer goes out anyway.
  const tolerated = (what: string, call: () => Promise<unknown>) => async () => {
    try {
      await call();
    } catch (error) {
      deps.logger.debug({ reason: classifySlackError(error).reason }, `slack: could not ${what}`);
    }
  };

  // First: Bolt's Assistant takes every threaded direct message, the assistant pane's among them.
  app.assistant(
    new Assistant({
      // Dateline reads no thread context (the channel a person is looking at): nothing to fetch or store.
      threadContextStore: { get: async () => ({}), save: async () => {} },
      threadStarted: async ({ setSuggestedPrompts }) => {
        await tolerated('set the suggested prompts', () => setSuggestedPrompts({ title: 'Ask Dateline', prompts: SUGGESTED_PROMPTS }))();
      },
      userMessage: async ({ message, body, context, client, setStatus, setTitle }) => {
        const asked = askedIn(message as unknown as Record<string, unknown>, teamOf(context, body));
        if (!asked?.thread_ts || !(await firstDelivery(asked))) return;
        const thread = asked.thread_ts;
        const titled = !(await deps.replays.firstSeen(key('title', asked, thread), deps.clock(), TITLE_TTL_MS));
        reply(client, asked, thread, {
          before: async () => {
            await tolerated('set the status', () => setStatus(STATUS))();
            if (!titled) await tolerated('set the title', () => setTitle(truncate(asked.text, TITLE_MAX)))();
          },
          after: tolerated('clear the status', () => setStatus('')),
        });
      },
    }),
  );

  events.on('app_mention', async ({ event, body, context, client }) => {
    const asked = askedIn(event as unknown as Record<string, unknown>, teamOf(context, body));
    if (!asked || !(await firstDelivery(asked))) return;
    reply(client, asked, asked.thread_ts ?? asked.ts);
  });

  events.on('message', async ({ event, body, context, client }) => {
    const asked = askedIn(event as unknown as Record<string, unknown>, teamOf(context, body));
    if (!asked) return;
    const direct = (event as { channel_type?: string }).channel_type === 'im';
    // In a channel: only a follow-up in a thread Dateline answered (a mention is app_mention's).
    if (!direct && !(asked.thread_ts && (await answeredThread(asked, asked.thread_ts)))) return;
    if (!(await firstDelivery(asked))) return;
    reply(client, asked, asked.thread_ts);
  });
}
