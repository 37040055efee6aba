// The Slack adapter's public face: its factory for the running bot and its renderer for
// `dateline ask --format slack`. Every import of Bolt stays inside adapters/slack.
import type { AdapterFactory } from '../../src/index.ts';
import type { SlackAdapterOptions } from './adapter.ts';

export { renderSlackJson } from './render.ts';

/** Slack over HTTP or Socket Mode, when its tokens are set; Bolt is loaded only then. */
export function slackAdapter(options: SlackAdapterOptions = {}): AdapterFactory {
  return async (context) => (await import('./adapter.ts')).createSlackAdapter(context, options);
}
