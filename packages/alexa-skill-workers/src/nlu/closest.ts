/**
 * The samples closest to an utterance that matched none, for a message a developer can act on: words in
 * common over words in either (Jaccard), or, in a language without spaces, character pairs in common
 * (Dice). Slots do not count. Ties keep the model's order.
 */

import { unitsOf, type CompiledModel, type CompiledSample } from './compile.ts';
import type { ClosestSample } from './errors.ts';
import { tokensOf } from './text.ts';

/** The `limit` samples of the model's own intents nearest to `normalized`, best first. */
export function closestSamples(model: CompiledModel, normalized: string, limit = 3): ClosestSample[] {
  const { language, samples, index } = model;
  const said = new Set(unitsOf(tokensOf(normalized, language), language));
  const common = new Uint16Array(samples.length);
  for (const unit of said) for (const position of index.byUnit.get(unit) ?? []) common[position]!++;
  const scored: { sample: CompiledSample; score: number }[] = [];
  samples.forEach((sample, position) => {
    if (sample.source !== 'model' || (common[position] === 0 && scored.length >= limit)) return;
    const shared = common[position]!;
    const either = said.size + sample.units.size;
    const score = language.spaced ? shared / (either - shared || 1) : (2 * shared) / (either || 1);
    scored.push({ sample, score: Math.round(score * 100) / 100 });
  });
  return scored
    .sort((a, b) => b.score - a.score || a.sample.order - b.sample.order)
    .slice(0, limit)
    .map(({ sample, score }) => ({ intent: sample.intent, sample: sample.text, score }));
}
