import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const WRANGLER = join(ROOT, 'node_modules', 'wrangler', 'bin', 'wrangler.js');

/** The demo service's bundle as `npm run build` makes it (wrangler, no deploy): every JS file, concatenated. */
function bundle(environment: 'production' | undefined): string {
  const out = mkdtempSync(join(tmpdir(), 'demo-bundle-'));
  try {
    const run = spawnSync(process.execPath, [
      WRANGLER, 'deploy', '--dry-run', '--outdir', out, '-c', 'demo/ride-hailer-service/wrangler.toml', ...(environment ? ['--env', environment] : []),
    ], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } });
    expect(run.status, `${run.stdout}${run.stderr}`).toBe(0);
    const files = readdirSync(out, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js'));
    expect(files.length).toBeGreaterThan(0);
    return files.map((f) => readFileSync(join(out, f), 'utf8')).join('\n');
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** What only `npm run dev` needs: the route that hands out the client secret, and the demo passwords in clear. */
const DEV_ONLY = ['/dev/client', 'ana-rides', 'ben-rides'];

describe('the demo service\'s production bundle (wrangler.toml [env.production])', () => {
  it('leaves out GET /dev/client and every demo password, at build time', { timeout: 180_000 }, () => {
    const production = bundle('production');
    for (const text of DEV_ONLY) expect(production.includes(text), `${text} in the production bundle`).toBe(false);
    // The constant was replaced, not left for the runtime to look up (a ReferenceError there).
    expect(production.includes('DEMO_DEV_BUILD'), 'DEMO_DEV_BUILD left in the production bundle').toBe(false);

    // The same search finds them in the development build, so it can find them at all.
    const development = bundle(undefined);
    for (const text of DEV_ONLY) expect(development.includes(text), `${text} in the development bundle`).toBe(true);
  });
});
