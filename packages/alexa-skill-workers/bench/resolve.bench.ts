/**
 * How long resolveUtterance takes per utterance on a model of 50 intents × 30 samples × 3 slot types
 * (issue #21's goal: ≤ 2 ms). A benchmark, not a test: run it on a quiet machine with Node 22
 * (`npx node packages/alexa-skill-workers/bench/resolve.bench.ts`); it prints the median and the 95th
 * percentile over every call, for utterances that match a sample and for ones that fall back.
 *
 * Env: BENCH_ROUNDS (passes over the utterances, default 20), BENCH_UTTERANCES (default 500).
 */

import { compileModel, parseInteractionModel, resolveUtterance, type InteractionModel } from '../src/nlu/index.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const UTTERANCES = Number(process.env.BENCH_UTTERANCES ?? 500);
const NOW = new Date('2025-03-14T10:00:00Z');

/** A small deterministic generator (mulberry32), so every run measures the same model and words. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = Math.imul(seed ^ (seed >>> 15), seed | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const next = random(21);
const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
const VOCABULARY = Array.from({ length: 240 }, (_, i) => `w${i.toString(36)}${'aeiou'[i % 5]}`);
const TYPES = ['COLOR', 'DISH', 'PLACE'].map((name) => ({
  name,
  values: Array.from({ length: 25 }, (_, i) => ({ id: `${name}_${i}`, name: { value: `${name.toLowerCase()} ${i}`, synonyms: [`${name.toLowerCase()} number ${i}`, `the ${i}`] } })),
}));

function syntheticModel(): InteractionModel {
  const intents = Array.from({ length: 50 }, (_, i) => {
    const slots = TYPES.map((type, j) => ({ name: `s${j}`, type: type.name }));
    const samples = new Set<string>();
    while (samples.size < 30) {
      const words = Array.from({ length: 3 + Math.floor(next() * 5) }, () => pick(VOCABULARY));
      const used = slots.slice(0, 1 + Math.floor(next() * 2));
      for (const slot of used) words.splice(1 + Math.floor(next() * words.length), 0, `{${slot.name}}`);
      samples.add(words.join(' '));
    }
    return { name: `Intent${i}`, slots, samples: [...samples] };
  });
  intents.push({ name: 'AMAZON.FallbackIntent', slots: [], samples: [] }, { name: 'AMAZON.HelpIntent', slots: [], samples: [] });
  return parseInteractionModel({ interactionModel: { languageModel: { invocationName: 'bench skill', intents, types: TYPES } } }, { file: 'synthetic.json' });
}

const model = syntheticModel();
const compileStart = performance.now();
compileModel(model, 'en-US');
const compileMs = performance.now() - compileStart;

const samples = model.interactionModel.languageModel.intents.flatMap((intent) => intent.samples ?? []);
const fill = (sample: string) => sample.replace(/\{s(\d)\}/g, (_, j: string) => pick([...TYPES[Number(j)]!.values.map((v) => v.name.value), 'something else entirely']));
const matching = Array.from({ length: UTTERANCES }, () => `ask bench skill to ${fill(pick(samples))}`);
const missing = Array.from({ length: Math.ceil(UTTERANCES / 5) }, () => `ask bench skill to ${Array.from({ length: 6 }, () => pick(VOCABULARY)).join(' ')}`);

function measure(utterances: readonly string[]): { median: number; p95: number; intents: Set<string> } {
  const times: number[] = [];
  const intents = new Set<string>();
  for (let round = 0; round < ROUNDS; round++) {
    for (const utterance of utterances) {
      const start = performance.now();
      const { request } = resolveUtterance(model, utterance, { locale: 'en-US', now: NOW });
      times.push(performance.now() - start);
      if (round === 0 && request.type === 'IntentRequest') intents.add(request.intent.name);
    }
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)]! * 1000, p95: times[Math.floor(times.length * 0.95)]! * 1000, intents };
}

measure(matching.slice(0, 50));
const hit = measure(matching);
const miss = measure(missing);
console.log(`model: 50 intents × 30 samples × 3 slot types (${samples.length} samples), compiled in ${compileMs.toFixed(1)} ms`);
console.log(`matching utterances: median ${hit.median.toFixed(1)} µs, p95 ${hit.p95.toFixed(1)} µs (${matching.length} × ${ROUNDS}, ${hit.intents.size} intents hit)`);
console.log(`fallback utterances: median ${miss.median.toFixed(1)} µs, p95 ${miss.p95.toFixed(1)} µs (${missing.length} × ${ROUNDS}; ${[...miss.intents].join(', ')})`);
console.log(`goal ≤ 2000 µs per utterance: ${Math.max(hit.p95, miss.p95) <= 2000 ? 'met' : 'missed'} (at p95)`);
// With --json, one more line for bench/tools.ts, which keeps the figures in bench/results/tools.json.
if (process.argv.includes('--json')) {
  const us = (n: number) => Math.round(n * 10) / 10;
  console.log(JSON.stringify({ samples: samples.length, compileMs: Math.round(compileMs), matching: { utterances: matching.length * ROUNDS, medianUs: us(hit.median), p95Us: us(hit.p95) }, fallback: { utterances: missing.length * ROUNDS, medianUs: us(miss.median), p95Us: us(miss.p95) } }));
}
