import { FakeOAuthProvider } from 'alexa-skill-workers/testing';
import type { AccountsEnv } from '../src/accounts.ts';

/** Login with Amazon's calls the first validation of a token makes: tokeninfo, then the profile. */
export const FIRST_CALLS = ['tokeninfo', 'userinfo'];

/** A fake Login with Amazon for the client ID wrangler.toml names, on the tests' clock. */
export const fakeProvider = (env: AccountsEnv, now: () => Date): Promise<FakeOAuthProvider> =>
  Promise.resolve(FakeOAuthProvider.loginWithAmazon({ clientId: env.LWA_CLIENT_ID, now }));
