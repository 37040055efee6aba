// `dateline installs`: the workspaces that installed Dateline, as the store keeps them (never
// their tokens), and `forget`, which deletes an installation with everything that hangs off it.
import type { CoreConfig } from '../config.ts';
import type { InstallationRecord } from '../store/installations.ts';
import { openStore } from '../store/open.ts';
import { UsageError } from './usage-error.ts';

const USAGE = 'Usage: dateline installs [list] | dateline installs show ID | dateline installs forget ID';

export async function installs(rest: string[], config: CoreConfig, out: NodeJS.WritableStream): Promise<number> {
  const [action = 'list', id, ...extra] = rest;
  if (extra.length > 0 || (action === 'list' ? id !== undefined : id === undefined)) throw new UsageError(USAGE);
  if (action !== 'list' && action !== 'show' && action !== 'forget') throw new UsageError(USAGE);
  const store = await openStore(config);
  try {
    if (action === 'list') {
      const all = await store.listInstallations();
      if (all.length === 0) out.write('No installations: Slack over OAuth records one per workspace installed from /slack/install.\n');
      for (const installation of all) out.write(`${summary(installation)}\n`);
      return 0;
    }
    const installation = await store.getInstallation(id!);
    if (!installation) throw new UsageError(`No installation has the id ${id}: see dateline installs list.`);
    if (action === 'show') {
      out.write(`${details(installation)}\n`);
      return 0;
    }
    await store.forgetInstallation(installation.id);
    out.write(
      `Forgot ${installation.platform} ${installation.workspace}: its installation, subscriptions, their deliveries and its conversation references are deleted.\n`,
    );
    return 0;
  } finally {
    await store.close();
  }
}

function summary(installation: InstallationRecord): string {
  return [
    installation.id,
    installation.platform,
    installation.workspace,
    installation.state,
    `installed ${installation.installedAt.toISOString()}`,
  ].join('  ');
}

function details(installation: InstallationRecord): string {
  const lines: [string, string | undefined][] = [
    ['id', installation.id],
    ['platform', installation.platform],
    ['workspace', installation.workspace],
    ['enterprise', installation.enterpriseId],
    ['tenant', installation.tenantId],
    ['bot user', installation.botUserId],
    ['scopes', installation.scopes.join(' ') || undefined],
    ['installed by', installation.installedBy],
    ['installed at', installation.installedAt.toISOString()],
    ['state', installation.stateReason ? `${installation.state} (${installation.stateReason})` : installation.state],
    ['updated at', installation.updatedAt.toISOString()],
    ['tokens', installation.hasSecret ? 'stored, encrypted' : 'none stored'],
  ];
  return lines.flatMap(([name, value]) => (value === undefined ? [] : [`${`${name}:`.padEnd(14)}${value}`])).join('\n');
}
