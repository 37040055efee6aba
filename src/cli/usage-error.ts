// A command line the CLI cannot run: said in one line, exit code 2.
export class UsageError extends Error {}
