/**
 * The Skill Enablement REST API, played locally
 * (https://developer.amazon.com/en-US/docs/alexa/smapi/skill-enablement.html, and step 6 of
 * app-to-app linking: https://developer.amazon.com/en-US/docs/alexa/account-linking/your-app-to-alexa-step6.html).
 * POST exchanges the service's authorization code at the service's token endpoint exactly as Alexa
 * does for the skill (accountLinking.json: HTTP Basic client credentials, `authorization_code`
 * grant with the request's `redirectUri`), then hands the tokens to the device.
 */
import type { LinkedTokens } from 'alexa-skill-workers/cli';
import { jsonAnswer, type Answer } from './http.ts';

/** Alexa's side of the skill's account linking (skill-package/accountLinking.json). */
interface SkillAccountLinking {
  readonly accessTokenUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

/** What the simulated Alexa account does with a link: the device keeps the tokens and tells the skill. */
export interface AlexaAccount {
  /** The Amazon account's user ID (the device's `userId`), shown on the consent page. */
  readonly userId: string;
  readonly linked: (tokens: LinkedTokens) => Promise<void>;
  readonly disabled: () => Promise<void>;
  /** Whether the skill is enabled (and linked) for this account now. */
  readonly isLinked: () => Promise<boolean>;
}

export interface EnablementDeps {
  readonly skillId: string;
  readonly accountLinking: () => Promise<SkillAccountLinking>;
  readonly account: AlexaAccount;
  readonly fetch?: typeof fetch;
  readonly now?: () => number;
}

function record(deps: EnablementDeps, stage: string, linked: boolean) {
  return {
    skill: { stage, id: deps.skillId },
    user: { id: deps.account.userId },
    accountLink: { status: linked ? 'LINKED' : 'NOT_LINKED' },
    status: 'ENABLED',
  };
}

const message = (status: number, text: string) => jsonAnswer(status, { message: text });

/** Exchanges the service's code like Alexa; `undefined` when the service refuses it. */
async function exchange(deps: EnablementDeps, authCode: string, redirectUri: string): Promise<LinkedTokens | undefined> {
  const linking = await deps.accountLinking();
  const basic = Buffer.from(`${encodeURIComponent(linking.clientId)}:${encodeURIComponent(linking.clientSecret)}`).toString('base64');
  const response = await (deps.fetch ?? fetch)(linking.accessTokenUrl, {
    method: 'POST',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code: authCode, redirect_uri: redirectUri }),
  });
  const body = (await response.json().catch(() => ({}))) as { access_token?: unknown; refresh_token?: unknown; expires_in?: unknown };
  if (!response.ok || typeof body.access_token !== 'string') return undefined;
  return {
    accessToken: body.access_token,
    refreshToken: typeof body.refresh_token === 'string' ? body.refresh_token : undefined,
    expiresAt: (deps.now ?? Date.now)() + (typeof body.expires_in === 'number' ? body.expires_in : 3600) * 1000,
  };
}

/** The handler of `/v1/users/~current/skills/{skillId}/enablement` (the bearer already checked). */
export function enablementApi(deps: EnablementDeps): (method: string, skillId: string, rawBody: string | null) => Promise<Answer> {
  let lastStage = 'development';
  return (method, skillId, rawBody) => handle(method, skillId, rawBody);

  async function handle(method: string, skillId: string, rawBody: string | null): Promise<Answer> {
    if (skillId !== deps.skillId) return message(404, 'The skill could not be found.');
    if (method === 'GET') {
      return (await deps.account.isLinked()) ? jsonAnswer(200, record(deps, lastStage, true)) : message(404, 'The skill is not enabled for this user.');
    }
    if (method === 'DELETE') {
      if (!(await deps.account.isLinked())) return message(404, 'The skill is not enabled for this user.');
      await deps.account.disabled();
      return { status: 204 };
    }
    if (method !== 'POST') return message(405, 'Method not allowed.');
    let body: { stage?: unknown; accountLinkRequest?: { redirectUri?: unknown; authCode?: unknown; type?: unknown } };
    try {
      body = JSON.parse(rawBody ?? '') as typeof body;
    } catch {
      return message(400, 'The request body is not valid JSON.');
    }
    const request = body.accountLinkRequest;
    if (body.stage !== 'development' && body.stage !== 'live') return message(400, 'stage must be development or live.');
    if (request?.type !== 'AUTH_CODE' || typeof request.authCode !== 'string' || !request.authCode || typeof request.redirectUri !== 'string') {
      return message(400, 'accountLinkRequest needs redirectUri, authCode and type AUTH_CODE.');
    }
    const tokens = await exchange(deps, request.authCode, request.redirectUri);
    if (!tokens) return message(400, 'Invalid account linking credentials');
    lastStage = body.stage;
    await deps.account.linked(tokens);
    return jsonAnswer(201, record(deps, body.stage, true));
  }
}
