// Messages addressed to Dateline: read once into a typed request and answered with a card (the
// subscription form for `subscribe` alone). In a channel or group chat only a message that
// mentions Dateline is for it; a card's suggestion button comes back as a message with
// { command } in its value. Every message's conversation is reported to the install lifecycle,
// which keeps its reference for digests unless the installation has ended.
import { TurnContext, type Activity } from 'botbuilder';
import { metrics, type Dateline, type Installations } from '../../src/index.ts';
import { formCard } from './form-card.ts';
import { channelRefOf, installationOf, storedReferenceOf } from './references.ts';
import { ADAPTIVE_CARD_CONTENT_TYPE, renderTeamsActivity } from './render.ts';

export interface MessageDependencies {
  dateline: Dateline;
  installations: Installations;
  now: () => Date;
}

export const NO_TEXT_INTRO =
  'I read text only. Mention me with a command or a question, such as “@Dateline theme imaging” or “@Dateline what happened in June 2023?”.';

/** What a message asks for: a command-language text, nothing we can read, or nothing for us. */
type MessageRequest = { text: string } | 'no-text' | 'not-for-us';

/** Teams sends the HTML rendering of every message as a text/html attachment; only other attachments are files or cards. */
const hasFiles = (activity: Activity) => (activity.attachments ?? []).some((attachment) => attachment.contentType !== 'text/html');

const isGroup = (activity: Activity) =>
  activity.conversation.isGroup === true ||
  activity.conversation.conversationType === 'channel' ||
  activity.conversation.conversationType === 'groupChat';

/** Removes Dateline's own mention (its name may have spaces: the entity's text is exact) and any other <at> tags. */
function stripBotMention(activity: Activity, text: string): string {
  let rest = text;
  for (const mention of TurnContext.getMentions(activity)) {
    if (mention.mentioned?.id !== activity.recipient.id) continue;
    rest = rest.replace(mention.text || `<at>${mention.mentioned.name}</at>`, ' ');
  }
  return rest.replace(/<\/?at>/g, '').trim();
}

function readMessage(activity: Activity): MessageRequest {
  // A card submit is meant for Dateline wherever it happens: our buttons carry { command }.
  if (activity.value !== undefined && activity.value !== null) {
    const submitted = (activity.value as { command?: unknown }).command;
    return typeof submitted === 'string' ? { text: submitted } : 'no-text';
  }
  const mentioned = TurnContext.getMentions(activity).some((mention) => mention.mentioned?.id === activity.recipient.id);
  if (isGroup(activity) && !mentioned) return 'not-for-us';
  if (typeof activity.text !== 'string' || activity.text.trim() === '') return 'no-text';
  const text = stripBotMention(activity, activity.text);
  return text === '' && hasFiles(activity) ? 'no-text' : { text };
}

export async function answerMessage(deps: MessageDependencies, context: TurnContext): Promise<void> {
  const activity = context.activity;
  const channel = channelRefOf(activity);
  const installation = installationOf(activity);
  const now = deps.now();
  await deps.installations.conversationSeen(channel, storedReferenceOf(activity), installation, now);
  const request = readMessage(activity);
  if (request === 'not-for-us') return;
  // A channel thread ("…;messageid=…") is its own conversation for follow-ups.
  const where = { now, channel, installation, thread: activity.conversation.id };
  if (request === 'no-text') {
    const { briefing } = await deps.dateline.run({ kind: 'help' }, where);
    await context.sendActivity(renderTeamsActivity(briefing.kind === 'help' ? { ...briefing, intro: NO_TEXT_INTRO } : briefing));
    return;
  }
  // Read once: the typed request decides whether this is the form or an answer.
  const command = deps.dateline.read(request.text, now);
  if (command.kind === 'subscription-form' && !(await deps.installations.isEnded('teams', installation))) {
    const card = formCard(await deps.dateline.formFor(channel));
    await context.sendActivity({
      type: 'message',
      summary: 'Set up digests',
      attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card }],
    });
    return;
  }
  const answered = metrics.answerSeconds.startTimer({ platform: 'teams' });
  const { briefing } = await deps.dateline.run(command, where);
  await context.sendActivity(renderTeamsActivity(briefing));
  answered();
}
