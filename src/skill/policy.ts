/**
 * The intents that need a linked account. Declared here once (the kit's linking gate reads it,
 * `src/skill/skill.ts`; so do the package checks in tools/); handlers never repeat it.
 * `AMAZON.YesIntent` confirms a ride order, so it needs the account too. Every other intent is
 * public and must not look at the access token.
 */
export const LINKING_REQUIRED_INTENTS: ReadonlySet<string> = new Set(['OrderCar', 'AMAZON.YesIntent']);
