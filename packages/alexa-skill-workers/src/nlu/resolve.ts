/**
 * `resolveUtterance`: what Alexa's NLU would make of an utterance typed for a skill, offline, from the
 * skill's interaction model: the `request` object the skill would receive (LaunchRequest or IntentRequest,
 * in Alexa's shape) and a trace of how it was found. Pure: the model, the words and the clock come in; no
 * file system, no network, no global clock.
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/request-types-reference.html
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/standard-built-in-intents.html
 *   (AMAZON.FallbackIntent "Provides a fallback for user utterances that do not match any of your skill's intents")
 */

import { filledSlots, requestFor } from './build.ts';
import { closestSamples } from './closest.ts';
import { compileModel } from './compile.ts';
import { NluError, NoMatchError, type ClosestSample } from './errors.ts';
import { readInvocation, type InvocationReading } from './invocation.ts';
import { bestMatch, type Match } from './match.ts';
import type { InteractionModel } from './model.ts';
import type { RequestBody, Resolution, ResolutionStatusCode } from './request.ts';
import { PLACEHOLDER_SKILL_ID, type FillContext } from './slots.ts';
import { candidatesFor } from './sample-index.ts';
import { normalizeSpoken, tokensOf } from './text.ts';

export interface ResolveOptions {
  /** The model's locale, e.g. "en-US": it picks the language's phrases and words. */
  readonly locale: string;
  /** The clock "today" and "tomorrow" are read against. */
  readonly now: Date;
  /** The IANA time zone of "today" (UTC when absent). */
  readonly timeZone?: string;
  /** Inside a session a bare utterance is a request; outside, the utterance must name the skill. */
  readonly inSession?: boolean;
  /** For entity-resolution authorities (a placeholder skill ID when absent). */
  readonly skillId?: string;
}

/** One slot as the trace shows it. */
export interface SlotTrace {
  readonly name: string;
  readonly type: string;
  readonly spoken: string;
  readonly value: string;
  readonly authority?: string;
  readonly status?: ResolutionStatusCode;
  readonly resolvedTo?: readonly { readonly name: string; readonly id: string }[];
}

/** How the request was found, for a console. */
export interface ResolveTrace {
  readonly utterance: string;
  readonly normalized: string;
  readonly invocation: InvocationReading;
  /** The sample that matched; absent for a launch and for AMAZON.FallbackIntent. */
  readonly match?: { readonly intent: string; readonly sample: string; readonly source: 'model' | 'builtin'; readonly literals: number; readonly ties: number };
  readonly slots: readonly SlotTrace[];
  /** When nothing matched and AMAZON.FallbackIntent took the utterance: the samples nearest to it. */
  readonly closest?: readonly ClosestSample[];
}

export interface ResolveResult {
  readonly request: RequestBody;
  readonly trace: ResolveTrace;
}

/**
 * Resolves `utterance` against `model` (already parsed by parseInteractionModel) for `options.locale`.
 * @throws NluError `ERR_LOCALE_UNSUPPORTED` for a language without words here; `ERR_NOT_INVOKED` outside a
 *   session when the utterance does not name the skill; NoMatchError `ERR_NO_MATCH` when no intent matched
 *   and the model has no AMAZON.FallbackIntent (its `closest` lists the nearest samples).
 */
export function resolveUtterance(model: InteractionModel, utterance: string, options: ResolveOptions): ResolveResult {
  const compiled = compileModel(model, options.locale);
  const { language } = compiled;
  const normalized = normalizeSpoken(utterance, language);
  const readings = readInvocation(compiled, normalized, options.inSession === true);
  const name = model.interactionModel.languageModel.invocationName;
  if (readings.length === 0) {
    throw new NluError('ERR_NOT_INVOKED', `${JSON.stringify(utterance)} does not name the skill "${name}" (say ${JSON.stringify(language.launch[0]!.replace('{name}', name))}, or resolve it inside a session)`);
  }
  const base = { utterance, normalized };
  const launch = readings.find((r) => r.form === 'launch');
  if (launch) return { request: { type: 'LaunchRequest' }, trace: { ...base, invocation: launch, slots: [] } };
  const context: FillContext = { now: options.now, timeZone: options.timeZone, skillId: options.skillId ?? PLACEHOLDER_SKILL_ID };
  for (const reading of readings) {
    const tokens = tokensOf(reading.request, language);
    const match = bestMatch(compiled, candidatesFor(compiled.samples, compiled.index, tokens), reading.request, tokens, context);
    if (match) return { request: requestFor(compiled, match.sample.intent, filledSlots(match)), trace: { ...base, invocation: reading, ...traceOf(match) } };
  }
  const first = readings[0]!;
  const closest = closestSamples(compiled, first.request);
  if (compiled.intents.has('AMAZON.FallbackIntent')) {
    return { request: requestFor(compiled, 'AMAZON.FallbackIntent', {}), trace: { ...base, invocation: first, slots: [], closest } };
  }
  const near = closest.map((c) => `${c.intent} ${JSON.stringify(c.sample)}`).join(', ');
  throw new NoMatchError(`no intent of "${name}" (${options.locale}) matches ${JSON.stringify(first.request)} and the model has no AMAZON.FallbackIntent; closest samples: ${near || 'none'}`, closest);
}

function traceOf(match: Match): Pick<ResolveTrace, 'match' | 'slots'> {
  const { sample } = match;
  return {
    match: { intent: sample.intent, sample: sample.text, source: sample.source, literals: sample.literals, ties: match.candidates },
    slots: match.slots.map((slot) => {
      const resolution: Resolution | undefined = slot.fill.resolution;
      return {
        name: slot.name,
        type: slot.type,
        spoken: slot.spoken,
        value: slot.fill.value,
        ...(resolution && {
          authority: resolution.authority,
          status: resolution.status.code,
          resolvedTo: (resolution.values ?? []).map((v) => v.value),
        }),
      };
    }),
  };
}
