import { SkillBuilders, type HandlerInput } from 'ask-sdk-core';
import type { RequestEnvelope } from 'ask-sdk-model';
import { describe, expect, it } from 'vitest';
import { AlexaApiClient, GIVEN_NAME_PERMISSION } from 'alexa-skill-workers/ask-sdk';
import { FakeAlexaApi, intentRequest, USER_ID } from 'alexa-skill-workers/testing';

/**
 * ask-sdk's own service clients (`handlerInput.serviceClientFactory`) with the kit's fetch-based
 * `AlexaApiClient` in place of `DefaultApiClient`, which needs Node's `https`: the built package
 * (dist/) in Node, where nothing aliases `ask-sdk-model`. A skill that wants these clients drops
 * that alias (the kit's docs/shims.md), and then this is what it gets. The fake Alexa API's core
 * (a plain Request to Response function) stands in for Amazon's hosts.
 */
const NOW = new Date('2026-06-01T12:00:00Z');

function skillWith(handle: (input: HandlerInput) => Promise<string>) {
  const alexa = new FakeAlexaApi().user({ userId: USER_ID, timeZone: 'Asia/Tokyo', givenName: 'Ana' });
  const client = new AlexaApiClient({ fetch: (input, init) => alexa.handle(new Request(input, init)) });
  const skill = SkillBuilders.custom()
    .addRequestHandlers({ canHandle: () => true, handle: async (input) => input.responseBuilder.speak(await handle(input)).getResponse() })
    .withApiClient(client)
    .create();
  const envelope = intentRequest('AskIntent', {}, { timestamp: NOW, deviceId: 'amzn1.ask.device.KITCHEN', apiAccessToken: alexa.token({ userId: USER_ID }) });
  const say = async () => (await skill.invoke(envelope as unknown as RequestEnvelope)).response.outputSpeech;
  return { alexa, say, envelope: envelope as unknown as RequestEnvelope };
}

describe('ask-sdk service clients over the kit\'s AlexaApiClient', () => {
  it('reads the time zone with the UPS service client (Settings API)', async () => {
    const { say } = skillWith((input) => input.serviceClientFactory!.getUpsServiceClient().getSystemTimeZone('amzn1.ask.device.KITCHEN'));
    expect(await say()).toMatchObject({ ssml: '<speak>Asia/Tokyo</speak>' });
  });

  it('sends a progressive response with the directive service client', async () => {
    const { alexa, say, envelope } = skillWith(async (input) => {
      await input.serviceClientFactory!.getDirectiveServiceClient().enqueue({
        header: { requestId: input.requestEnvelope.request.requestId },
        directive: { type: 'VoicePlayer.Speak', speech: '<speak>One moment.</speak>' },
      });
      return 'sent';
    });
    expect(await say()).toMatchObject({ ssml: '<speak>sent</speak>' });
    expect(alexa.directives).toEqual([expect.objectContaining({ requestId: envelope.request.requestId, speech: '<speak>One moment.</speak>' })]);
  });

  it('surfaces a missing permission as ask-sdk\'s ServiceError with status 403', async () => {
    const { say } = skillWith(async (input) => {
      const error: unknown = await input.serviceClientFactory!.getUpsServiceClient().getProfileGivenName().then(() => undefined, (e: unknown) => e);
      return `${(error as { name?: string }).name} ${(error as { statusCode?: number }).statusCode}`;
    });
    expect(await say()).toMatchObject({ ssml: '<speak>ServiceError 403</speak>' });
    expect(GIVEN_NAME_PERMISSION).toBe('alexa::profile:given_name:read');
  });

  it('refuses an apiEndpoint that is not Amazon\'s, before anything is sent', async () => {
    const { alexa } = skillWith(() => Promise.resolve('unused'));
    const client = new AlexaApiClient({ fetch: (input, init) => alexa.handle(new Request(input, init)), log: { info: () => undefined, warn: () => undefined, error: () => undefined } });
    const skill = SkillBuilders.custom()
      .addRequestHandlers({
        canHandle: () => true,
        handle: async (input) => {
          const error: unknown = await input.serviceClientFactory!.getUpsServiceClient().getSystemTimeZone('d').then(() => undefined, (e: unknown) => e);
          return input.responseBuilder.speak(String((error as { code?: string }).code)).getResponse();
        },
      })
      .withApiClient(client)
      .create();
    const envelope = intentRequest('AskIntent', {}, { timestamp: NOW, apiEndpoint: 'https://evil.test', apiAccessToken: alexa.token({ userId: USER_ID }) });
    const answer = await skill.invoke(envelope as unknown as RequestEnvelope);
    expect(answer.response.outputSpeech).toMatchObject({ ssml: '<speak>ALEXA_API_ENDPOINT_REFUSED</speak>' });
    expect(alexa.calls).toEqual([]);
  });
});
