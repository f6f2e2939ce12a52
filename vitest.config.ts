import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing';

export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    // CI (.ci/run) also asks for a JSON report, to print one plain 'N passed, M failed' line for the whole run.
    reporters: process.env.KX_REPORT_DIR
      ? ['default', ['json', { outputFile: `${process.env.KX_REPORT_DIR}/unit.json` }]]
      : ['default'],
    include: ['tests/unit/**/*.test.ts', 'tests/unit/**/*.test.tsx'],
    environment: 'node',
    setupFiles: ['tests/unit/setup.ts'],
    // Vitest's 5 s default is a timed assertion in disguise: the checkers' tests spawn Node, and on a loaded or slow
    // machine a correct test then fails. A hang still fails, after a minute.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
