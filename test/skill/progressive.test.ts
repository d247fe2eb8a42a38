import { beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, intentRequest, USER_ID, type EnvelopeOptions, type TestPki } from 'alexa-skill-workers/testing';
import { stringsFor } from '../../src/skill/i18n/index.ts';
import { LOCALES } from '../../src/skill/i18n/locales.ts';
import { NOW, SkillHarness } from '../support/harness.ts';
import { probeKv } from '../support/kv.ts';
import { outbound } from '../support/outbound.ts';
import { turn } from '../support/talk.ts';

// Amazon, "Send the User a Progressive Response": POST {apiEndpoint}/v1/directives with the
// request's apiAccessToken and a VoicePlayer.Speak directive whose header.requestId is the
// request's ID; Alexa plays it only while the skill has not answered yet.
// https://developer.amazon.com/en-US/docs/alexa/custom-skills/send-the-user-a-progressive-response.html

let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki({ now: NOW });
});

const ONE_MOMENT = "<speak>One moment, I'm checking your account.</speak>";
const CONFIRM = 'You wanted to go to your default work location, Contoso Tower';

/** An isolate whose Alexa API fake accepts `apiToken`, and a Ride Hailer token no cache knows yet. */
function isolate(overrides: ConstructorParameters<typeof SkillHarness>[1] = {}) {
  const skill = new SkillHarness(pki, overrides).serveChain();
  const apiToken = skill.alexa.token({ userId: USER_ID });
  const token = skill.provider.opaqueToken();
  const options = (more: Partial<EnvelopeOptions> = {}): EnvelopeOptions => ({ timestamp: NOW, accessToken: token, apiAccessToken: apiToken, ...more });
  const orderCar = (more: Partial<EnvelopeOptions> = {}) => intentRequest('OrderCar', { destination: 'work' }, options(more));
  return { skill, apiToken, token, options, orderCar };
}

const requestIdOf = (envelope: object) => (envelope as { request: { requestId: string } }).request.requestId;

describe('"One moment" while Ride Hailer validates the account (OrderCar)', () => {
  it('is sent when no cache knows the token: the request ID, the apiAccessToken, the locale\'s words, before the provider is asked', async () => {
    const { skill, apiToken, orderCar } = isolate();
    const envelope = orderCar();
    const answer = await turn(skill, envelope);
    expect(answer.speech).toContain(CONFIRM);
    expect(skill.alexa.directives).toEqual([{ requestId: requestIdOf(envelope), type: 'VoicePlayer.Speak', speech: ONE_MOMENT, identity: { userId: USER_ID } }]);
    expect(skill.alexa.calls).toEqual([expect.objectContaining({ method: 'POST', api: 'directives', status: 204 })]);
    const directive = outbound.requests.indexOf('POST https://api.amazonalexa.com/v1/directives');
    expect(directive).toBeGreaterThanOrEqual(0);
    expect(directive).toBeLessThan(outbound.requests.indexOf('GET https://ride-hailer.test/userinfo'));
    expect(JSON.stringify(skill.logs.lines)).not.toContain(apiToken);
  });

  it('is not sent when isolate memory knows the token', async () => {
    const { skill, orderCar } = isolate();
    await turn(skill, orderCar());
    const again = await turn(skill, orderCar());
    expect(again.speech).toContain(CONFIRM);
    expect(skill.alexa.directives).toHaveLength(1);
  });

  it('is not sent when KV knows the token (another isolate validated it)', async () => {
    const kv = probeKv();
    const first = isolate({ CACHE: kv.kv });
    await turn(first.skill, first.orderCar());
    const other = new SkillHarness(pki, { CACHE: kv.kv }, first.skill.provider);
    const answer = await turn(other, first.orderCar({ apiAccessToken: other.alexa.token({ userId: USER_ID }) }));
    expect(answer.speech).toContain(CONFIRM);
    expect(other.alexa.calls).toEqual([]);
  });

  it('is not sent to a user with no linked account, nor for a public intent', async () => {
    const { skill, options } = isolate();
    await turn(skill, intentRequest('OrderCar', { destination: 'work' }, { ...options(), accessToken: undefined }));
    await turn(skill, intentRequest('GetAvailability', { city: 'Seattle' }, options()));
    expect(skill.alexa.calls).toEqual([]);
  });

  it.each(LOCALES)('speaks %s', async (locale) => {
    const { skill, orderCar } = isolate();
    await turn(skill, orderCar({ locale }));
    expect(skill.alexa.directives.map((d) => d.speech)).toEqual([`<speak>${stringsFor(locale).oneMoment}</speak>`]);
  });

  it('does not delay the answer: it comes back while Alexa has not answered the directive yet', async () => {
    const { skill, orderCar } = isolate();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    outbound.onPrefix('https://api.amazonalexa.com/', async (request) => {
      await held;
      return skill.alexa.handle(request);
    });
    const { response, settled } = await skill.sendEarly(orderCar());
    expect(await response.text()).toContain(CONFIRM);
    expect(skill.alexa.calls).toEqual([]);
    release();
    await settled;
    expect(skill.alexa.directives).toHaveLength(1);
  });
});

