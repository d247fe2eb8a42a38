import type { HandlerInput } from 'ask-sdk-core';
import { UsageError } from '../core/errors.ts';
import { skillContextOf, type SkillContext } from '../ask-sdk/skill-context.ts';
import type { AlexaApiClient } from './client.ts';

/**
 * The request's {@link AlexaApiClient} (the skill context's `alexaApi`) and the context itself.
 * @throws {UsageError} `API_MISUSE` when the skill context has no `alexaApi`.
 */
export function alexaApiOf(input: HandlerInput): { readonly client: AlexaApiClient; readonly ctx: SkillContext } {
  const ctx = skillContextOf(input);
  if (!ctx.alexaApi) throw new UsageError('the Alexa API helpers need an AlexaApiClient in the skill context (alexaApi)');
  return { client: ctx.alexaApi, ctx };
}
