import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseInteractionModel, resolveUtterance } from '../../src/nlu/index.ts';
import { NOW, rideHailer, rideHailerJson, thrown } from './support.ts';

const page = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'resolve.md'), 'utf8');

/** The JSON block after `<!-- example: <name> -->` in docs/resolve.md. */
function example(name: string): unknown {
  const block = new RegExp(`<!-- example: ${name} -->\\n\`\`\`json\\n([\\s\\S]*?)\\n\`\`\``).exec(page);
  if (!block) throw new Error(`docs/resolve.md has no example "${name}"`);
  return JSON.parse(block[1]!);
}

describe('docs/resolve.md', () => {
  it('shows the request the resolver gives for its example utterance', () => {
    const { request } = resolveUtterance(rideHailer('en-US'), 'Alexa, ask Ride Hailer to get me a ride to my office', {
      locale: 'en-US',
      now: NOW,
      skillId: 'amzn1.ask.skill.11111111-2222-4333-8444-555555555555',
    });
    expect(request).toEqual(example('request'));
  });

  it('quotes a model error as the resolver writes it', () => {
    const json = rideHailerJson('en-US') as { interactionModel: { languageModel: { intents: { samples: string[] }[] } } };
    json.interactionModel.languageModel.intents[0]!.samples.push('fly me to {city}');
    const quoted = /`(en-US\.json: interactionModel[^`]+)`/.exec(page)?.[1];
    expect(quoted).toBe(thrown(() => parseInteractionModel(json, { file: 'en-US.json' })).message);
  });
});
