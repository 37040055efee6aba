// The App Home tab (views.publish on app_home_opened): today's briefing in the person's zone, the
// digests of the channels they are in with each next run or pause reason and buttons to preview,
// change (the subscription form) or stop each, each carrying its signed command, then the
// commands. Within a view's 100 blocks.
import type { types } from '@slack/bolt';
import type { Briefing, Command, DigestStatus } from '../../src/index.ts';
import { actionButton, type ActionName } from './actions.ts';
import { escapeText, truncate } from './mrkdwn.ts';
import { renderBlockKit, SECTION_TEXT_MAX } from './render.ts';
import type { CommandSigner } from './signed-command.ts';
import { VIEW_BLOCKS_MAX } from './views.ts';

type Block = types.KnownBlock;

interface HomeParts {
  /** Today's briefing, asked in the person's zone. */
  today: Briefing;
  zone: string;
  digests: DigestStatus[];
  help: Briefing;
  command: string;
  /** Why the channels could not be listed, when they could not. */
  channelsUnavailable?: string;
  /** Signs the commands the digests' buttons carry. */
  signer: CommandSigner;
}

const header = (text: string): Block => ({ type: 'header', text: { type: 'plain_text', text } });
const section = (text: string): Block => ({
  type: 'section',
  text: { type: 'mrkdwn', text: truncate(text, SECTION_TEXT_MAX), verbatim: true },
});
function digestBlocks(status: DigestStatus, signer: CommandSigner): Block[] {
  const { channel } = status.subscription.channel;
  const { cadence, themeId } = status.subscription;
  const buttons: [ActionName, Command, string?][] = [
    ['preview', { kind: 'preview', cadence, ...(themeId ? { themeId } : {}) }],
    ['openForm', { kind: 'subscription-form' }, 'Change'],
    ['stop', { kind: 'unsubscribe', which: cadence }],
  ];
  return [
    section(`*<#${channel}>*, ${cadence}: ${escapeText(status.schedule)}\n${escapeText(status.state)}`),
    {
      type: 'actions',
      elements: buttons.flatMap(([name, command, label]) => {
        const value = signer.sign({ command, channel });
        return value ? [actionButton(name, value, label)] : [];
      }),
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
          ...shown.flatMap((status) => digestBlocks(status, parts.signer)),
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
