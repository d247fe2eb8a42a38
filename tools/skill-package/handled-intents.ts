import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { linkedIntentsInPolicySource, policyReadsSpeakers } from './policy-source.ts';

/** `isIntent(input, 'A', 'B')` in a handler's source: the names after `input`. */
const IS_INTENT_CALL = /isIntent\(\s*\w+\s*((?:,\s*'[^']+'\s*)+)\)/g;

/**
 * The intent names a handler's source answers, read from its `isIntent(input, 'Name', ...)` calls
 * (`src/skill/match.ts`): the one way a handler in `src/skill/handlers/` claims an intent.
 */
export function intentsInHandlerSource(source: string): string[] {
  return [...source.matchAll(IS_INTENT_CALL)].flatMap((call) => [...call[1]!.matchAll(/'([^']+)'/g)].map((m) => m[1]!));
}

/** Every intent name the handlers in `handlersDir` answer. */
export function handledIntents(handlersDir: string): Set<string> {
  const files = readdirSync(handlersDir).filter((file) => file.endsWith('.ts'));
  return new Set(files.flatMap((file) => intentsInHandlerSource(readFileSync(join(handlersDir, file), 'utf8'))));
}

/** The intents the skill's policy (`src/skill/policy.ts` under `projectDir`) serves only to linked users. */
export function linkingRequiredIntents(projectDir: string): Set<string> {
  return linkedIntentsInPolicySource(readFileSync(join(projectDir, 'src', 'skill', 'policy.ts'), 'utf8'));
}

/** Whether the skill's policy (`src/skill/policy.ts` under `projectDir`) reads recognized speakers. */
export function readsRecognizedSpeakers(projectDir: string): boolean {
  return policyReadsSpeakers(readFileSync(join(projectDir, 'src', 'skill', 'policy.ts'), 'utf8'));
}