describe('"One moment" while a ride is ordered (Yes)', () => {
  it('is sent once for the Yes that orders, even when the account had to be validated too', async () => {
    const kv = probeKv();
    const { skill, orderCar, options } = isolate({ CACHE: kv.kv });
    const { attributes } = await turn(skill, orderCar());
    // A new isolate on empty KV: the gate validates the token again, then the ride is ordered.
    const { keys } = await kv.kv.list({ prefix: 'tok:' });
    await Promise.all(keys.map(({ name }) => kv.kv.delete(name)));
    const other = new SkillHarness(pki, { CACHE: kv.kv }, skill.provider);
    const yes = intentRequest('AMAZON.YesIntent', {}, options({ attributes, apiAccessToken: other.alexa.token({ userId: USER_ID }) }));
    const answer = await turn(other, yes);
    expect(answer.speech).toContain('on its way');
    expect(other.alexa.directives).toEqual([expect.objectContaining({ requestId: requestIdOf(yes), speech: ONE_MOMENT })]);
  });

  it('is sent for the order even when a cache knows the account (the order itself is a call), and not for a replayed copy', async () => {
    const { skill, orderCar, options } = isolate();
    const quote = orderCar();
    const { attributes } = await turn(skill, quote);
    const yes = intentRequest('AMAZON.YesIntent', {}, options({ attributes }));
    const first = await turn(skill, yes);
    const again = await turn(skill, yes);
    expect(again.body).toEqual(first.body);
    expect(skill.provider.rides).toHaveLength(1);
    expect(skill.alexa.directives.map((d) => d.requestId)).toEqual([requestIdOf(quote), requestIdOf(yes)]);
  });

  it('is not sent for a Yes with nothing to order', async () => {
    const { skill, orderCar, options } = isolate();
    await turn(skill, orderCar());
    await turn(skill, intentRequest('AMAZON.YesIntent', {}, options()));
    expect(skill.alexa.directives).toHaveLength(1);
  });
});

describe('when Alexa\'s API fails, the skill answers as it would without it', () => {
  it.each([401, 403, 429, 500, 503, 'garbage', 'hang'] as const)('%s: the same answer, the failure logged by its code', async (failure) => {
    const { skill, orderCar } = isolate();
    skill.alexa.failWith = failure;
    const answer = await turn(skill, orderCar());
    expect(answer.speech).toContain(CONFIRM);
    expect(answer.card).toBeUndefined();
    const code = { 401: 'ALEXA_API_UNAUTHORIZED', 403: 'ALEXA_API_FORBIDDEN', 429: 'ALEXA_API_THROTTLED', 500: 'ALEXA_API_UNAVAILABLE', 503: 'ALEXA_API_UNAVAILABLE', garbage: 'ALEXA_API_UNAVAILABLE', hang: 'ALEXA_API_TIMEOUT' }[failure];
    expect(skill.logs.lines).toContainEqual(expect.objectContaining({ event: 'alexa_api_failed', api: 'directives', code }));
    expect(skill.logs.lines.filter((line) => line.event === 'skill_error' || line.event === 'progressive_response_failed')).toEqual([]);
  });

  it('no apiAccessToken in the request: no call at all', async () => {
    const { skill, orderCar } = isolate();
    const answer = await turn(skill, orderCar({ apiAccessToken: null }));
    expect(answer.speech).toContain(CONFIRM);
    expect(outbound.requests.filter((line) => line.includes('amazonalexa.com'))).toEqual([]);
  });
});

describe('the host rule', () => {
  it.each(['https://api.eu.amazonalexa.com', 'https://api.fe.amazonalexa.com'])('calls the request\'s own region: %s', async (apiEndpoint) => {
    const { skill, orderCar } = isolate();
    await turn(skill, orderCar({ apiEndpoint }));
    expect(outbound.requests).toContain(`POST ${apiEndpoint}/v1/directives`);
    expect(skill.alexa.directives).toHaveLength(1);
  });

  it.each([
    ['not_amazon', 'https://api.amazonalexa.com.evil.example'],
    ['not_amazon', 'http://api.amazonalexa.com'],
    ['not_amazon', 'https://api.amazonalexa.com:8443'],
    ['not_a_url', 'api.amazonalexa.com'],
  ])('refuses an apiEndpoint that is not one of Amazon\'s hosts (%s: %s): nothing sent, the refusal logged without the value', async (reason, apiEndpoint) => {
    const { skill, orderCar } = isolate();
    const answer = await turn(skill, orderCar({ apiEndpoint }));
    expect(answer.speech).toContain(CONFIRM);
    expect(outbound.requests.filter((line) => line.startsWith('POST ') && line.includes('/v1/directives'))).toEqual([]);
    expect(skill.logs.lines).toContainEqual(expect.objectContaining({ event: 'alexa_api_refused', reason }));
    expect(JSON.stringify(skill.logs.lines)).not.toContain(apiEndpoint);
  });

  it('calls a loopback apiEndpoint in a development build (__DEVELOPMENT_TRUST__, as the tests build it): a local Alexa API', async () => {
    const { skill, orderCar } = isolate();
    outbound.onPrefix('http://127.0.0.1:9788/', (request) => skill.alexa.handle(request));
    await turn(skill, orderCar({ apiEndpoint: 'http://127.0.0.1:9788' }));
    expect(outbound.requests).toContain('POST http://127.0.0.1:9788/v1/directives');
    expect(skill.alexa.directives).toHaveLength(1);
  });
});
