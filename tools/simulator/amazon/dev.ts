/**
 * The fake Amazon in `npm run dev`: started in dev.ts's own process (it stops with it), on
 * SIMULATOR_AMAZON_PORT, with a fresh LWA client secret per run. The demo service gets the
 * settings that point its Amazon URLs here (`serviceVars`).
 */
import type { DevCa } from '../../alexa/dev-ca.ts';
import { fetchDevClient } from '../link.ts';
import { deviceAccount } from './account.ts';
import { randomId } from './http.ts';
import { AMAZON_PATHS, startFakeAmazon, type FakeAmazon } from './server.ts';
import { liveAtUserinfo, SIMULATED_SKILL_LWA_CLIENT_ID } from './tokeninfo.ts';

export interface DevAmazonOptions {
  readonly port: number;
  readonly serviceUrl: string;
  readonly skillUrl: string;
  readonly skillId: string;
  readonly certUrl: string;
  readonly stateFile: string;
  readonly ca: DevCa;
  readonly log: (line: string) => void;
}

/** The LWA client ID the simulated skill's account-linking page shows as its "Alexa Client Id". */
const SIMULATED_ALEXA_LWA_CLIENT_ID = 'amzn1.application-oa2-client.simulated-ride-hailer';

export async function startDevAmazon(options: DevAmazonOptions): Promise<FakeAmazon & { serviceVars: string[]; skillVars: string[] }> {
  const clientSecret = randomId();
  const account = await deviceAccount({ ...options, log: options.log });
  const amazon = await startFakeAmazon({
    port: options.port,
    client: { clientId: SIMULATED_ALEXA_LWA_CLIENT_ID, clientSecret, redirectUrls: [`${options.serviceUrl}/app/alexa/callback`] },
    skillId: options.skillId,
    account,
    // Alexa's copy of the skill's account-linking settings (skill-package/accountLinking.json), for the demo service.
    accountLinking: async () => ({ accessTokenUrl: `${options.serviceUrl}/token`, ...(await fetchDevClient(options.serviceUrl)) }),
    log: options.log,
    tokenIsLive: liveAtUserinfo(`${options.serviceUrl}/userinfo`),
  });
  const vars: Record<string, string> = {
    ALEXA_SKILL_ID: options.skillId,
    ALEXA_LWA_CLIENT_ID: SIMULATED_ALEXA_LWA_CLIENT_ID,
    ALEXA_LWA_CLIENT_SECRET: clientSecret,
    ALEXA_APP_URL: `${amazon.url}${AMAZON_PATHS.alexaApp}`,
    LWA_AUTHORIZE_URL: `${amazon.url}${AMAZON_PATHS.lwaAuthorize}`,
    LWA_TOKEN_URL: `${amazon.url}${AMAZON_PATHS.lwaToken}`,
    ALEXA_API_URL: amazon.url,
  };
  // `VOICE_ACCOUNT_LINKING=true npm run dev`: the skill in Login with Amazon mode, its tokeninfo here.
  const voice: Record<string, string> =
    process.env.VOICE_ACCOUNT_LINKING === 'true'
      ? {
          VOICE_ACCOUNT_LINKING: 'true',
          LWA_CLIENT_ID: SIMULATED_SKILL_LWA_CLIENT_ID,
          LWA_TOKENINFO_URL: `${amazon.url}${AMAZON_PATHS.lwaTokeninfo}`,
        }
      : { VOICE_ACCOUNT_LINKING: 'false' };
  const asVars = (settings: Record<string, string>) => Object.entries(settings).flatMap(([name, value]) => ['--var', `${name}:${value}`]);
  return { ...amazon, serviceVars: asVars(vars), skillVars: asVars(voice) };
}
