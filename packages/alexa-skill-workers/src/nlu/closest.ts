/**
 * The samples closest to an utterance that matched none, for a message a developer can act on: words in
 * common over words in either (Jaccard), or, in a language without spaces, character pairs in common
 * (Dice). Slots do not count. Ties keep the model's order.
 */

import type { CompiledModel } from './compile.ts';
import type { ClosestSample } from './errors.ts';
import { tokensOf } from './text.ts';

/** The `limit` samples of the model's own intents nearest to `normalized`, best first. */
export function closestSamples(model: CompiledModel, normalized: string, limit = 3): ClosestSample[] {
  const { language } = model;
  const units = (tokens: readonly string[]) => new Set(language.spaced ? tokens : tokens.slice(0, -1).map((t, i) => t + tokens[i + 1]!));
  const said = units(tokensOf(normalized, language));
  return model.samples
    .filter((sample) => sample.source === 'model')
    .map((sample) => {
      const literal = sample.parts.flatMap((p) => (p.kind === 'literal' ? [p.tokens.join(language.spaced ? ' ' : '')] : []));
      const words = units(literal.flatMap((run) => tokensOf(run, language)));
      const common = [...words].filter((w) => said.has(w)).length;
      const score = language.spaced ? common / (said.size + words.size - common || 1) : (2 * common) / (said.size + words.size || 1);
      return { intent: sample.intent, sample: sample.text, score: Math.round(score * 100) / 100, order: sample.order };
    })
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .slice(0, limit)
    .map(({ intent, sample, score }) => ({ intent, sample, score }));
}
