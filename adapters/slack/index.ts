// The Slack adapter's public face: its factory for the running bot and its renderer for
// `dateline ask --format slack`. Every import of Bolt stays inside adapters/slack.
import type { AdapterFactory } from '../../src/index.ts';
import type { SlackAdapterOptions } from './adapter.ts';
import { readSlackConfig, SLACK_OFF_MESSAGE } from './config.ts';

export { renderBlockKit, renderSlackJson } from './render.ts';

/**
 * Slack over HTTP or Socket Mode, when its tokens are set. The environment is read before Bolt is
 * imported, so a bot without Slack never loads it (half a configuration still stops start-up).
 */
export function slackAdapter(options: SlackAdapterOptions = {}): AdapterFactory {
  return async (context) => {
    if (!readSlackConfig(context.env)) {
      context.logger.info(SLACK_OFF_MESSAGE);
      return undefined;
    }
    return (await import('./adapter.ts')).createSlackAdapter(context, options);
  };
}
