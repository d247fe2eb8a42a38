/**
 * Login with Amazon, played locally: the consent step behind the Alexa app URL and the LWA
 * authorization URL, and LWA's token endpoint (RFC 6749 §4.1, PKCE RFC 7636). Amazon's pages:
 * https://developer.amazon.com/en-US/docs/alexa/account-linking/your-app-to-alexa-step4.html (the
 * URLs and their parameters) and https://developer.amazon.com/docs/login-with-amazon/authorization-code-grant.html
 * (the token endpoint). Codes live five minutes and work once; access tokens live an hour.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { clientCredentials, jsonAnswer, randomId, redirectAnswer, type Answer } from './http.ts';

const ACCOUNT_LINKING_SCOPE = 'alexa::skills:account_linking';
const CODE_TTL_MS = 5 * 60_000;
const TOKEN_TTL_S = 3600;

export interface LwaClient {
  /** The skill's "Alexa Client Id" and "Alexa Client Secret". */
  readonly clientId: string;
  readonly clientSecret: string;
  /** The skill's "Your Redirect URLs" (app-to-app). */
  readonly redirectUrls: readonly string[];
}

/** A validated authorization request, waiting for the user's decision on the consent page. */
export interface PendingConsent {
  readonly redirectUri: string;
  readonly state: string;
  readonly codeChallenge: string | undefined;
  readonly via: 'alexa-app' | 'lwa';
}

interface IssuedCode { readonly redirectUri: string; readonly codeChallenge: string | undefined; readonly expiresAt: number }

const sameText = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
const s256 = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

export class FakeLwa {
  readonly #pending = new Map<string, PendingConsent>();
  readonly #codes = new Map<string, IssuedCode>();
  readonly #tokens = new Map<string, number>();
  readonly #refresh = new Set<string>();

  readonly client: LwaClient;
  readonly now: () => number;

  constructor(client: LwaClient, now: () => number = Date.now) {
    this.client = client;
    this.now = now;
  }

  /**
   * Validates an authorization request from the Alexa app URL or the LWA URL. Returns the consent
   * handle, or why it is refused; a refused request is never redirected (RFC 6749 §4.1.2.1).
   */
  begin(query: URLSearchParams, via: PendingConsent['via']): { handle: string } | { refused: string } {
    const redirectUri = query.get('redirect_uri') ?? '';
    if (query.get('client_id') !== this.client.clientId) return { refused: 'unknown client_id' };
    if (!this.client.redirectUrls.includes(redirectUri)) return { refused: 'redirect_uri is not one of the skill\'s redirect URLs' };
    if (query.get('response_type') !== 'code') return { refused: 'response_type must be code' };
    if (!(query.get('scope') ?? '').split(' ').includes(ACCOUNT_LINKING_SCOPE)) return { refused: `scope must include ${ACCOUNT_LINKING_SCOPE}` };
    const stage = query.get('skill_stage');
    if (via === 'alexa-app' && stage !== 'development' && stage !== 'live') return { refused: 'skill_stage must be development or live' };
    const method = query.get('code_challenge_method');
    const codeChallenge = query.get('code_challenge') ?? undefined;
    if (codeChallenge && method !== 'S256') return { refused: 'code_challenge_method must be S256' };
    const handle = randomId();
    this.#pending.set(handle, { redirectUri, state: query.get('state') ?? '', codeChallenge, via });
    return { handle };
  }

  pending(handle: string): PendingConsent | undefined {
    return this.#pending.get(handle);
  }

  /** The user's decision: back to the app's redirect URL with a code, or with `error=access_denied`. */
  decide(handle: string, allow: boolean): Answer | undefined {
    const request = this.#pending.get(handle);
    if (!request) return undefined;
    this.#pending.delete(handle);
    const back = new URL(request.redirectUri);
    if (allow) {
      const code = `ANsim${randomId()}`;
      this.#codes.set(code, { redirectUri: request.redirectUri, codeChallenge: request.codeChallenge, expiresAt: this.now() + CODE_TTL_MS });
      back.searchParams.set('code', code);
    } else {
      back.searchParams.set('error', 'access_denied');
      back.searchParams.set('error_description', 'The user denied the request');
    }
    if (request.state) back.searchParams.set('state', request.state);
    return redirectAnswer(back.href);
  }

  /** POST /auth/o2/token: the authorization_code and refresh_token grants, LWA's error codes. */
  token(form: URLSearchParams, authorization: string | undefined): Answer {
    const client = clientCredentials(authorization, form);
    if (!client || !sameText(client.id, this.client.clientId) || !sameText(client.secret, this.client.clientSecret)) {
      return jsonAnswer(401, { error: 'invalid_client', error_description: 'Client authentication failed' });
    }
    const grant = form.get('grant_type');
    if (grant === 'refresh_token') {
      if (!this.#refresh.has(form.get('refresh_token') ?? '')) return jsonAnswer(400, { error: 'invalid_grant', error_description: 'Unknown refresh token' });
      return this.#issue(form.get('refresh_token')!);
    }
    if (grant !== 'authorization_code') return jsonAnswer(400, { error: 'unsupported_grant_type' });
    const code = form.get('code') ?? '';
    const issued = this.#codes.get(code);
    this.#codes.delete(code);
    if (!issued || issued.expiresAt < this.now()) return jsonAnswer(400, { error: 'invalid_grant', error_description: 'The authorization code is invalid or expired' });
    if (form.get('redirect_uri') !== issued.redirectUri) return jsonAnswer(400, { error: 'invalid_grant', error_description: 'redirect_uri does not match' });
    if (issued.codeChallenge && s256(form.get('code_verifier') ?? '') !== issued.codeChallenge) {
      return jsonAnswer(400, { error: 'invalid_grant', error_description: 'code_verifier does not match' });
    }
    return this.#issue(undefined);
  }

  #issue(refreshToken: string | undefined): Answer {
    const accessToken = `Atza|sim${randomId()}`;
    this.#tokens.set(accessToken, this.now() + TOKEN_TTL_S * 1000);
    const refresh = refreshToken ?? `Atzr|sim${randomId()}`;
    this.#refresh.add(refresh);
    return jsonAnswer(200, { access_token: accessToken, refresh_token: refresh, token_type: 'bearer', expires_in: TOKEN_TTL_S });
  }

  /** True for a live access token from this LWA (they all carry the account-linking scope). */
  valid(authorization: string | undefined): boolean {
    const token = authorization?.startsWith('Bearer ') ? authorization.slice(7) : '';
    const expiresAt = this.#tokens.get(token);
    return expiresAt !== undefined && expiresAt > this.now();
  }
}
