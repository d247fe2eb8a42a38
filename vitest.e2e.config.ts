import { defineConfig } from 'vitest/config';

/** The browser test: runs in Node, starts `npm run dev` and drives Chromium (see test-e2e/). */
export default defineConfig({
  test: {
    include: ['test-e2e/**/*.e2e.test.ts'],
    // The tools it starts load the kit's entries from dist/: built once, from this source, first.
    globalSetup: ['./test-node/support/build-kit.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    // expect.poll waits for a state (a card drawn, a linking ended), not for a time: its default
    // second is a timed assertion on this shared 2-core machine, where a page round trip can take longer.
    expect: { poll: { timeout: 30_000 } },
  },
});
