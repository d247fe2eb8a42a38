/**
 * The skill the simulator talks to, from the project (never from a fixed file of one skill): its
 * URL (`--url`, default the one `dev` serves: http://localhost:<skill.port>/) and its skill ID
 * (`--skill-id`, else `ALEXA_SKILL_ID` in `.dev.vars` beside the project's package.json, else in the
 * `[vars]` of the skill's wrangler configuration; a list takes its first ID).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliError, usage } from '../errors.ts';
import type { ProjectConfig } from '../project.ts';

/** What to start when the skill or the provider does not answer. */
export const START_DEV = 'start it with `alexa-skill-workers dev` (npm run dev) in another terminal, then try again.';

/**
 * `--url`, else the dev skill's URL.
 * @throws {CliError} exit 2 when `--url` is not an http(s) URL.
 */
export function skillUrlOf(project: ProjectConfig, url: string | undefined): string {
  if (url === undefined) return `http://localhost:${project.skill.port}/`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw usage(`--url ${JSON.stringify(url)} is not a URL, e.g. --url http://localhost:8787/`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw usage(`--url must be http or https, not ${parsed.protocol}`);
  return parsed.href;
}

/** `ALEXA_SKILL_ID` (its first ID) in a dotenv file or a TOML `[vars]` table's text. */
function skillIdIn(text: string, toml: boolean): string | undefined {
  let inVars = !toml;
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (toml && trimmed.startsWith('[')) inVars = trimmed === '[vars]';
    if (!inVars) continue;
    const m = trimmed.match(/^ALEXA_SKILL_ID\s*=\s*"?([^"#]*)"?/);
    const id = m?.[1]?.split(',')[0]?.trim();
    if (id) return id;
  }
  return undefined;
}

const read = (file: string) => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
};

/**
 * The skill ID every request names (`context.System.application.applicationId`).
 * @throws {CliError} when none is found, saying where to put one.
 */
export function skillIdOf(project: ProjectConfig, flag: string | undefined): string {
  if (flag !== undefined) return flag;
  const devVars = read(join(project.root, '.dev.vars'));
  const fromDevVars = devVars === undefined ? undefined : skillIdIn(devVars, false);
  if (fromDevVars) return fromDevVars;
  const wrangler = read(project.skill.config);
  const fromWrangler = wrangler === undefined ? undefined : skillIdIn(wrangler, true);
  if (fromWrangler) return fromWrangler;
  throw new CliError(`no skill ID: pass --skill-id, or set ALEXA_SKILL_ID in ${join(project.root, '.dev.vars')} (\`dev\` creates it from .dev.vars.example)`);
}
