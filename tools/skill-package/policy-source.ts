/** `linkedIntents: ['A', 'B']` in the skill's policy (`src/skill/policy.ts`): the intents that need a linked account. */
const LINKED_INTENTS = /linkedIntents:\s*\[([^\]]*)\]/;

/**
 * The intents the policy's source serves only to linked users, read from its `linkedIntents` literal
 * (the skill imports the kit through `alexa-skill-workers/…`, which Node alone cannot load, so the
 * tools read the file). A workerd test compares this with the running skill's policy.
 * @throws {Error} when the source has no `linkedIntents: [...]` literal.
 */
export function linkedIntentsInPolicySource(source: string): Set<string> {
  const list = LINKED_INTENTS.exec(source)?.[1];
  if (list === undefined) throw new Error('the policy declares no linkedIntents: [...] literal');
  return new Set([...list.matchAll(/'([^']+)'/g)].map((m) => m[1]!));
}


/**
 * Whether the policy's source asks a confidence level of recognized speakers (`minConfidence:`), so
 * the skill needs `context.System.person`, which Alexa sends only with the `alexa::person_id:read`
 * permission.
 */
export function policyReadsSpeakers(source: string): boolean {
  return /\bminConfidence\s*:/.test(source);
}
