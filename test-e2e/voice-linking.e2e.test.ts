import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2E_ENV, REDIRECT_PREFIX, cleanUp, runSimulator, signInOnLoginPage, simulate, startDev, waitFor } from './stack.ts';

/**
 * Linking by voice as a newcomer tries it (docs/linking/voice.md): `VOICE_ACCOUNT_LINKING=true
 * npm run dev`, then the simulator answers the skill's StartConnection for Alexa. The sign-in that
 * stands in for Amazon's consent and one-time code is posted like the login form does (no browser
 * needed: nothing on the page runs script).
 */
describe('linking by voice with the simulator (VOICE_ACCOUNT_LINKING=true npm run dev)', () => {
  beforeAll(async () => {
    const dev = startDev({ ...E2E_ENV, VOICE_ACCOUNT_LINKING: 'true' });
    await waitFor(dev, /^Ready\.$/m);
  });

  afterAll(async () => {
    await cleanUp();
  });

  it('decline: the skill asks by voice, then answers with the LinkAccount card', async () => {
    const answer = await simulate('OrderCar', 'destination=work', '--voice-link', 'decline');
    expect(answer).toContain('Connection: connection://AMAZON.AskForAccountLinking/1');
    expect(answer).toContain("Okay, I won't link your account now.");
    expect(answer).toContain('Card:  LinkAccount');
  });

  it('without a choice it waits; fail then gives the card', async () => {
    expect(await simulate('OrderCar', 'destination=work')).toContain('Answer with: voice-link accept|decline|unmet|fail');
    expect(await simulate('voice-link', 'fail')).toContain("I couldn't link your account by voice.");
  });

  it('accept: signs in, and the original OrderCar is answered with the new token; yes orders the ride', async () => {
    const linking = runSimulator(['OrderCar', 'destination=work', '--voice-link', 'accept']);
    const [, loginUrl] = await waitFor(linking, /^LOGIN_URL (\S+)$/m);
    const callback = await signInOnLoginPage(loginUrl!);
    expect(callback.startsWith(REDIRECT_PREFIX)).toBe(true);
    expect((await fetch(callback)).status).toBe(200);

    expect(await linking.exited).toBe(0);
    expect(linking.output).toContain('default work location, Contoso Tower');
    expect(linking.output).toContain('Session: open');
    expect(await simulate('yes')).toContain('Your ride to Contoso Tower is on its way');
  });
});
