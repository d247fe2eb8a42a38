// Runs before `npm run dev`: wrangler reads local settings from .dev.vars, which is never
// committed. On a fresh clone, create it from .dev.vars.example so the endpoint starts
// configured (with a placeholder skill ID) instead of answering 500.
import { copyFileSync, existsSync } from 'node:fs';

if (!existsSync('.dev.vars')) {
  copyFileSync('.dev.vars.example', '.dev.vars');
  console.log('Created .dev.vars from .dev.vars.example; put your skill ID in it (ALEXA_SKILL_ID).');
}
