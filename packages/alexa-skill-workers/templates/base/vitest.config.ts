import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

// The tests run inside workerd with wrangler.toml's bindings, its `define` and a simulated KV
// namespace; the skill ID is a test one. Outbound requests the tests do not intercept get a 599.
export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: './wrangler.toml' },
      miniflare: {
        bindings: { ALEXA_SKILL_ID: 'amzn1.ask.skill.11111111-2222-4333-8444-555555555555' },
        outboundService: (request: Request) => new Response(`blocked by the test config: ${request.url}`, { status: 599 }),
      },
    }),
  ],
  test: { include: ['test/**/*.test.ts'] },
});
