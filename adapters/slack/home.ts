// The App Home tab (views.publish on app_home_opened): today's briefing in the person's zone, the
// digests of the channels they are in with each next run or pause reason and buttons to preview,
// change (the subscription form) or stop each, then the commands. Within a view's 100 blocks.
import type { types } from '@slack/bolt';
import type { Briefing, DigestStatus } from '../../src/index.ts';
import { escapeText, truncate } from './mrkdwn.ts';
import { renderBlockKit, SECTION_TEXT_MAX } from './render.ts';
import { OPEN_FORM_ACTION_ID, VIEW_BLOCKS_MAX } from './views.ts';

export const HOME_PREVIEW_ACTION_ID = 'dateline_home_preview';
export const HOME_STOP_ACTION_ID = 'dateline_home_stop';

type Block = types.KnownBlock;

/** What a Home button names: a channel's digest of one cadence. */
interface DigestButtonValue {
  channel: string;
  cadence: 'daily' | 'weekly';
}

interface HomeParts {
  /** Today's briefing, asked in the person's zone. */
  today: Briefing;
  zone: string;
  digests: DigestStatus[];
  help: Briefing;
  command: string;
  /** Why the channels could not be listed, when they could not. */
  channelsUnavailable?: string;
}

const header = (text: string): Block => ({ type: 'header', text: { type: 'plain_text', text } });
const section = (text: string): Block => ({
  type: 'section',
  text: { type: 'mrkdwn', text: truncate(text, SECTION_TEXT_MAX), verbatim: true },
});
const button = (text: string, action_id: string, value: string, style?: 'danger'): types.Button => ({
  type: 'button',
  text: { type: 'plain_text', text },
  action_id,
  value,
  ...(style ? { style } : {}),
});

function digestBlocks(status: DigestStatus): Block[] {
  const { channel } = status.subscription.channel;
  const { cadence } = status.subscription;
  const value = JSON.stringify({ channel, cadence } satisfies DigestButtonValue);
  return [
    section(`*<#${channel}>*, ${cadence}: ${escapeText(status.schedule)}\n${escapeText(status.state)}`),
    {
      type: 'actions',
      elements: [
        button('Preview', HOME_PREVIEW_ACTION_ID, value),
        button('Change', OPEN_FORM_ACTION_ID, channel),
        button('Stop', HOME_STOP_ACTION_ID, value, 'danger'),
      ],
    },
  ];
}

export function homeView(parts: HomeParts): types.HomeView {
  const today = renderBlockKit(parts.today, { command: parts.command }).blocks;
  const help = renderBlockKit({ ...parts.help, offersForm: false }, { command: parts.command }).blocks;
  const digestsHead: Block[] = [{ type: 'divider' }, header('Digests in your channels')];
  const helpHead: Block[] = [{ type: 'divider' }, header('Commands')];
  const top: Block[] = [{ type: 'context', elements: [{ type: 'mrkdwn', text: `Today in ${escapeText(parts.zone)}` }] }, ...today];
  // The digests take what today's briefing and the commands leave; each digest is two blocks.
  const room = VIEW_BLOCKS_MAX - top.length - digestsHead.length - helpHead.length - help.length - 1;
  const shown = parts.digests.slice(0, Math.max(0, Math.floor(room / 2)));
  const digests = parts.channelsUnavailable
    ? [section(escapeText(parts.channelsUnavailable))]
    : parts.digests.length === 0
      ? [section(`None of your channels has a digest yet. Type \`${escapeText(parts.command)} subscribe\` in a channel to set one up.`)]
      : [
          ...shown.flatMap(digestBlocks),
          ...(shown.length < parts.digests.length
            ? [
                section(
                  `…and ${parts.digests.length - shown.length} more: type \`${escapeText(parts.command)} subscriptions\` in a channel.`,
                ),
              ]
            : []),
        ];
  return { type: 'home', blocks: [...top, ...digestsHead, ...digests, ...helpHead, ...help].slice(0, VIEW_BLOCKS_MAX) };
}

/** A Home button's value, or undefined when it is not one this view wrote. */
export function digestButtonValue(value: string | undefined): DigestButtonValue | undefined {
  try {
    const parsed = JSON.parse(value ?? '') as Partial<DigestButtonValue>;
    return typeof parsed.channel === 'string' && (parsed.cadence === 'daily' || parsed.cadence === 'weekly')
      ? { channel: parsed.channel, cadence: parsed.cadence }
      : undefined;
  } catch {
    return undefined;
  }
}
