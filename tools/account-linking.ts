/**
 * `npm run account-linking -- [--service-url https://…] [--client-id ID] [--skill-id ID] [--out FILE|-] [--template FILE]`
 *
 * Renders skill-package/accountLinking.json with the client secret from ALEXA_CLIENT_SECRET (and the
 * client ID from ALEXA_CLIENT_ID or --client-id), writes it OUTSIDE the repository (default: a new
 * folder in the system temp directory; mode 0600), and prints the `ask smapi update-account-linking-info`
 * command that pushes it. `--out -` prints the JSON to stdout instead. Refuses when the secret is missing.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { renderAccountLinking, updateAccountLinkingCommand, writeOutsideRepository } from './deploy/account-linking.ts';
import { recordedSkillId } from './deploy/ask-states.ts';
import { httpsOrigin, isUsageError, usageLine } from './deploy/errors.ts';

const ROOT = resolve(import.meta.dirname, '..');

try {
  const { values } = parseArgs({
    options: {
      'service-url': { type: 'string' },
      'client-id': { type: 'string' },
      'skill-id': { type: 'string' },
      out: { type: 'string' },
      template: { type: 'string', default: join(ROOT, 'skill-package', 'accountLinking.json') },
    },
  });
  const rendered = renderAccountLinking(readFileSync(values.template, 'utf8'), {
    clientSecret: process.env.ALEXA_CLIENT_SECRET,
    clientId: values['client-id'] ?? process.env.ALEXA_CLIENT_ID,
    serviceUrl: values['service-url'] === undefined ? undefined : httpsOrigin(values['service-url'], '--service-url'),
  });
  const json = `${JSON.stringify(rendered, null, 2)}\n`;
  const skillId = values['skill-id'] ?? recordedSkillId(ROOT) ?? '<skill-id>';
  if (values.out === '-') {
    process.stdout.write(json);
    console.error(`Push it with: ${updateAccountLinkingCommand(skillId, '<that file>')}`);
  } else {
    const out = values.out ?? join(mkdtempSync(join(tmpdir(), 'ride-hailer-account-linking-')), 'accountLinking.json');
    const file = writeOutsideRepository(out, json, ROOT);
    console.log(`Wrote ${file} (mode 0600; it holds the client secret).`);
    console.log(`Push it, then delete it:\n  ${updateAccountLinkingCommand(skillId, file)}\n  rm ${file}`);
  }
} catch (error) {
  if (!isUsageError(error)) throw error;
  console.error(usageLine('account-linking', error));
  process.exitCode = 1;
}
