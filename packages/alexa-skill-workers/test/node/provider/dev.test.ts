import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { firstPortInUse } from '../../../src/cli/dev/ports.ts';
import { freePorts, runBin, tempFolder } from './support.ts';

// `dev` with "provider": { "local": {} }: the skill and the kit's provider under wrangler, on ports nothing listens on.

const folder = tempFolder({
  'package.json': { name: 'dev-skill', 'alexa-skill-workers': { provider: { local: {} }, skill: { vars: { OAUTH_JWKS_URL: '{provider.url}/.well-known/jwks.json' } } } },
  'wrangler.toml': 'name = "dev-skill"\nmain = "worker.js"\ncompatibility_date = "2026-11-01"\n',
  'worker.js': 'export default { fetch: (request, env) => Response.json({ jwksUrl: env.OAUTH_JWKS_URL }) };\n',
});
afterAll(() => folder.remove());

describe('dev with the local provider', () => {
  it('starts it beside the skill, hands the skill its URL, makes the default user, and leaves nothing listening once stopped', async () => {
    const ports = await freePorts(5);
    const [skill, skillInspector, provider, providerInspector, redirect] = ports.map(String) as [string, string, string, string, string];
    const dev = await runBin(folder.root, [
      'dev', '--state', 'state', '--port', skill, '--inspector-port', skillInspector,
      '--provider-port', provider, '--provider-inspector-port', providerInspector, '--redirect-port', redirect,
    ]);
    try {
      const usersFile = join(folder.root, 'state', 'provider', 'users.json');
      expect(dev.ready).toMatchObject({ ready: true, skill: `http://localhost:${skill}/`, provider: `http://localhost:${provider}`, providerUsers: usersFile });
      const { users } = JSON.parse(readFileSync(usersFile, 'utf8')) as { users: { username: string; password: string }[] };
      expect(dev.stderr).toContain(`Sign in to the local provider as alex / ${users[0]!.password}`);
      const { jwksUrl } = await (await fetch(`http://localhost:${skill}/`)).json() as { jwksUrl: string };
      expect(jwksUrl).toBe(`http://localhost:${provider}/.well-known/jwks.json`);
      expect(((await (await fetch(jwksUrl)).json()) as { keys: unknown[] }).keys).toHaveLength(1);
      const client = await (await fetch(`http://localhost:${provider}/dev/client`)).json() as Record<string, unknown>;
      expect(Object.keys(client).sort()).toEqual(['clientId', 'clientSecret']);
    } finally {
      await dev.stop();
    }
    expect(await firstPortInUse(ports.map((port) => ({ port, what: String(port), move: '' })))).toBeUndefined();
  });
});
