import { FakeOAuthProvider } from 'alexa-skill-workers/testing';
import type { AccountsEnv } from '../src/accounts.ts';

/** The provider's calls the first validation of a token makes: its userinfo endpoint. */
export const FIRST_CALLS = ['userinfo'];

/** A fake of the provider wrangler.toml names (its userinfo endpoint), on the tests' clock. */
export const fakeProvider = (env: AccountsEnv, now: () => Date): Promise<FakeOAuthProvider> =>
  Promise.resolve(FakeOAuthProvider.userinfo({ userinfoUrl: env.OAUTH_USERINFO_URL, now }));
