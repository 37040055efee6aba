// Vitest: every run's default database, and the pack cache beside it, in a temporary folder.
import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { globalSetup: ['tests/support/global-setup.ts'] } });
