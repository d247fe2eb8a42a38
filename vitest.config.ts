import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';
import { kitProjects } from './packages/alexa-skill-workers/vitest.projects.ts';
import { wranglerSettings } from './tools/wrangler-config.ts';

const KIT_SRC = resolve('packages/alexa-skill-workers/src');
/** `alexa-skill-workers/<path>` as the kit's source file, like tsconfig.json's `paths`; else undefined. */
function kitSource(specifier: string): string | undefined {
  const match = /^alexa-skill-workers\/([a-z/-]+)$/.exec(specifier);
  return match ? resolve(KIT_SRC, `${match[1]}.ts`) : undefined;
}

/**
 * wrangler.toml's [alias] table, applied to the tests too, so they run the modules the deploy bundle
 * holds (the plugin reads bindings and flags from wrangler.toml, but not its build aliases).
 */
const wranglerAliases = Object.fromEntries(
  Object.entries(wranglerSettings().aliases).map(([name, target]) => [name, kitSource(target) ?? resolve(target)]),
);

/**
 * The kit's public entry points, as the skill imports them (`alexa-skill-workers/verify`, …): the
 * same mapping as tsconfig.json's `paths`, which wrangler's bundler (esbuild) reads by itself.
 */
const kitEntries = [
  { find: /^alexa-skill-workers$/, replacement: resolve(KIT_SRC, 'index.ts') },
  { find: /^alexa-skill-workers\/([a-z-]+)$/, replacement: resolve(KIT_SRC, '$1.ts') },
];
const aliases = [...Object.entries(wranglerAliases).map(([find, replacement]) => ({ find, replacement })), ...kitEntries];

/** ask-sdk-core loads them with CommonJS `require`, which vite aliases only in a pre-bundled dependency. */
const bundledLikeWrangler = { optimizer: { ssr: { enabled: true, include: ['ask-sdk-core'] } } };

/** Nothing the tests start may reach the network (tests also intercept globalThis.fetch). */
const blockOutbound = (request: Request) => new Response(`blocked by test config: ${request.url}`, { status: 599 });

export default defineConfig({
  test: {
    projects: [
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              bindings: {
                ALEXA_SKILL_ID: 'amzn1.ask.skill.11111111-2222-4333-8444-555555555555',
                OAUTH_USERINFO_URL: 'https://ride-hailer.test/userinfo',
                PROFILE_URL: 'https://ride-hailer.test/api/profile',
                RIDES_URL: 'https://ride-hailer.test/api/rides',
              },
              outboundService: blockOutbound,
            },
          }),
        ],
        resolve: { alias: aliases },
        // The demo service's development build, as `npm run dev` runs it (demo/ride-hailer-service/wrangler.toml [define]).
        define: { DEMO_DEV_BUILD: 'true' },
        test: {
          name: 'workers',
          deps: bundledLikeWrangler,
          include: ['test/**/*.test.ts'],
          exclude: ['test/production/**'],
          setupFiles: ['./test/support/setup.ts'],
          testTimeout: 20_000,
        },
      },
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: './wrangler.toml', environment: 'production' },
            // Only the skill ID is filled in: the committed one is a placeholder by design.
            miniflare: {
              bindings: { ALEXA_SKILL_ID: 'amzn1.ask.skill.11111111-2222-4333-8444-555555555555' },
              outboundService: blockOutbound,
            },
          }),
        ],
        resolve: { alias: aliases },
        test: {
          name: 'production-config',
          include: ['test/production/**/*.test.ts'],
          deps: bundledLikeWrangler,
          testTimeout: 20_000,
        },
      },
      {
        // The second example skill, by its own configuration (examples/hello-linked-user/vitest.config.ts,
        // the one a copy of it runs). Only the kit differs: here its source, as for Ride Hailer; a copy
        // resolves the package from node_modules (test-node/package/example-copied-out.test.ts).
        extends: './examples/hello-linked-user/vitest.config.ts',
        root: './examples/hello-linked-user',
        resolve: { alias: kitEntries },
        test: { name: 'hello', testTimeout: 20_000 },
      },
      {
        // Node loads the kit by its entries from dist/ (package.json "exports"): built once, from this source, before the tests.
        test: { name: 'node', include: ['test-node/**/*.test.ts'], environment: 'node', globalSetup: ['./test-node/support/build-kit.ts'], testTimeout: 60_000 },
      },
      ...kitProjects,
    ],
  },
});
