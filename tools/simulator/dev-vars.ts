/** Reads the skill's settings from `.dev.vars`, which `npm run dev` creates from `.dev.vars.example`. */
import { readFileSync } from 'node:fs';

/**
 * The first skill ID in `.dev.vars` (ALEXA_SKILL_ID may list several).
 * @throws Error in one line, saying to run `npm run dev` once, when the file is missing or has no ID.
 */
export function skillIdFromDevVars(file = '.dev.vars'): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw new Error(`There is no ${file} yet (it holds ALEXA_SKILL_ID): run \`npm run dev\` once, which creates it from .dev.vars.example`, { cause: error });
  }
  const line = text
    .split('\n')
    .find((l) => l.startsWith('ALEXA_SKILL_ID='));
  const id = line?.slice('ALEXA_SKILL_ID='.length).split(',')[0]?.trim().replace(/^"|"$/g, '');
  if (!id) throw new Error('ALEXA_SKILL_ID is not in .dev.vars; run npm run dev once');
  return id;
}
