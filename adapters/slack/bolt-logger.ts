// Bolt's and WebClient's logs, sent to our pino logger as text (which the logger redacts: a
// secret by its key, a Slack token by its shape).
import { format } from 'node:util';
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from 'pino';

/** The Bolt level matching pino's, so that Bolt never tries to change it. */
export function boltLevel(logger: Logger): LogLevel {
  switch (logger.level) {
    case 'trace':
    case 'debug':
      return LogLevel.DEBUG;
    case 'info':
      return LogLevel.INFO;
    case 'warn':
      return LogLevel.WARN;
    default:
      return LogLevel.ERROR;
  }
}

export function boltLogger(logger: Logger): BoltLogger {
  const child = logger.child({ component: 'slack' });
  // Formatting is skipped for levels pino would drop: Bolt logs several debug lines a request.
  const at =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...parts: unknown[]) => {
      if (child.isLevelEnabled(level)) child[level](format(...parts));
    };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    // pino's level (LOG_LEVEL) governs; Bolt only asks for it.
    setLevel: () => undefined,
    getLevel: () => boltLevel(logger),
    setName: () => undefined,
  };
}
