import { perIsolate, withSettingNames } from 'alexa-skill-workers';
import { AccountService, OpaqueValidator } from 'alexa-skill-workers/linking';
import { profile, type Profile } from './skill.ts';

/** The bindings the account service reads (wrangler.toml [vars]): the provider's userinfo endpoint. */
export interface AccountsEnv {
  readonly OAUTH_USERINFO_URL: string;
  readonly CACHE: KVNamespace;
}

/**
 * The linked user's account, once per token: the provider's userinfo endpoint validates the opaque
 * token (RFC 6750 bearer) and answers the profile, cached in isolate memory and KV (keyed by a hash
 * of the token). One service per isolate; a bad setting is named as its binding.
 */
export const accountsFor = perIsolate((env: AccountsEnv) =>
  withSettingNames({ userinfoUrl: 'OAUTH_USERINFO_URL' }, () =>
    new AccountService<Profile>({ validator: new OpaqueValidator({ userinfoUrl: env.OAUTH_USERINFO_URL }), profile, kv: env.CACHE }),
  ),
);
