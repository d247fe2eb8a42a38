import type { HandlerInput } from 'ask-sdk-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { AlexaApiClient, GIVEN_NAME_PERMISSION, sendProgressiveResponse } from '../../src/ask-sdk.ts';
import { UsageError } from '../../src/errors.ts';
import { createTestPki, FakeAlexaApi, intentRequest, recordingLogger, sessionResumedRequest, USER_ID, type EnvelopeOptions, type TestPki } from '../../src/testing.ts';
import { installAlexaApi } from '../support/alexa-api.ts';
import { KitHarness, NOW, type Turn } from '../support/harness.ts';
import { outbound } from '../support/outbound.ts';

/**
 * What a skill reads from Alexa's APIs through the kit: the given name of whoever speaks (Person
 * Profile API for a recognized speaker, with their own consent; else Customer Profile API) and the
 * device's time zone (Settings API, no permission). The fixture's `AskIntent` says each result, and
 * answers a missing permission with the AskForPermissionsConsent card ("Request Customer Contact
 * Information for Use in Your Skill").
 */
let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki({ now: NOW });
});

const ANA = { userId: USER_ID, givenName: 'Ana', permissions: [GIVEN_NAME_PERMISSION], timeZone: 'Europe/Paris' };
const permissionsOf = (turn: Turn) => (turn.body?.response.card as { permissions?: string[] } | undefined)?.permissions;

function ask(alexa: FakeAlexaApi, identity: { personId?: string } = {}, options: Partial<EnvelopeOptions> = {}) {
  const person = identity.personId === undefined ? {} : { person: { personId: identity.personId } };
  return intentRequest('AskIntent', {}, { timestamp: NOW, apiAccessToken: alexa.token({ userId: USER_ID, ...identity }), ...person, ...options });
}

