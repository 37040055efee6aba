// Dateline's Slack buttons, in one registry: each button's action id, label and style. The
// request guard's allow-list (signed-request.ts), the listeners (inbound.ts, keyed by the same
// names) and the renderers (render.ts, home.ts) all read it, so a new button is one entry here
// and its listener. Every button's value is a signed command (signed-command.ts).
import type { types } from '@slack/bolt';

export const ACTIONS = {
  /** Posts the answer it carries in the channel it was asked in, and answers on the click's response_url. */
  share: { id: 'dateline_share', label: 'Share in channel', responseUrl: true },
  /** Under a list cut short: its next page (a lookup), answered to the clicking person alone on the click's response_url. */
  more: { id: 'dateline_more', label: 'More', responseUrl: true },
  /** Under an item: its quote and source, answered to the clicking person alone on the click's response_url. */
  quote: { id: 'dateline_quote', label: 'Quote & source', responseUrl: true },
  /** Opens the subscription form for its channel (under an answer, and "Change" on the Home tab). */
  openForm: { id: 'dateline_open_form', label: 'Set up digests' },
  /** Home: the digest now, in a modal. */
  preview: { id: 'dateline_home_preview', label: 'Preview' },
  /** Home: stops that digest. */
  stop: { id: 'dateline_home_stop', label: 'Stop', style: 'danger' },
} as const satisfies Record<string, { id: string; label: string; style?: 'danger'; responseUrl?: true }>;

export type ActionName = keyof typeof ACTIONS;

type Ids = [string, ...string[]];
const ids = (responseUrl: boolean) =>
  Object.values(ACTIONS)
    .filter((action) => 'responseUrl' in action === responseUrl)
    .map((action) => action.id) as Ids;
/** The buttons whose clicks must carry a response_url (messages' buttons; Home's have none), and the others. */
export const ACTION_IDS = { withResponseUrl: ids(true), withoutResponseUrl: ids(false) };

const BY_ID = new Map(Object.entries(ACTIONS).map(([name, action]) => [action.id as string, name as ActionName]));

/** The registry's name for an action id, or undefined when it is not one of Dateline's. */
export function actionNamed(actionId: string): ActionName | undefined {
  return BY_ID.get(actionId);
}

/** The button of an action, carrying `value` (a signed command); `label` overrides the registry's. */
export function actionButton(name: ActionName, value: string, label?: string): types.Button {
  const action: { id: string; label: string; style?: 'danger' } = ACTIONS[name];
  return {
    type: 'button',
    action_id: action.id,
    text: { type: 'plain_text', text: label ?? action.label },
    value,
    ...(action.style ? { style: action.style } : {}),
  };
}
