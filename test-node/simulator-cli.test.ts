import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

/**
 * `npm run simulate` as a newcomer meets it: before `npm run dev` ever ran (no `.dev.vars`, no
 * `.dev/`), or with the skill or the demo service not running. Help always works; everything else
 * that cannot work says so in one line, naming what to start. Run from a folder of its own, as
 * the project root would be, with state and CA files there.
 */
const SIMULATE = join(import.meta.dirname, '..', 'tools', 'simulate.ts');
const EXAMPLE = join(import.meta.dirname, '..', '.dev.vars.example');

let cwd: string;
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'simulate-cli-'));
});
afterEach(() => rmSync(cwd, { recursive: true, force: true }));

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function simulate(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [SIMULATE, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, ALEXA_DEV_CA_FILE: join(cwd, '.dev', 'ca.json'), ALEXA_SIMULATOR_STATE: join(cwd, '.dev', 'simulator.json'), ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const oneLine = (text: string) => text.trimEnd().split('\n');

describe('npm run simulate before npm run dev ever ran', () => {
  it.each([[['--help']], [['-h']], [['launch', '--help']], [['--locale', 'de-DE', '--help']]])('%j prints the usage, and touches nothing', (args) => {
    const { status, stdout, stderr } = simulate(args);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout).toMatch(/^Usage: npm run simulate -- /);
    for (const command of ['launch', 'link [--implicit]', 'status', '--locale <tag>', '--person <name>']) expect(stdout).toContain(command);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('prints the usage even with a port variable that is not a port', () => {
    const { status, stdout } = simulate(['--help'], { SKILL_PORT: 'abc' });
    expect(status).toBe(0);
    expect(stdout).toMatch(/^Usage: /);
  });

  it('says in one line, for any other command, that npm run dev creates .dev.vars', () => {
    const { status, stdout, stderr } = simulate(['launch']);
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(oneLine(stderr)).toEqual([
      'Error: There is no .dev.vars yet (it holds ALEXA_SKILL_ID): run `npm run dev` once, which creates it from .dev.vars.example',
    ]);
  });
});

describe('npm run simulate with the local stack down', () => {
  beforeEach(() => copyFileSync(EXAMPLE, join(cwd, '.dev.vars')));

  it('says in one line that the skill is not answering at its URL, and to start npm run dev', async () => {
    const port = await closedPort();
    const { status, stderr } = simulate(['launch'], { SKILL_PORT: String(port) });
    expect(status).toBe(1);
    expect(oneLine(stderr)).toEqual([
      `Error: The skill is not answering at http://localhost:${port} (ECONNREFUSED): start it with \`npm run dev\` in another terminal, then try again.`,
    ]);
  });

  it('says in one line that the demo service is not answering when linking', async () => {
    const port = await closedPort();
    const { status, stderr } = simulate(['link'], { SERVICE_PORT: String(port) });
    expect(status).toBe(1);
    expect(oneLine(stderr)).toEqual([
      `Error: The demo Ride Hailer service is not answering at http://localhost:${port} (ECONNREFUSED): start it with \`npm run dev\` in another terminal, then try again.`,
    ]);
  });

  it('says it in the interactive session too, and goes on', async () => {
    const port = await closedPort();
    const result = spawnSync(process.execPath, [SIMULATE], {
      cwd,
      encoding: 'utf8',
      timeout: 30_000,
      input: 'launch\nquit\n',
      env: { ...process.env, SKILL_PORT: String(port), ALEXA_DEV_CA_FILE: join(cwd, '.dev', 'ca.json'), ALEXA_SIMULATOR_STATE: join(cwd, '.dev', 'simulator.json') },
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`Error: The skill is not answering at http://localhost:${port} (ECONNREFUSED): start it with \`npm run dev\``);
    expect(result.stdout).not.toContain('Error: Error');
  });
});
