import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

/**
 * Builds the kit's dist/ (`npm run build -w alexa-skill-workers`) once, before any test of the run
 * starts (vitest `globalSetup`). Node-side code (tools/, bench/, test-node/, test-e2e/) imports the
 * kit by its public entries, which Node resolves through the package's "exports" to dist/: this
 * makes that dist/ from the source under test, and nothing rebuilds it while tests and the tools
 * they start read it (the pack tests pack it as built, `npm pack --ignore-scripts`).
 * @throws {Error} when the build fails, with its output.
 */
export default function buildKit(): void {
  const build = spawnSync('npm', ['run', 'build', '-w', 'alexa-skill-workers'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`npm run build -w alexa-skill-workers failed:\n${build.stdout}${build.stderr}`);
}
