import { perIsolate, withSettingNames } from 'alexa-skill-workers';
import { AccountService, LoginWithAmazonValidator } from 'alexa-skill-workers/linking';
import { profile, type Profile } from './skill.ts';

/**
 * The bindings the account service reads (wrangler.toml [vars]): the security profile's client ID;
 * `dev` sets the two URLs to the local provider standing in for Login with Amazon (development
 * builds only: `__DEVELOPMENT_TRUST__`).
 */
export interface AccountsEnv {
  readonly LWA_CLIENT_ID: string;
  readonly LWA_TOKENINFO_URL?: string;
  readonly LWA_USERINFO_URL?: string;
  readonly CACHE: KVNamespace;
}

/** Whether this build accepts development settings at all (wrangler.toml `define`; false in production). */
declare const __DEVELOPMENT_TRUST__: boolean;

/**
 * The linked user's account, once per token: Login with Amazon's tokeninfo (the token was issued to
 * this client, and is live), then the profile, cached in isolate memory and KV (keyed by a hash of
 * the token). One service per isolate; a bad setting is named as its binding.
 */
export const accountsFor = perIsolate((env: AccountsEnv) =>
  withSettingNames({ clientId: 'LWA_CLIENT_ID', tokeninfoUrl: 'LWA_TOKENINFO_URL', userinfoUrl: 'LWA_USERINFO_URL' }, () =>
    new AccountService<Profile>({
      validator: new LoginWithAmazonValidator({
        clientId: env.LWA_CLIENT_ID,
        tokeninfoUrl: env.LWA_TOKENINFO_URL,
        userinfoUrl: env.LWA_USERINFO_URL,
        allowDevelopmentTrust: __DEVELOPMENT_TRUST__,
      }),
      profile,
      kv: env.CACHE,
    }),
  ),
);
