import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The same '@/' alias as WXT's tsconfig paths (the unit config gets it from WxtVitest).
  resolve: { alias: { '@/': fileURLToPath(new URL('./', import.meta.url)) } },
  test: {
    // CI (.ci/run) also asks for a JSON report, to print one plain 'N passed, M failed' line for the whole run.
    reporters: process.env.KX_REPORT_DIR
      ? ['default', ['json', { outputFile: `${process.env.KX_REPORT_DIR}/e2e.json` }]]
      : ['default'],
    include: ['tests/e2e/**/*.test.ts'],
    exclude: ['tests/e2e/firefox/**', '**/node_modules/**'],
    environment: 'node',
    // One Chromium at a time: the suites share the built extension and a machine with few cores.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
