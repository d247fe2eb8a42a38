import { perIsolate, withSettingNames } from 'alexa-skill-workers';
import { AccountService, JwtValidator } from 'alexa-skill-workers/linking';
import { profile, type Profile } from './skill.ts';

/** The bindings the account service reads (wrangler.toml [vars]): the provider's JWT access tokens. */
export interface AccountsEnv {
  readonly OAUTH_ISSUER: string;
  readonly OAUTH_JWKS_URL: string;
  readonly OAUTH_AUDIENCE: string;
  readonly CACHE: KVNamespace;
}

/**
 * The linked user's account, once per token: the JWT's signature (the provider's key set, cached in
 * KV), issuer, audience and expiry, then the profile from its claims. One service per isolate
 * (Workers hands every request of an isolate the same `env`); a bad setting is named as its binding.
 */
export const accountsFor = perIsolate((env: AccountsEnv) =>
  withSettingNames({ jwksUrl: 'OAUTH_JWKS_URL', issuer: 'OAUTH_ISSUER', audience: 'OAUTH_AUDIENCE' }, () =>
    new AccountService<Profile>({
      validator: new JwtValidator({ jwksUrl: env.OAUTH_JWKS_URL, issuer: env.OAUTH_ISSUER, audience: env.OAUTH_AUDIENCE, kv: env.CACHE }),
      profile,
      kv: env.CACHE,
    }),
  ),
);
