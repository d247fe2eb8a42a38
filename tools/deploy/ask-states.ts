import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The skill ID ASK CLI recorded for a profile in .ask/ask-states.json (alexa/ask-cli,
 * lib/model/resources-config/ask-states.js: `profiles.<profile>.skillId`), if `ask deploy` ran.
 */
export function recordedSkillId(projectRoot: string, profile = 'default'): string | undefined {
  const file = join(projectRoot, '.ask', 'ask-states.json');
  if (!existsSync(file)) return undefined;
  try {
    const states = JSON.parse(readFileSync(file, 'utf8')) as { profiles?: Record<string, { skillId?: unknown }> };
    const id = states.profiles?.[profile]?.skillId;
    return typeof id === 'string' && id ? id : undefined;
  } catch {
    return undefined;
  }
}
