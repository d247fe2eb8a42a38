import { DefaultApiClient } from 'ask-sdk-core';
import { describe, expect, it } from 'vitest';

// Ride Hailer's tests must run the modules its deploy bundle holds: wrangler.toml's [alias] puts the
// kit's shims in place of Node's url/http/https and ask-sdk-model's runtime, and vitest.config.ts
// applies the same table. What the shims themselves do is the kit's to test
// (packages/alexa-skill-workers/test/build/substitutes.test.ts).
describe("Ride Hailer's build-time substitutes (wrangler.toml [alias])", () => {
  it("are what its tests load: ask-sdk-core's DefaultApiClient gets the Node built-ins stand-in", () => {
    const request = { url: 'https://api.amazonalexa.com/v1/x', method: 'GET', headers: [] };
    expect(() => new DefaultApiClient().invoke(request)).toThrow(/Node built-ins are not bundled/);
  });
});
