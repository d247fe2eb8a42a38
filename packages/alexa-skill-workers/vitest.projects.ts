import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { resolve } from 'node:path';
import type { TestProjectConfiguration } from 'vitest/config';

/**
 * The kit's own test projects, run from this package (`npm test -w alexa-skill-workers`) and from
 * the repository root alike: `kit` inside workerd against the kit's test skill (test/fixture/), never
 * Ride Hailer; `kit-node` in Node for what runs there (the utterance resolver) and what needs Node (test/node: bundling the kit).
 */
const here = import.meta.dirname;
const shim = (file: string) => resolve(here, 'src/shims', file);

/** The same substitutes a skill's wrangler.toml `[alias]` gives ask-sdk-core (see docs/shims.md). */
const shims = [
  { find: /^(url|http|https)$/, replacement: shim('node-builtins.ts') },
  { find: /^ask-sdk-model$/, replacement: shim('ask-sdk-model.ts') },
];

/** Nothing the tests start may reach the network (tests also intercept globalThis.fetch). */
const blockOutbound = (request: Request) => new Response(`blocked by test config: ${request.url}`, { status: 599 });

export const kitProjects: TestProjectConfiguration[] = [
  {
    root: here,
    plugins: [
      cloudflareTest({
        wrangler: { configPath: resolve(here, 'test/fixture/wrangler.toml') },
        miniflare: { outboundService: blockOutbound },
      }),
    ],
    resolve: { alias: shims },
    test: {
      name: 'kit',
      include: ['test/**/*.test.ts'],
      exclude: ['test/nlu/**', 'test/node/**'],
      setupFiles: ['./test/support/setup.ts'],
      // ask-sdk-core loads ask-sdk-model with CommonJS `require`, which vite aliases only in a pre-bundled dependency.
      deps: { optimizer: { ssr: { enabled: true, include: ['ask-sdk-core'] } } },
      testTimeout: 20_000,
    },
  },
  {
    root: here,
    test: {
      name: 'kit-node',
      include: ['test/nlu/**/*.test.ts', 'test/node/**/*.test.ts'],
      environment: 'node',
      testTimeout: 60_000,
      // expect.poll waits for a state (a linking ended), not for a time: its default second is a
      // timed assertion when the whole suite loads the shared 2-core machine.
      expect: { poll: { timeout: 30_000 } },
    },
  },
];
