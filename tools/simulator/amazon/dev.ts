/**
 * Ride Hailer's part of `npm run dev` (`alexa-skill-workers dev`, package.json `dev.extension`): the
 * fake Amazon of app-to-app linking, in dev's own process (it stops with it), on
 * SIMULATOR_AMAZON_PORT, with a fresh LWA client secret per run; and the demo's own switches,
 * `ALLOW_IMPLICIT_GRANT=true` and `VOICE_ACCOUNT_LINKING=true` (README). It stays here, not in the
 * kit: the vars it sets are the demo service's own names. The device it links is the one
 * `npm run simulate` talks as: the same file in dev's state folder (`<state>/simulator.json`).
 */
import { CliError, loadSigningCa, statePaths, type DevExtension, type DevPort } from 'alexa-skill-workers/cli';
import { DEV, devPorts } from '../../dev-config.ts';
import { skillIdFromDevVars } from '../dev-vars.ts';
import { fetchDevClient } from '../link.ts';
import { deviceAccount } from './account.ts';
import { randomId } from './http.ts';
import { AMAZON_PATHS, startFakeAmazon } from './server.ts';
import { liveAtUserinfo, SIMULATED_SKILL_LWA_CLIENT_ID } from './tokeninfo.ts';

/** The LWA client ID the simulated skill's account-linking page shows as its "Alexa Client Id". */
const SIMULATED_ALEXA_LWA_CLIENT_ID = 'amzn1.application-oa2-client.simulated-ride-hailer';

/** The simulated Amazon's port: dev checks it with its own, before it writes or starts anything. */
export const ports: readonly DevPort[] = devPorts().filter((p) => p.port === DEV.amazonPort);

const startDevAmazon: DevExtension = async ({ providerUrl, skillUrl, state, log: devLog }) => {
  if (providerUrl === undefined) throw new CliError('the simulated Amazon needs the demo service: package.json alexa-skill-workers.provider.worker');
  const log = (line: string) => devLog(`[amazon] ${line}`);
  const clientSecret = randomId();
  const skillId = skillIdFromDevVars();
  const account = await deviceAccount({ skillUrl: `${skillUrl}/`, skillId, stateFile: statePaths(state).simulator, ca: await loadSigningCa(state), log });
  const amazon = await startFakeAmazon({
    port: DEV.amazonPort,
    client: { clientId: SIMULATED_ALEXA_LWA_CLIENT_ID, clientSecret, redirectUrls: [`${providerUrl}/app/alexa/callback`] },
    skillId,
    account,
    // Alexa's copy of the skill's account-linking settings (skill-package/accountLinking.json), for the demo service.
    accountLinking: async () => ({ accessTokenUrl: `${providerUrl}/token`, ...(await fetchDevClient(providerUrl)) }),
    log,
    tokenIsLive: liveAtUserinfo(`${providerUrl}/userinfo`),
  });
  // Off unless asked for: `VOICE_ACCOUNT_LINKING=true npm run dev` (README "Linking by voice"): the skill in Login with Amazon mode, its tokeninfo here.
  const skillVars: Record<string, string> = process.env.VOICE_ACCOUNT_LINKING === 'true'
    ? { VOICE_ACCOUNT_LINKING: 'true', LWA_CLIENT_ID: SIMULATED_SKILL_LWA_CLIENT_ID, LWA_TOKENINFO_URL: `${amazon.url}${AMAZON_PATHS.lwaTokeninfo}` }
    : { VOICE_ACCOUNT_LINKING: 'false' };
  return {
    providerVars: {
      ALEXA_SKILL_ID: skillId,
      ALEXA_LWA_CLIENT_ID: SIMULATED_ALEXA_LWA_CLIENT_ID,
      ALEXA_LWA_CLIENT_SECRET: clientSecret,
      ALEXA_APP_URL: `${amazon.url}${AMAZON_PATHS.alexaApp}`,
      LWA_AUTHORIZE_URL: `${amazon.url}${AMAZON_PATHS.lwaAuthorize}`,
      LWA_TOKEN_URL: `${amazon.url}${AMAZON_PATHS.lwaToken}`,
      ALEXA_API_URL: amazon.url,
      // Off unless asked for: `ALLOW_IMPLICIT_GRANT=true npm run dev` (README "Implicit grant").
      ALLOW_IMPLICIT_GRANT: process.env.ALLOW_IMPLICIT_GRANT === 'true' ? 'true' : 'false',
    },
    skillVars,
    lines: [
      `Ride Hailer app:  ${providerUrl}/app  (Link with Alexa; Amazon simulated on ${amazon.url})`,
      'Demo users: ana / ana-rides, ben / ben-rides. Next, in another terminal:',
      '  npm run simulate -- launch                        talk to the skill',
      '  npm run simulate -- link                          link an account (opens the login page)',
      '  npm run simulate -- OrderCar destination=work     order a ride; then: npm run simulate -- yes',
    ],
    urls: { amazon: amazon.url },
    stop: () => amazon.close(),
  };
};

export default startDevAmazon;
