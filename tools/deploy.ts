/**
 * `npm run deploy`: ships the skill (wrangler.toml [env.production]) and, with --with-demo, the
 * demo Ride Hailer service; then fills the deployed hosts into skill-package/skill.json (endpoint,
 * privacy policy, terms of use, icons) and prints the exact commands that finish going live.
 * `--skill-url`/`--service-url` name the hosts when wrangler's output does not (custom routes), or
 * when the service is your own. `--dry-run` bundles both Workers without deploying, touches no file
 * and needs no network or ASK CLI (CI runs it as `npm run build`).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { recordedSkillId } from './deploy/ask-states.ts';
import { httpsOrigin, isUsageError, usageLine } from './deploy/errors.ts';
import { nextSteps } from './deploy/next-steps.ts';
import { CERT_CACHE_SECRET, listedSecrets } from './deploy/secrets.ts';
import { rewriteSkillJson } from './deploy/skill-manifest.ts';
import { deployedOrigin } from './deploy/wrangler-output.ts';

const ROOT = resolve(import.meta.dirname, '..');
const SKILL_JSON = join(ROOT, 'skill-package', 'skill.json');

let options;
let given: { skillUrl?: string; serviceUrl?: string };
try {
  options = parseArgs({
    options: {
      'dry-run': { type: 'boolean', default: false },
      'with-demo': { type: 'boolean', default: false },
      'skill-url': { type: 'string' },
      'service-url': { type: 'string' },
    },
  }).values;
  const url = (value: string | undefined, option: string) => (value === undefined ? undefined : httpsOrigin(value, option));
  given = { skillUrl: url(options['skill-url'], '--skill-url'), serviceUrl: url(options['service-url'], '--service-url') };
} catch (error) {
  if (!isUsageError(error)) throw error;
  console.error(usageLine('deploy', error));
  process.exit(1);
}
const dryRun = options['dry-run'];
const withDemo = options['with-demo'] || dryRun;

function wrangler(label: string, extra: string[]): string {
  console.log(`\n== ${label}`);
  const result = spawnSync('npx', ['wrangler', 'deploy', '--env', 'production', ...extra], { encoding: 'utf8' });
  const output = `${result.stdout}${result.stderr}`;
  process.stdout.write(output.split('\n').filter((l) => !l.includes('nodedir')).join('\n'));
  if (result.status !== 0) {
    console.error(`\n${label} failed (exit ${result.status}).`);
    process.exit(result.status ?? 1);
  }
  return output;
}

/** This run's `npm run deploy` command line, to run again. */
function sameCommandLine(): string {
  const args = [
    ...(withDemo ? ['--with-demo'] : []),
    ...(given.skillUrl ? ['--skill-url', given.skillUrl] : []),
    ...(given.serviceUrl ? ['--service-url', given.serviceUrl] : []),
  ];
  return ['npm run deploy', ...(args.length > 0 ? ['--', ...args] : [])].join(' ');
}

const skill = wrangler('skill', dryRun ? ['--dry-run', '--outdir', resolve('dist/skill')] : []);
const demoArgs = ['-c', 'demo/ride-hailer-service/wrangler.toml', ...(dryRun ? ['--dry-run', '--outdir', resolve('dist/demo')] : [])];
const demo = withDemo ? wrangler('demo Ride Hailer service', demoArgs) : undefined;

/** Whether the deployed skill has ALEXA_CERT_CACHE_SECRET (undefined: wrangler could not say). Lists names only, never values. */
function certCacheSecretSet(): boolean | undefined {
  const result = spawnSync('npx', ['wrangler', 'secret', 'list', '--env', 'production', '--format', 'json'], { encoding: 'utf8' });
  const names = result.status === 0 ? listedSecrets(result.stdout) : undefined;
  return names === undefined ? undefined : names.includes(CERT_CACHE_SECRET);
}

if (dryRun) {
  console.log('\nDry run: both Workers bundle with their production configuration. Nothing was deployed.');
} else {
  try {
    const skillUrl = given.skillUrl ?? deployedOrigin(skill);
    const serviceUrl = given.serviceUrl ?? (demo === undefined ? undefined : deployedOrigin(demo));
    let manifestUpdated = false;
    if (skillUrl || serviceUrl) {
      const before = readFileSync(SKILL_JSON, 'utf8');
      writeFileSync(SKILL_JSON, rewriteSkillJson(before, { skillUrl, serviceUrl }));
      manifestUpdated = Boolean(skillUrl && serviceUrl);
    }
    console.log(nextSteps({
      skillUrl,
      serviceUrl,
      skillId: recordedSkillId(ROOT),
      manifestUpdated,
      redeploy: sameCommandLine(),
      certCacheSecret: certCacheSecretSet(),
    }));
  } catch (error) {
    if (!isUsageError(error)) throw error;
    console.error(usageLine('deploy', error));
    process.exitCode = 1;
  }
}
