/**
 * The app-to-app linking settings, read once from the service's bindings. Every Amazon URL is a
 * setting with Amazon's real URL as its default, so `npm run dev` can point them at the local
 * simulator (tools/simulator/amazon/). Amazon's URLs: "App-to-App Account Linking (Starting From
 * Your App)", URLs and endpoints, and the Skill Enablement REST API reference
 * (https://developer.amazon.com/en-US/docs/alexa/smapi/skill-enablement.html).
 */

/** The bindings app-to-app linking reads (all strings; see README "App-to-app linking"). */
export interface AppToAppEnv {
  /** The skill to enable, `amzn1.ask.skill.…`. Without it, app-to-app linking is off. */
  ALEXA_SKILL_ID?: string;
  /** `development` (default) or `live`: the skill stage the Skill Enablement API enables. */
  ALEXA_SKILL_STAGE?: string;
  /** The "Alexa Client Id" from the skill's account-linking page (an LWA client). */
  ALEXA_LWA_CLIENT_ID?: string;
  /** The "Alexa Client Secret" beside it: a secret (`wrangler secret put ALEXA_LWA_CLIENT_SECRET`). */
  ALEXA_LWA_CLIENT_SECRET?: string;
  ALEXA_APP_URL?: string;
  LWA_AUTHORIZE_URL?: string;
  LWA_TOKEN_URL?: string;
  /** Where the user's Alexa API endpoint is looked up (`GET /v1/alexaApiEndpoint`). */
  ALEXA_API_URL?: string;
  PUBLIC_URL?: string;
}

export interface AppToAppSettings {
  readonly skillId: string;
  readonly stage: 'development' | 'live';
  readonly clientId: string;
  readonly clientSecret: string;
  readonly alexaAppUrl: string;
  readonly lwaAuthorizeUrl: string;
  readonly lwaTokenUrl: string;
  readonly alexaApiUrl: string;
  /** This service's app redirect URL ("Your Redirect URLs" in the skill's account-linking page). */
  readonly redirectUri: string;
  readonly timeoutMs: number;
}

const AMAZON_DEFAULTS = {
  alexaAppUrl: 'https://alexa.amazon.com/spa/skill-account-linking-consent',
  lwaAuthorizeUrl: 'https://www.amazon.com/ap/oa',
  lwaTokenUrl: 'https://api.amazon.com/auth/o2/token',
  alexaApiUrl: 'https://api.amazonalexa.com',
} as const;

/** The path of the app's redirect URL on this service. */
const CALLBACK_PATH = '/app/alexa/callback';

/** The redirect URL Alexa and LWA send the user back to, and the one the skill's code is minted for. */
function appRedirectUri(publicUrl: string): string {
  return new URL(CALLBACK_PATH, publicUrl).href;
}

function url(name: string, raw: string | undefined, fallback: string): string {
  const value = raw?.trim() || fallback;
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new Error(`${name} is not a URL`);
  }
  const local = parsed.hostname === 'localhost' || parsed.hostname === '127.0.0.1';
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && local)) throw new Error(`${name} must be https (http only for localhost)`);
  return value.replace(/\/$/, '');
}

/**
 * The settings, or `undefined` when app-to-app linking is not configured (no `ALEXA_SKILL_ID` or
 * no `ALEXA_LWA_CLIENT_ID`). Throws an Error naming the setting when one is present but malformed.
 */
export function appToAppSettings(env: AppToAppEnv): AppToAppSettings | undefined {
  const skillId = env.ALEXA_SKILL_ID?.trim();
  const clientId = env.ALEXA_LWA_CLIENT_ID?.trim();
  if (!skillId || !clientId) return undefined;
  if (!skillId.startsWith('amzn1.ask.skill.')) throw new Error('ALEXA_SKILL_ID must start with amzn1.ask.skill.');
  const stage = env.ALEXA_SKILL_STAGE?.trim() || 'development';
  if (stage !== 'development' && stage !== 'live') throw new Error('ALEXA_SKILL_STAGE must be development or live');
  if (!env.ALEXA_LWA_CLIENT_SECRET) throw new Error('ALEXA_LWA_CLIENT_SECRET is required with ALEXA_LWA_CLIENT_ID');
  if (!env.PUBLIC_URL) throw new Error('PUBLIC_URL is required for app-to-app linking (the redirect URL is built from it)');
  return {
    skillId,
    stage,
    clientId,
    clientSecret: env.ALEXA_LWA_CLIENT_SECRET,
    alexaAppUrl: url('ALEXA_APP_URL', env.ALEXA_APP_URL, AMAZON_DEFAULTS.alexaAppUrl),
    lwaAuthorizeUrl: url('LWA_AUTHORIZE_URL', env.LWA_AUTHORIZE_URL, AMAZON_DEFAULTS.lwaAuthorizeUrl),
    lwaTokenUrl: url('LWA_TOKEN_URL', env.LWA_TOKEN_URL, AMAZON_DEFAULTS.lwaTokenUrl),
    alexaApiUrl: url('ALEXA_API_URL', env.ALEXA_API_URL, AMAZON_DEFAULTS.alexaApiUrl),
    redirectUri: appRedirectUri(url('PUBLIC_URL', env.PUBLIC_URL, env.PUBLIC_URL)),
    timeoutMs: 5000,
  };
}
