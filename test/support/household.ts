import { envelopeFor, type EnvelopeOptions, type TestPki } from 'alexa-skill-workers/testing';
import { NOW, SkillHarness } from './harness.ts';
import { ANA, BEN } from './provider.ts';

// Amazon, "Use Personalization With or Without Account Linking": a recognized speaker who linked
// their own profile sends `context.System.person.accessToken` beside the shared account's
// `context.System.user.accessToken`; everyone else has only the shared one.
// https://developer.amazon.com/en-US/docs/alexa/custom-skills/personalization-and-account-linking.html

export const ANA_PERSON = 'amzn1.ask.person.ANA';
export const BEN_PERSON = 'amzn1.ask.person.BEN';
/** The shared account's profile: Ana's places, the household's own card. */
export const HOUSEHOLD = { ...ANA, id: 'user-household', name: 'Household', paymentMethod: { label: 'Amex ending 1005' } };

/**
 * One Alexa account: a shared link (the household's card) and Ana's and Ben's own links. `as`
 * builds the options of a request spoken by `person` (undefined: an unrecognized speaker), with the
 * shared token and the session attributes of the previous turn.
 */
export function household(pki: TestPki, overrides: ConstructorParameters<typeof SkillHarness>[1] = {}) {
  const skill = new SkillHarness(pki, overrides).serveChain();
  const tokens = { shared: skill.provider.opaqueToken(HOUSEHOLD), ana: skill.provider.opaqueToken(ANA), ben: skill.provider.opaqueToken(BEN) };
  const as = (person: EnvelopeOptions['person'], attributes?: Record<string, unknown>): EnvelopeOptions =>
    ({ timestamp: NOW, accessToken: tokens.shared, person, attributes });
  return { skill, tokens, as };
}

/** The request Alexa sends after the PIN confirmation it was asked for (Amazon, "Add PIN Confirmation to Alexa Skills"). */
export function pinResumed(options: EnvelopeOptions, status: string | undefined, code = '200') {
  const cause = { type: 'ConnectionCompleted', token: 'ride-hailer.pin-for-order', status: { code, message: 'OK' }, result: status ? { status } : undefined };
  return envelopeFor({ type: 'SessionResumedRequest', cause }, { ...options, newSession: false }, true);
}
