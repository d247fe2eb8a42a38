/**
 * `npm run skill-urls -- [--skill-url https://…] [--service-url https://…] [--file skill-package/skill.json]`
 *
 * Puts the deployed hosts into skill.json: the skill endpoint (apis.custom and events, with the
 * matching sslCertificateType) and the privacy policy, terms of use and icon URLs on the service.
 * `npm run deploy` runs the same rewrite after a real deploy.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DeployToolError, httpsOrigin, isUsageError, usageLine } from './deploy/errors.ts';
import { rewriteSkillJson } from './deploy/skill-manifest.ts';

try {
  const { values } = parseArgs({
    options: {
      'skill-url': { type: 'string' },
      'service-url': { type: 'string' },
      file: { type: 'string', default: join(resolve(import.meta.dirname, '..'), 'skill-package', 'skill.json') },
    },
  });
  const skillUrl = values['skill-url'] === undefined ? undefined : httpsOrigin(values['skill-url'], '--skill-url');
  const serviceUrl = values['service-url'] === undefined ? undefined : httpsOrigin(values['service-url'], '--service-url');
  if (!skillUrl && !serviceUrl) throw new DeployToolError('BAD_URL', 'give --skill-url, --service-url or both');
  const before = readFileSync(values.file, 'utf8');
  const after = rewriteSkillJson(before, { skillUrl, serviceUrl });
  writeFileSync(values.file, after);
  console.log(before === after ? `${values.file} already had these URLs.` : `Updated ${values.file}.`);
} catch (error) {
  if (!isUsageError(error)) throw error;
  console.error(usageLine('skill-urls', error));
  process.exitCode = 1;
}
