/**
 * Account linking in the skill: every intent the policy says needs a linked account, asked by a
 * user who has not linked, answers with a LinkAccount card and speech that says where the card
 * went. Amazon: "Account Linking for Custom Skills", https://developer.amazon.com/en-US/docs/alexa/account-linking/account-linking-for-custom-skills.html
 * (the skill "returns a LinkAccount card" and tells the user to open the Alexa app).
 */
import { LINKING_REQUIRED_INTENTS } from '../../src/skill/policy.ts';
import { intentRequest } from '../alexa/envelopes.ts';
import { signBody } from '../alexa/pki.ts';
import type { Signer } from './endpoint.ts';
import { describeFailure, timedFetch, type Net } from './net.ts';
import { fail, pass, skip, SKIP, type CheckResult } from './report.ts';

export const SKILL_LINKING = 'Account linking in the skill';

export interface SkillTarget {
  readonly url: string;
  readonly skillId: string;
  readonly signer?: Signer;
  readonly now: Date;
  readonly net: Net;
  /** The intents to ask; the policy's by default. */
  readonly intents?: readonly string[];
}

interface SkillAnswer {
  response?: { outputSpeech?: { ssml?: string; text?: string }; card?: { type?: string } };
}

/** Where the card goes, as the speech must say it (en-US). */
const WHERE_THE_CARD_WENT = /\bAlexa app\b/i;

export async function checkSkillLinking(t: SkillTarget): Promise<CheckResult[]> {
  const intents = [...(t.intents ?? LINKING_REQUIRED_INTENTS)].sort();
  const title = (intent: string) => `${intent} without a linked account: LinkAccount card, speech names the Alexa app`;
  const id = (intent: string) => `skill.linking.${intent}`;
  if (!t.signer) return intents.map((i) => skip(SKILL_LINKING, id(i), title(i), SKIP.needsAlexaKey));

  const results: CheckResult[] = [];
  for (const intent of intents) {
    const body = JSON.stringify(intentRequest(intent, {}, { timestamp: t.now, skillId: t.skillId }));
    const headers = { 'content-type': 'application/json', 'Signature-256': await signBody(body, t.signer.key), SignatureCertChainUrl: t.signer.certUrl };
    const answer = await timedFetch(t.net, t.url, { method: 'POST', headers, body }, 10_000);
    if (answer.kind !== 'answered') {
      results.push(fail(SKILL_LINKING, id(intent), title(intent), describeFailure(answer, 10_000)));
      continue;
    }
    if (answer.response.status !== 200) {
      results.push(fail(SKILL_LINKING, id(intent), title(intent), `answered ${answer.response.status}; must be 200`));
      continue;
    }
    let parsed: SkillAnswer = {};
    try {
      parsed = JSON.parse(answer.text) as SkillAnswer;
    } catch {
      // judged below: no card, no speech
    }
    const speech = parsed.response?.outputSpeech?.ssml ?? parsed.response?.outputSpeech?.text ?? '';
    const card = parsed.response?.card?.type;
    if (card !== 'LinkAccount') results.push(fail(SKILL_LINKING, id(intent), title(intent), `card is ${card ?? 'missing'}; must be LinkAccount`));
    else if (!WHERE_THE_CARD_WENT.test(speech)) results.push(fail(SKILL_LINKING, id(intent), title(intent), 'the speech does not say the card is in the Alexa app'));
    else results.push(pass(SKILL_LINKING, id(intent), title(intent)));
  }
  return results;
}
