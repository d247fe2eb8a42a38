/**
 * Account linking in the skill: every intent the policy says needs a linked account, asked by a
 * user who has not linked, or whose access token is not valid (expired, revoked, never issued),
 * answers with a LinkAccount card and speech that says where the card went. Amazon: "Validate and
 * Use Access Tokens in Custom Skill Code", https://developer.amazon.com/docs/account-linking/add-account-linking-logic-custom-skill.html
 * (a request that needs authentication and whose token is missing or invalid gets the LinkAccount
 * card and speech telling the user to open the Alexa app), and "Account Linking for Custom Skills",
 * https://developer.amazon.com/en-US/docs/alexa/account-linking/account-linking-for-custom-skills.html
 */
import { intentRequest } from '../../testing/envelopes.ts';
import { signBody } from '../../testing/pki.ts';
import type { Signer } from './endpoint.ts';
import { describeFailure, timedFetch, type Net } from '../net.ts';
import { fail, pass, skip, SKIP, type CheckResult } from './report.ts';

const SKILL_LINKING = 'Account linking in the skill';

export interface SkillTarget {
  readonly url: string;
  readonly skillId: string;
  readonly signer?: Signer;
  readonly now: Date;
  readonly net: Net;
  /** The intents to ask: the ones the skill gates on a linked account (the project's `policy.linkedIntents`). */
  readonly intents: readonly string[];
}

interface SkillAnswer {
  response?: { outputSpeech?: { ssml?: string; text?: string }; card?: { type?: string } };
}

/** Where the card goes, as the speech must say it (en-US). */
const WHERE_THE_CARD_WENT = /\bAlexa app\b/i;

/** An access token no provider issued: what Alexa sends after a token expired or was revoked. */
const INVALID_ACCESS_TOKEN = 'certify-not-a-valid-access-token';

const CASES = [
  { id: (intent: string) => `skill.linking.${intent}`, title: (intent: string) => `${intent} without a linked account: LinkAccount card, speech names the Alexa app` },
  {
    id: (intent: string) => `skill.linking.invalid-token.${intent}`,
    title: (intent: string) => `${intent} with an invalid or expired access token: LinkAccount card, speech names the Alexa app`,
    accessToken: INVALID_ACCESS_TOKEN,
  },
];

export async function checkSkillLinking(t: SkillTarget): Promise<CheckResult[]> {
  const intents = [...t.intents].sort();
  const results: CheckResult[] = [];
  for (const { id, title, accessToken } of CASES) {
    for (const intent of intents) {
      results.push(t.signer ? await ask(t, t.signer, intent, id(intent), title(intent), accessToken) : skip(SKILL_LINKING, id(intent), title(intent), SKIP.needsAlexaKey));
    }
  }
  return results;
}

async function ask(t: SkillTarget, signer: Signer, intent: string, id: string, title: string, accessToken?: string): Promise<CheckResult> {
  const body = JSON.stringify(intentRequest(intent, {}, { timestamp: t.now, skillId: t.skillId, accessToken }));
  const headers = { 'content-type': 'application/json', 'Signature-256': await signBody(body, signer.key), SignatureCertChainUrl: signer.certUrl };
  const answer = await timedFetch(t.net, t.url, { method: 'POST', headers, body }, 10_000);
  if (answer.kind !== 'answered') return fail(SKILL_LINKING, id, title, describeFailure(answer, 10_000));
  if (answer.response.status !== 200) return fail(SKILL_LINKING, id, title, `answered ${answer.response.status}; must be 200`);
  let parsed: SkillAnswer = {};
  try {
    parsed = JSON.parse(answer.text) as SkillAnswer;
  } catch {
    // judged below: no card, no speech
  }
  const speech = parsed.response?.outputSpeech?.ssml ?? parsed.response?.outputSpeech?.text ?? '';
  const card = parsed.response?.card?.type;
  if (card !== 'LinkAccount') return fail(SKILL_LINKING, id, title, `card is ${card ?? 'missing'}; must be LinkAccount`);
  if (!WHERE_THE_CARD_WENT.test(speech)) return fail(SKILL_LINKING, id, title, 'the speech does not say the card is in the Alexa app');
  return pass(SKILL_LINKING, id, title);
}
