import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

export default defineConfig({
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
        // A backstop: nothing the tests start may reach the network. Tests also replace
        // globalThis.fetch (test/support/outbound.ts) and fail on any unexpected request.
        outboundService: (request: Request) =>
          new Response(`blocked by test config: ${request.url}`, { status: 599 }),
      },
    }),
  ],
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['./test/support/setup.ts'],
    testTimeout: 20_000,
  },
});
