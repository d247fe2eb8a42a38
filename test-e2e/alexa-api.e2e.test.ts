import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2E_ENV, REDIRECT_PREFIX, cleanUp, expireSimulatorToken, runSimulator, signInOnLoginPage, simulate, startDev, waitFor } from './stack.ts';

/**
 * Ride Hailer's Alexa service APIs through `npm run dev` and the simulator's local Alexa API
 * (issue #22): the progressive response of a linked OrderCar whose token is new to the skill, and
 * the rider's first name, said when the recognized speaker granted it and asked for with the
 * consent card when not. The sign-in is posted like the login form does (no browser needed).
 */
const GIVEN_NAME = 'alexa::profile:given_name:read';

interface Order {
  response: { response: { outputSpeech: { ssml: string }; card?: { type: string; permissions?: string[] } } };
  alexaApi: { method: string; path: string; status: number; speech?: string }[];
}
const orderOf = (out: string) => JSON.parse(out.trim().split('\n').at(-1)!) as Order;

/** Links the shared account as ana, answering the provider's login page without a browser. */
async function linkAsAna(): Promise<void> {
  const linking = runSimulator(['link']);
  const [, loginUrl] = await waitFor(linking, /^LOGIN_URL (\S+)$/m);
  const callback = await signInOnLoginPage(loginUrl!);
  expect(callback.startsWith(REDIRECT_PREFIX)).toBe(true);
  expect((await fetch(callback)).status).toBe(200);
  expect(await linking.exited).toBe(0);
}

describe('Ride Hailer calling the simulator\'s local Alexa API (npm run dev)', () => {
  beforeAll(async () => {
    const dev = startDev(E2E_ENV);
    await waitFor(dev, /^Ready\.$/m);
    await linkAsAna();
  });
  afterAll(cleanUp);

  it('a linked OrderCar with a token new to the skill sends "one moment" as a progressive response, recorded; with a cached one, nothing', async () => {
    // The access token expires: the simulator refreshes it, as Alexa does, and the skill has never seen the new one.
    await expireSimulatorToken();
    const order = orderOf(await simulate('--json', 'OrderCar', 'destination=work'));
    expect(order.response.response.outputSpeech.ssml).toContain('Contoso Tower');
    expect(order.alexaApi).toContainEqual({ method: 'POST', path: '/v1/directives', status: 204, speech: "One moment, I'm checking your account." });
    // The same token again: the skill's cache answers, so there is nothing to wait for and nothing is said.
    await simulate('end');
    const again = orderOf(await simulate('--json', 'OrderCar', 'destination=work'));
    expect(again.response.response.outputSpeech.ssml).toContain('Contoso Tower');
    expect(again.alexaApi).toEqual([]);
  });

  it('yes without the permission: the ride is ordered, and the consent card asks for the first name', async () => {
    expect(await simulate('--person', 'ana', 'OrderCar', 'destination=work')).toContain('Session: open');
    const yes = await simulate('--person', 'ana', 'yes');
    expect(yes).toContain('Alexa API: GET /v2/persons/~current/profile/givenName 403');
    expect(yes).toContain('Alexa API: POST /v1/directives 204 "One moment, I\'m checking your account."');
    expect(yes).toMatch(/Alexa: Done\. Your ride to Contoso Tower is on its way/);
    expect(yes).toContain("If you'd like me to call you by your first name, allow it on the card I've sent to your Alexa app.");
    expect(yes).toContain('Card:  AskForPermissionsConsent');
  });

  it('yes once the recognized speaker granted it: "Done, Ana."', async () => {
    expect(await simulate('--person', 'ana', 'grant', GIVEN_NAME)).toContain(`Granted ${GIVEN_NAME} for ana`);
    await simulate('--person', 'ana', 'OrderCar', 'destination=work');
    const yes = orderOf(await simulate('--person', 'ana', '--json', 'yes'));
    expect(yes.response.response.outputSpeech.ssml).toContain('Done, Ana. Your ride to Contoso Tower is on its way');
    expect(yes.response.response.card).toBeUndefined();
    expect(yes.alexaApi).toContainEqual({ method: 'GET', path: '/v2/persons/~current/profile/givenName', status: 200 });
  });
});
