/**
 * `npm run deploy`: ships the skill (wrangler.toml [env.production]) and, with --with-demo, the
 * demo Ride Hailer service, then says what to put in skill-package/ and how to push it with the
 * ASK CLI. `--dry-run` bundles both without deploying (CI runs this).
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const args = new Set(process.argv.slice(2));
const dryRun = args.has('--dry-run');
const withDemo = args.has('--with-demo') || dryRun;

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

const skill = wrangler('skill', dryRun ? ['--dry-run', '--outdir', resolve('dist/skill')] : []);
if (withDemo) {
  wrangler('demo Ride Hailer service', ['-c', 'demo/ride-hailer-service/wrangler.toml', ...(dryRun ? ['--dry-run', '--outdir', resolve('dist/demo')] : [])]);
}

if (dryRun) {
  console.log('\nDry run: both Workers bundle with their production configuration. Nothing was deployed.');
} else {
  const url = skill.match(/https:\/\/[a-z0-9.-]+\.workers\.dev/)?.[0] ?? '<the URL wrangler printed above>';
  console.log(`
The skill endpoint is ${url}/

Next:
  1. In skill-package/skill.json set apis.custom.endpoint.uri and events.endpoint.uri to ${url}/
     (sslCertificateType "Wildcard" for *.workers.dev).
  2. ask deploy --target skill-metadata
  3. In skill-package/accountLinking.json set your service's URLs and the client ID, then
     ask smapi update-account-linking-info -s <skill-id> --account-linking-request file:skill-package/accountLinking.json
  4. Test in the Alexa app: enable the skill, link the account, say "ask ride hailer to get me a ride to work".
See README, "Go live".`);
}
