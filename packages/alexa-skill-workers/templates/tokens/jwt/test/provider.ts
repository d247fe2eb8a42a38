import { FakeOAuthProvider } from 'alexa-skill-workers/testing';
import type { AccountsEnv } from '../src/accounts.ts';

/** The provider's calls the first validation of a token makes: its key set. */
export const FIRST_CALLS = ['jwks'];

/** A fake of the provider wrangler.toml names (issuer, key set, audience), on the tests' clock. */
export const fakeProvider = (env: AccountsEnv, now: () => Date): Promise<FakeOAuthProvider> =>
  FakeOAuthProvider.jwt({ issuer: env.OAUTH_ISSUER, jwksUrl: env.OAUTH_JWKS_URL, audience: env.OAUTH_AUDIENCE, now });
