/**
 * The local provider's Worker as `wrangler dev` runs it: a wrangler configuration generated into
 * the state folder (`provider/wrangler.json`), whose `main` is the provider's source shipped in the
 * kit (dist/provider/, src/provider/ in this repository), its settings in `vars`, its users in the
 * `.dev.vars` beside it (base64 JSON, which wrangler reads as a secret: the passwords are never on a
 * command line nor in wrangler's list of bindings), and its KV persisted with `--persist-to`.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProviderUser } from './users.ts';

/** The provider Worker's entry in this installation of the kit (built .js, or the .ts source when run from it). */
function providerEntry(): string {
  const built = fileURLToPath(new URL('../../provider/index.js', import.meta.url));
  return existsSync(built) ? built : fileURLToPath(new URL('../../provider/index.ts', import.meta.url));
}

/** What the provider Worker is configured with. */
export interface ProviderSettings {
  /** Its own URL, `http://localhost:<port>`: the tokens' `iss` and the skill's `{provider.url}`. */
  readonly issuer: string;
  /** The access tokens' `aud` (and tokeninfo's). */
  readonly audience: string;
  readonly users: readonly ProviderUser[];
}

/** Writes `<folder>/wrangler.json` and `<folder>/.dev.vars` (mode 0600: it holds the passwords) for `settings`, and returns the config's path. */
export function writeProviderConfig(folder: string, settings: ProviderSettings): string {
  mkdirSync(folder, { recursive: true });
  const file = join(folder, 'wrangler.json');
  const config = {
    name: 'alexa-skill-workers-local-provider',
    main: providerEntry(),
    compatibility_date: '2026-11-01',
    kv_namespaces: [{ binding: 'OAUTH_KV', id: 'local-provider' }],
    vars: { ISSUER: settings.issuer, AUDIENCE: settings.audience },
  };
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
  writeFileSync(join(folder, '.dev.vars'), `USERS=${Buffer.from(JSON.stringify(settings.users)).toString('base64')}\n`, { mode: 0o600 });
  return file;
}
