// Dateline's version, from package.json (inlined by the bundle): shown by `dateline --version`,
// GET /healthz, /metrics and the first log line of a running bot.
import packageJson from '../package.json' with { type: 'json' };

export const VERSION: string = packageJson.version;
