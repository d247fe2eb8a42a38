/**
 * Indexes over a compiled model's samples, so a resolve looks only at the samples that can match: each
 * sample filed under its rarest literal token (an utterance without that token cannot match it), and
 * under each literal unit for the closest samples of a miss. Positions refer to CompiledModel.samples.
 */

import type { CompiledSample } from './compile.ts';

export interface SampleIndex {
  /** Positions of samples by their rarest literal token. */
  readonly byToken: ReadonlyMap<string, readonly number[]>;
  /** Positions of samples without literal tokens (slot-only samples): candidates for every utterance. */
  readonly always: readonly number[];
  /** Positions of the model's own samples by each literal unit (words; character pairs in Japanese). */
  readonly byUnit: ReadonlyMap<string, readonly number[]>;
}

export function indexSamples(samples: readonly CompiledSample[]): SampleIndex {
  const tokensOf = (sample: CompiledSample) => sample.parts.flatMap((p) => (p.kind === 'literal' ? p.tokens : []));
  const frequency = new Map<string, number>();
  for (const sample of samples) for (const token of new Set(tokensOf(sample))) frequency.set(token, (frequency.get(token) ?? 0) + 1);
  const byToken = new Map<string, number[]>();
  const byUnit = new Map<string, number[]>();
  const always: number[] = [];
  samples.forEach((sample, position) => {
    const tokens = tokensOf(sample);
    if (tokens.length === 0) always.push(position);
    else {
      const rarest = tokens.reduce((a, b) => (frequency.get(b)! < frequency.get(a)! ? b : a));
      file(byToken, rarest, position);
    }
    if (sample.source === 'model') for (const unit of sample.units) file(byUnit, unit, position);
  });
  return { byToken, always, byUnit };
}

function file(index: Map<string, number[]>, key: string, position: number): void {
  const positions = index.get(key);
  if (positions) positions.push(position);
  else index.set(key, [position]);
}

/** The samples that can match an utterance of `tokens`, in the samples' order. */
export function candidatesFor(samples: readonly CompiledSample[], index: SampleIndex, tokens: readonly string[]): CompiledSample[] {
  const marked = new Uint8Array(samples.length);
  for (const position of index.always) marked[position] = 1;
  for (const token of new Set(tokens)) for (const position of index.byToken.get(token) ?? []) marked[position] = 1;
  const candidates: CompiledSample[] = [];
  for (let position = 0; position < samples.length; position++) if (marked[position]) candidates.push(samples[position]!);
  return candidates;
}