describe('the given name and the time zone', () => {
  it('reads the account\'s given name when the account granted it, and the device\'s time zone', async () => {
    const alexa = installAlexaApi().user(ANA);
    const turn = await new KitHarness(pki).turn(ask(alexa));
    expect(turn.speech).toBe('progressive sent; name Ana; zone Europe/Paris');
    expect(turn.card).toBeUndefined();
    expect(alexa.calls.map((c) => [c.api, c.status])).toEqual(expect.arrayContaining([['Profile.givenName', 200], ['System.timeZone', 200]]));
  });

  it('reads a recognized speaker\'s own given name (Person Profile API), not the account\'s', async () => {
    const alexa = installAlexaApi().user({ ...ANA, persons: { 'amzn1.ask.person.BEN': { givenName: 'Ben', permissions: [GIVEN_NAME_PERMISSION] } } });
    const turn = await new KitHarness(pki).turn(ask(alexa, { personId: 'amzn1.ask.person.BEN' }));
    expect(turn.speech).toBe('progressive sent; name Ben; zone Europe/Paris');
    expect(alexa.calls.map((c) => c.api)).not.toContain('Profile.givenName');
  });

  it('a recognized speaker who has not granted it gets the consent card, even when the account has', async () => {
    const alexa = installAlexaApi().user({ ...ANA, persons: { 'amzn1.ask.person.BEN': { givenName: 'Ben' } } });
    const turn = await new KitHarness(pki).turn(ask(alexa, { personId: 'amzn1.ask.person.BEN' }));
    expect(turn.speech).toBe('progressive sent; name ALEXA_API_FORBIDDEN; zone Europe/Paris');
    expect(turn.card).toBe('AskForPermissionsConsent');
    expect(permissionsOf(turn)).toEqual([GIVEN_NAME_PERMISSION]);
  });

  it('an account that has not granted it gets the consent card, logged as info (a choice, not a fault)', async () => {
    const alexa = installAlexaApi().user({ ...ANA, permissions: [] });
    const kit = new KitHarness(pki);
    const turn = await kit.turn(ask(alexa));
    expect(turn).toMatchObject({ speech: 'progressive sent; name ALEXA_API_FORBIDDEN; zone Europe/Paris', card: 'AskForPermissionsConsent' });
    expect(kit.log.events('alexa_api_failed')).toEqual([expect.objectContaining({ level: 'info', api: 'Profile.givenName', code: 'ALEXA_API_FORBIDDEN', status: 403 })]);
  });

  it('a name or a time zone the user never set is none (204)', async () => {
    const alexa = installAlexaApi().user({ userId: USER_ID, permissions: [GIVEN_NAME_PERMISSION] });
    expect((await new KitHarness(pki).turn(ask(alexa))).speech).toBe('progressive sent; name none; zone none');
  });

  it('a time zone Intl does not know is ALEXA_API_UNAVAILABLE', async () => {
    const alexa = installAlexaApi().user({ ...ANA, timeZone: 'Mars/Olympus_Mons' });
    expect((await new KitHarness(pki).turn(ask(alexa))).speech).toBe('progressive sent; name Ana; zone ALEXA_API_UNAVAILABLE');
  });

  it('a token Alexa does not accept is ALEXA_API_UNAUTHORIZED for each call, and the skill still answers', async () => {
    installAlexaApi().user(ANA);
    const turn = await new KitHarness(pki).turn(intentRequest('AskIntent', {}, { timestamp: NOW }));
    expect(turn.speech).toBe('progressive ALEXA_API_UNAUTHORIZED; name ALEXA_API_UNAUTHORIZED; zone ALEXA_API_UNAUTHORIZED');
  });

  it('no apiAccessToken in the request: no call at all', async () => {
    installAlexaApi().user(ANA);
    const turn = await new KitHarness(pki).turn(intentRequest('AskIntent', {}, { timestamp: NOW, apiAccessToken: null }));
    expect(turn.speech).toBe('progressive ALEXA_API_NO_TOKEN; name ALEXA_API_NO_TOKEN; zone ALEXA_API_NO_TOKEN');
    expect(outbound.requests).toEqual([]);
  });

  it('an apiEndpoint that is not Amazon\'s: no call at all, each refusal logged', async () => {
    const alexa = installAlexaApi().user(ANA);
    const kit = new KitHarness(pki);
    const turn = await kit.turn(ask(alexa, {}, { apiEndpoint: 'https://api.amazonalexa.evil.test' }));
    expect(turn.speech).toBe('progressive ALEXA_API_ENDPOINT_REFUSED; name ALEXA_API_ENDPOINT_REFUSED; zone ALEXA_API_ENDPOINT_REFUSED');
    expect(outbound.requests).toEqual([]);
    expect(kit.log.events('alexa_api_refused')).toHaveLength(3);
  });

  it.each([
    ['refused by default', {}, 'progressive ALEXA_API_ENDPOINT_REFUSED; name ALEXA_API_ENDPOINT_REFUSED; zone ALEXA_API_ENDPOINT_REFUSED'],
    ['served with allowDevelopmentTrust', { allowDevelopmentTrust: true }, 'progressive sent; name Ana; zone Europe/Paris'],
  ])('a loopback apiEndpoint (a local stand-in) is %s', async (_, alexaApi, speech) => {
    const alexa = new FakeAlexaApi().user(ANA);
    outbound.onPrefix('http://127.0.0.1:8791/', (request) => alexa.handle(request));
    const turn = await new KitHarness(pki, { alexaApi }).turn(ask(alexa, {}, { apiEndpoint: 'http://127.0.0.1:8791' }));
    expect(turn.speech).toBe(speech);
  });
});

describe('sendProgressiveResponse outside a LaunchRequest or an IntentRequest', () => {
  const inputFor = (envelope: unknown, alexaApi?: AlexaApiClient) =>
    ({ requestEnvelope: envelope, context: { now: NOW, log: recordingLogger(), alexaApi } }) as unknown as HandlerInput;

  it('sends nothing: Amazon allows progressive responses only there (ALEXA_API_REJECTED)', async () => {
    const alexa = installAlexaApi().user(ANA);
    const resumed = sessionResumedRequest({ token: 't' }, { timestamp: NOW, apiAccessToken: alexa.token({ userId: USER_ID }) });
    expect(await sendProgressiveResponse(inputFor(resumed, new AlexaApiClient()), 'One moment.')).toEqual({ kind: 'failed', code: 'ALEXA_API_REJECTED' });
    expect(outbound.requests).toEqual([]);
  });

  it('throws UsageError when the skill context has no Alexa API client (a wiring bug)', () => {
    expect(() => sendProgressiveResponse(inputFor(intentRequest('X', {}, { timestamp: NOW })), 'One moment.')).toThrow(UsageError);
  });
});
