import type { OpaqueValidationConfig } from '../config/config';
import { isRecord } from '../lib/json';
import { LinkingError } from './errors';
import { callWithToken, fetchJson, type ProviderCall } from './provider-http';
import type { TokenValidator, ValidatedToken, ValidationScope } from './token-validator';

/** Login with Amazon's token introspection endpoint. */
export const LWA_TOKENINFO_URL = 'https://api.amazon.com/auth/o2/tokeninfo';

/**
 * Validates opaque access tokens (Login with Amazon's `Atza|…`, or a provider's own format) by
 * calling the provider's userinfo endpoint with the token as a bearer credential (RFC 6750 §2.1):
 * 2xx is valid, 401/403 invalid. With `lwaClientId`, Login with Amazon's tokeninfo must also say
 * the token was issued to that client (`aud`), so a token minted for another app is refused.
 */
export class OpaqueValidator implements TokenValidator {
  readonly remote = true;

  constructor(
    private readonly config: OpaqueValidationConfig,
    private readonly call: ProviderCall,
  ) {}

  async validate(token: string, scope: ValidationScope): Promise<ValidatedToken> {
    const [userinfo, tokeninfo] = await Promise.all([
      callWithToken(this.call, this.config.userinfoUrl, token),
      this.config.lwaClientId === undefined ? undefined : this.#tokeninfo(token),
    ]);
    const info = asRecord(userinfo.body);
    const subject = [info.sub, info.user_id, info.id].find((v): v is string => typeof v === 'string');
    let expiresAt: number | undefined;
    if (tokeninfo) {
      if (tokeninfo.aud !== this.config.lwaClientId) {
        throw new LinkingError('TOKEN_INVALID', 'token was issued to another client (aud)');
      }
      if (typeof tokeninfo.exp === 'number') expiresAt = scope.now.getTime() + tokeninfo.exp * 1000;
    }
    return { subject, expiresAt };
  }

  async #tokeninfo(token: string): Promise<Record<string, unknown>> {
    const url = `${LWA_TOKENINFO_URL}?access_token=${encodeURIComponent(token)}`;
    // tokeninfo answers 400 invalid_token for a bad token.
    const { body } = await fetchJson(this.call, url, { method: 'GET' }, [400, 401, 403]);
    return asRecord(body);
  }
}

function asRecord(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}
