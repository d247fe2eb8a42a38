/** Reads the skill's settings from `.dev.vars`, which `npm run dev` creates from `.dev.vars.example`. */
import { readFileSync } from 'node:fs';

/** The first skill ID in `.dev.vars` (ALEXA_SKILL_ID may list several). */
export function skillIdFromDevVars(file = '.dev.vars'): string {
  const line = readFileSync(file, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('ALEXA_SKILL_ID='));
  const id = line?.slice('ALEXA_SKILL_ID='.length).split(',')[0]?.trim().replace(/^"|"$/g, '');
  if (!id) throw new Error('ALEXA_SKILL_ID is not in .dev.vars; run npm run dev once');
  return id;
}
