import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseInteractionModelText, type InteractionModel } from '../../src/nlu/index.ts';

/** The clock of every test: Friday 14 March 2025, 10:00 UTC. */
export const NOW = new Date('2025-03-14T10:00:00Z');

const FIXTURES = join(import.meta.dirname, 'fixtures');
const RIDE_HAILER = join(import.meta.dirname, '..', '..', '..', '..', 'skill-package', 'interactionModels', 'custom');

/** A purpose-made model from fixtures/, parsed as a user's file would be. */
export function fixture(name: string): InteractionModel {
  return parseInteractionModelText(readFileSync(join(FIXTURES, name), 'utf8'), { file: name });
}

/** Ride Hailer's own model of `locale` (skill-package/interactionModels/custom/<locale>.json). */
export function rideHailer(locale: string): InteractionModel {
  return parseInteractionModelText(readFileSync(join(RIDE_HAILER, `${locale}.json`), 'utf8'), { file: `${locale}.json` });
}

/** The raw JSON of Ride Hailer's `locale` model, to mutate into a malformed one. */
export function rideHailerJson(locale: string): { interactionModel: Record<string, unknown> } {
  return JSON.parse(readFileSync(join(RIDE_HAILER, `${locale}.json`), 'utf8')) as { interactionModel: Record<string, unknown> };
}

/** The error `run` throws (fails the test when it throws nothing). */
export function thrown(run: () => unknown): Error & { code?: string } {
  try {
    run();
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected an error, none was thrown');
}
