import { DefaultApiClient, SkillBuilders } from 'ask-sdk-core';
import type { RequestEnvelope } from 'ask-sdk-model';
import { describe, expect, it } from 'vitest';

// The kit's shims (src/shims, docs/shims.md): a skill's wrangler.toml [alias] puts them in place of
// Node's url/http/https and ask-sdk-model's runtime; the kit project (vitest.projects.ts) applies the
// same table, so these tests load ask-sdk-core as such a skill's deploy bundle holds it.
describe('build-time substitutes (the shims a wrangler.toml [alias] names)', () => {
  it("ask-sdk-core's DefaultApiClient gets the Node built-ins stand-in, which refuses to be used", () => {
    const request = { url: 'https://api.amazonalexa.com/v1/x', method: 'GET', headers: [] };
    expect(() => new DefaultApiClient().invoke(request)).toThrow(/Node built-ins are not bundled/);
  });

  it('a skill with an API client fails loudly: ask-sdk-model service clients are not bundled', async () => {
    const skill = SkillBuilders.custom()
      .addRequestHandlers({ canHandle: () => true, handle: (input) => input.responseBuilder.getResponse() })
      .withApiClient(new DefaultApiClient())
      .create();
    const envelope = {
      version: '1.0',
      context: { System: { application: { applicationId: 'a' }, user: { userId: 'u' }, apiEndpoint: 'https://api.amazonalexa.com' } },
      request: { type: 'LaunchRequest', requestId: 'r', timestamp: '2026-11-01T00:00:00Z', locale: 'en-US' },
    } as unknown as RequestEnvelope;
    await expect(skill.invoke(envelope)).rejects.toThrow(/service clients are not bundled/);
  });
});
