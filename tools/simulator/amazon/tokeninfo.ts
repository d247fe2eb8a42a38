/**
 * Login with Amazon's tokeninfo (`GET /auth/o2/tokeninfo?access_token=…`), played locally for
 * voice-forward account linking: the skill checks each token's audience there when LWA_CLIENT_ID is
 * set. Locally the demo service stands in for Login with Amazon, so a token is live when the
 * service's userinfo accepts it, and was issued to the simulated skill's LWA client. Like LWA, a
 * token that is not live gets 400 `invalid_token`.
 * https://developer.amazon.com/docs/login-with-amazon/obtain-customer-profile.html (tokeninfo)
 */
import { jsonAnswer, type Answer } from './http.ts';

/** The skill's LWA_CLIENT_ID in `VOICE_ACCOUNT_LINKING=true npm run dev`: the audience every live token has here. */
export const SIMULATED_SKILL_LWA_CLIENT_ID = 'amzn1.application-oa2-client.simulated-ride-hailer-skill';

/** tokeninfo's answer for `accessToken`, given whether the provider (the demo service) accepts it. */
export async function tokeninfoAnswer(accessToken: string, isLive: (token: string) => Promise<boolean>): Promise<Answer> {
  if (!accessToken || !(await isLive(accessToken))) {
    return jsonAnswer(400, { error: 'invalid_token', error_description: 'The access token is invalid, expired or missing.' });
  }
  return jsonAnswer(200, { iss: 'https://www.amazon.com', aud: SIMULATED_SKILL_LWA_CLIENT_ID, app_id: SIMULATED_SKILL_LWA_CLIENT_ID });
}

/** Asks the demo service's userinfo whether a token is live (2xx). */
export function liveAtUserinfo(userinfoUrl: string): (token: string) => Promise<boolean> {
  return async (token) => {
    const response = await fetch(userinfoUrl, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(5000) });
    await response.body?.cancel();
    return response.ok;
  };
}
