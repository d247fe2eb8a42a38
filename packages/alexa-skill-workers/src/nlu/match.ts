/**
 * Sample matching: an utterance matches a sample when its tokens are the sample's literal tokens in order
 * with one or more tokens for each `{slot}` that the slot's type can take. Among all matches, the
 * deterministic order is: more literal tokens (words; characters in Japanese), then more slots understood
 * (resolved to a custom value, or read by a built-in type), then the model's order. Within one sample,
 * every way to split the words between its slots is tried and the same order applies.
 */

import type { CompiledModel, CompiledSample, SamplePart } from './compile.ts';
import { fillSlot, type FillContext, type SlotFill } from './slots.ts';
import { joinTokens } from './text.ts';

/** One slot of a match: the words said for it and what they fill. */
interface MatchedSlot {
  readonly name: string;
  readonly type: string;
  readonly spoken: string;
  readonly fill: SlotFill;
}

export interface Match {
  readonly sample: CompiledSample;
  readonly slots: readonly MatchedSlot[];
  readonly understood: number;
  /** How many samples matched with as many literal tokens as this one, itself included (1: no tie). */
  readonly candidates: number;
}

/**
 * The best match of `normalized` (tokens `tokens`) among `samples`, or undefined when none matches.
 * `samples` must be ordered most literal tokens first (CompiledModel.samples is).
 */
export function bestMatch(
  model: CompiledModel,
  samples: readonly CompiledSample[],
  normalized: string,
  tokens: readonly string[],
  context: FillContext,
): Match | undefined {
  const padded = model.language.spaced ? ` ${normalized} ` : normalized;
  const fills = new Map<string, SlotFill | null>();
  let best: Match | undefined;
  let candidates = 0;
  for (const sample of samples) {
    if (best && sample.literals < best.sample.literals) break;
    if (tokens.length < sample.minTokens) continue;
    if (!sample.needles.every((needle) => padded.includes(needle))) continue;
    const slots = model.intents.get(sample.intent)!.slots;
    const fill = (name: string, start: number, end: number): MatchedSlot | undefined => {
      const type = slots.get(name)!.type;
      const spoken = joinTokens(tokens.slice(start, end), model.language);
      const key = `${type}\u0001${start}\u0001${end}`;
      if (!fills.has(key)) fills.set(key, fillSlot(model, type, spoken, context) ?? null);
      const slotFill = fills.get(key);
      return slotFill ? { name, type, spoken, fill: slotFill } : undefined;
    };
    const found = matchParts(sample.parts, tokens, fill);
    if (!found) continue;
    candidates++;
    const understood = found.filter((s) => s.fill.understood).length;
    if (!best || understood > best.understood) best = { sample, slots: found, understood, candidates: 0 };
  }
  return best && { ...best, candidates };
}

type Fill = (name: string, start: number, end: number) => MatchedSlot | undefined;

/** The split of `tokens` over `parts` with the most slots understood (the first such), or undefined. */
function matchParts(parts: readonly SamplePart[], tokens: readonly string[], fill: Fill): MatchedSlot[] | undefined {
  let best: MatchedSlot[] | undefined;
  let bestScore = -1;
  const chosen: MatchedSlot[] = [];
  const walk = (part: number, at: number): void => {
    if (part === parts.length) {
      if (at !== tokens.length) return;
      const score = chosen.filter((s) => s.fill.understood).length;
      if (score > bestScore) [best, bestScore] = [[...chosen], score];
      return;
    }
    const current = parts[part]!;
    if (current.kind === 'literal') {
      if (current.tokens.every((t, i) => tokens[at + i] === t)) walk(part + 1, at + current.tokens.length);
      return;
    }
    const next = parts[part + 1];
    const isLast = part === parts.length - 1;
    for (let end = isLast ? Math.max(tokens.length, at + 1) : at + 1; end <= (isLast ? tokens.length : tokens.length - 1); end++) {
      if (next?.kind === 'literal' && tokens[end] !== next.tokens[0]) continue;
      const slot = fill(current.name, at, end);
      if (!slot) continue;
      chosen.push(slot);
      walk(part + 1, end);
      chosen.pop();
    }
  };
  walk(0, 0);
  return best;
}
