/**
 * The intents that need a linked account. Declared here once; handlers never repeat it.
 * `AMAZON.YesIntent` confirms a ride order, so it needs the account too. Every other intent is
 * public and must not look at the access token.
 */
export const LINKING_REQUIRED_INTENTS: ReadonlySet<string> = new Set(['OrderCar', 'AMAZON.YesIntent']);

/** True when `intentName` may only be served to a linked user. */
export function requiresLinking(intentName: string): boolean {
  return LINKING_REQUIRED_INTENTS.has(intentName);
}
