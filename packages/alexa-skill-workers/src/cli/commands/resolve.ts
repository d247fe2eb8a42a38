import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { NluError, parseInteractionModelText, resolveUtterance } from '../../nlu/index.ts';
import { readArgs } from '../args.ts';
import type { Command } from '../command.ts';
import { CliError, usage } from '../errors.ts';
import { loadProject } from '../project.ts';

const HELP = `Usage: alexa-skill-workers resolve [--model <skill-package>] [--locale <tag>] [--in-session] "<utterance>"

Resolves typed words against the skill's own interaction model, as Alexa's understanding of speech
would, and prints the \`request\` object Alexa would send (without requestId, timestamp and locale),
as one JSON object. Offline: nothing is sent anywhere.

Options:
  --model <dir>     the skill package (default: the project's, skill-package/)
  --locale <tag>    the model to use, interactionModels/custom/<tag>.json (default en-US)
  --in-session      a bare utterance is a request (outside a session it must name the skill)
  --trace           print { request, trace }: which sample matched, the slots and their resolution
  --skill-id <id>   for entity-resolution authorities (default: skill.json's, else a placeholder)

Example:
  alexa-skill-workers resolve --locale en-US "ask ride hailer to get me a ride to work"`;

/** `resolve`: an utterance to Alexa's `request` object, from the model (issue #21). */
export const resolveCommand: Command = {
  name: 'resolve',
  summary: 'resolve typed words to the request Alexa would send, from the interaction model',
  help: HELP,
  run(args, ctx) {
    const { values, positionals } = readArgs('resolve', args, {
      model: { type: 'string' },
      locale: { type: 'string' },
      'in-session': { type: 'boolean' },
      trace: { type: 'boolean' },
      'skill-id': { type: 'string' },
    });
    const utterance = positionals.join(' ').trim();
    if (!utterance) throw usage('say what to resolve: alexa-skill-workers resolve "<utterance>"');
    const skillPackage = values.model === undefined ? loadProject(ctx.cwd).skillPackage : resolve(ctx.cwd, values.model);
    const locale = values.locale ?? 'en-US';
    const file = join(skillPackage, 'interactionModels', 'custom', `${locale}.json`);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      throw new CliError(`${file}: no interaction model for ${locale} (--model names the skill package, --locale the model)`);
    }
    try {
      const model = parseInteractionModelText(text, { file });
      const result = resolveUtterance(model, utterance, {
        locale,
        now: new Date(),
        inSession: values['in-session'] === true,
        skillId: values['skill-id'] ?? skillIdOf(skillPackage),
      });
      ctx.out(JSON.stringify(values.trace ? result : result.request, null, ctx.json ? undefined : 2));
      return Promise.resolve(0);
    } catch (error) {
      // A NoMatchError's message already names the closest samples.
      if (error instanceof NluError) throw new CliError(error.message);
      throw error;
    }
  },
};

/** The skill's ID as the ASK CLI recorded it after its first deploy (`.ask/ask-states.json` beside the skill package), if any. */
function skillIdOf(skillPackage: string): string | undefined {
  try {
    const manifest = JSON.parse(readFileSync(join(skillPackage, '..', '.ask', 'ask-states.json'), 'utf8')) as { profiles?: Record<string, { skillId?: string }> };
    return Object.values(manifest.profiles ?? {}).find((p) => typeof p.skillId === 'string')?.skillId;
  } catch {
    return undefined;
  }
}
