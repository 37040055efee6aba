// better-sqlite3 is a native module, built or downloaded by its install script. When that script
// did not run (npm 11 skips install scripts not listed in package.json's allowScripts, and
// `--ignore-scripts` skips them all) or ran for another Node.js, loading it fails with a message
// about bindings files: said here as what it is, with the fix.

/** The one line that explains a native module that cannot load, or undefined for any other error. */
export function nativeModuleProblem(error: unknown): string | undefined {
  const message = error instanceof Error ? error.message : String(error);
  if (/Could not locate the bindings file/.test(message)) {
    return "better-sqlite3's native module is missing: its install script did not run (npm skips install scripts not allowed in package.json's allowScripts, and all of them with --ignore-scripts). Run npm rebuild better-sqlite3, or set DATABASE_URL to use PostgreSQL.";
  }
  const abi = /NODE_MODULE_VERSION (\d+)[\s\S]*NODE_MODULE_VERSION (\d+)/.exec(message);
  if (abi || /invalid ELF header|wrong ELF class|mach-o/i.test(message)) {
    return `better-sqlite3's native module was built for another Node.js${abi ? ` (module version ${abi[1]}; this Node.js ${process.version} needs ${abi[2]})` : ''}. Run npm rebuild better-sqlite3 with this Node.js.`;
  }
  return undefined;
}
