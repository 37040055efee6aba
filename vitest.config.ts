// Vitest: every run's default database, and the pack cache beside it, in a temporary folder; and
// after the usual report, the list of skipped tests with the reason each gives.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['tests/support/global-setup.ts'],
    reporters: ['default', './tests/support/skipped-reporter.ts'],
  },
});
