import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.ts';
import { checkNodeForWrangler, findWrangler } from '../../../src/cli/dev/wrangler.ts';
import { tempProject } from './project.ts';

// `alexa-skill-workers dev` refusing what it cannot run, in one line each, before it starts anything.

const made: (() => void)[] = [];
let remove = () => {};
afterEach(() => {
  remove();
  for (const done of made.splice(0)) done();
});

async function dev(args: string[], files: Record<string, unknown> = { 'package.json': { name: 'skill' }, 'wrangler.toml': '', 'node_modules/wrangler/bin/wrangler.js': '' }) {
  const project = tempProject(files);
  made.push(project.remove);
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['dev', '--cwd', project.root, ...args], { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err, root: project.root };
}

function occupy(port: number): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer().listen(port, '127.0.0.1', () => resolve(server));
  });
}

describe('alexa-skill-workers dev', () => {
  it.each([
    [['--bogus'], 2, /^Error: Unknown option '--bogus'.*See: alexa-skill-workers dev --help$/],
    [['--port', 'eighty'], 2, /^Error: --port must be a port number \(1-65535\), not "eighty"$/],
    [['extra'], 2, /^Error: dev takes no arguments \(got "extra"\)/],
  ])('refuses %j in one line, exit %i', async (args, code, line) => {
    const result = await dev(args);
    expect(result.code).toBe(code);
    expect(result.err).toHaveLength(1);
    expect(result.err[0]).toMatch(line);
  });

  it('names the missing package.json', async () => {
    const { code, err } = await dev([], {});
    expect(code).toBe(1);
    expect(err).toEqual([expect.stringMatching(/package\.json: not found; run this in the skill's folder \(or pass --cwd\)$/)]);
  });

  it.each([
    [{ skill: { port: 'x' } }, /package\.json: alexa-skill-workers\.skill\.port must be a port number \(1-65535\)$/],
    [{ skill: { vars: { A: 1 } } }, /package\.json: alexa-skill-workers\.skill\.vars\.A must be a string$/],
    [{ dev: 'yes' }, /package\.json: alexa-skill-workers\.dev must be an object$/],
    [{ provider: { worker: {} } }, /package\.json: alexa-skill-workers\.provider\.worker\.config must be a non-empty string$/],
  ])('names the file and JSON path of a malformed setting %j', async (section, line) => {
    const { code, err } = await dev([], { 'package.json': { name: 'skill', 'alexa-skill-workers': section }, 'wrangler.toml': '' });
    expect(code).toBe(1);
    expect(err).toEqual([expect.stringMatching(line)]);
  });

  it('names a missing wrangler configuration and the setting that points at it', async () => {
    const { err } = await dev([], { 'package.json': { name: 'skill' } });
    expect(err).toEqual([expect.stringMatching(/wrangler\.toml: not found \(alexa-skill-workers\.skill\.config in package\.json\)$/)]);
  });

  it.each([
    [{ provider: { local: { users: 'users.json' } } }, { 'users.json': { users: [{ username: 'ada' }] } }, /users\.json: users\[0\]\.password must be a non-empty string$/],
    [{ dev: { extension: 'dev-extension.mjs' } }, {}, /alexa-skill-workers\.dev\.extension: cannot load .*dev-extension\.mjs \(Cannot find module/],
    [{ dev: { extension: 'dev-extension.mjs' } }, { 'dev-extension.mjs': 'export const start = () => ({});' }, /alexa-skill-workers\.dev\.extension: .*dev-extension\.mjs has no default export function$/],
    // The provider would start first: a bad placeholder in the skill's vars must stop it from starting at all.
    [{ skill: { vars: { A: '{nope.url}' } }, provider: { worker: { config: 'wrangler.toml', port: 28788 } }, dev: { redirectPort: 28790 } }, {}, /alexa-skill-workers\.skill\.vars\.A: the placeholder \{nope\.url\} is not one of /],
  ])('refuses %j in one line before any Worker starts', async (section, more, line) => {
    const { code, out, err } = await dev(['--port', '28787', '--state', 'state'], {
      'package.json': { name: 'skill', 'alexa-skill-workers': section }, 'wrangler.toml': '', 'node_modules/wrangler/bin/wrangler.js': '', ...more,
    });
    expect(code).toBe(1);
    expect(err).toEqual([expect.stringMatching(line)]);
    expect(out.filter((l) => l.includes('process group'))).toEqual([]);
  });

  it('copies .dev.vars.example to .dev.vars beside the skill config when there is none, and keeps one that is there', async () => {
    const files = { 'package.json': { name: 'skill', 'alexa-skill-workers': { provider: { local: { users: 'users.json' } } } }, 'users.json': '[]' };
    // A bad users file for the local provider is refused before any copy: nothing is written.
    const refused = await dev(['--port', '28787', '--provider-port', '28788', '--redirect-port', '28790', '--state', 'state'], { ...files, 'wrangler.toml': '', 'node_modules/wrangler/bin/wrangler.js': '', '.dev.vars.example': 'A=1\n' });
    expect(refused.err).toEqual([expect.stringMatching(/users\.json: \(the top level\) must be an object with "users"$/)]);
    expect(existsSync(join(refused.root, '.dev.vars'))).toBe(false);
    const made = await dev(['--port', '28787', '--state', 'state'], {
      'package.json': { name: 'skill', 'alexa-skill-workers': { skill: { vars: { A: '{nope.url}' } } } }, 'wrangler.toml': '', 'node_modules/wrangler/bin/wrangler.js': '', '.dev.vars.example': 'A=1\n',
    });
    expect(made.out).toContain('Created .dev.vars from .dev.vars.example.');
    expect(readFileSync(join(made.root, '.dev.vars'), 'utf8')).toBe('A=1\n');
    const kept = await dev(['--port', '28787', '--state', 'state'], {
      'package.json': { name: 'skill', 'alexa-skill-workers': { skill: { vars: { A: '{nope.url}' } } } }, 'wrangler.toml': '', 'node_modules/wrangler/bin/wrangler.js': '', '.dev.vars.example': 'A=1\n', '.dev.vars': 'A=mine\n',
    });
    expect(kept.out).toEqual([]);
    expect(readFileSync(join(kept.root, '.dev.vars'), 'utf8')).toBe('A=mine\n');
  });

  it('names a busy port, what it is for and how to move it, and starts nothing', async () => {
    const server = await occupy(28787);
    try {
      const { code, out, err, root } = await dev(['--port', '28787']);
      expect(code).toBe(1);
      expect(err).toEqual(['Error: Port 28787 is already in use (the skill); pass --port (or set alexa-skill-workers.skill.port in package.json) to use another port.']);
      expect(out).toEqual([]);
      expect(root).toBeTruthy();
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('a dev extension', () => {
  it('has the ports it declares (its `ports` export) checked with dev\'s own, before anything is written or started', async () => {
    const server = await occupy(28791);
    try {
      const { code, out, err, root } = await dev(['--port', '28787', '--state', 'state'], {
        'package.json': { name: 'skill', 'alexa-skill-workers': { dev: { redirectPort: 28790, extension: 'dev-extension.mjs' } } },
        'wrangler.toml': '', 'node_modules/wrangler/bin/wrangler.js': '', '.dev.vars.example': 'A=1\n',
        'dev-extension.mjs': "export const ports = [{ port: 28791, what: 'the simulated Amazon', move: 'set AMAZON_PORT' }];\nexport default async () => { throw new Error('started'); };\n",
      });
      expect(code).toBe(1);
      expect(err).toEqual(['Error: Port 28791 is already in use (the simulated Amazon); set AMAZON_PORT to use another port.']);
      expect(out).toEqual([]);
      expect(existsSync(join(root, '.dev.vars'))).toBe(false);
      expect(existsSync(join(root, 'state', 'ca.json'))).toBe(false);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it.each([['42'], ['[{ port: 1 }]']])('whose `ports` export is not a list of { port, what, move } (%s) is one line', async (ports) => {
    const { code, err } = await dev(['--port', '28787', '--state', 'state'], {
      'package.json': { name: 'skill', 'alexa-skill-workers': { dev: { redirectPort: 28790, extension: 'dev-extension.mjs' } } },
      'wrangler.toml': '', 'node_modules/wrangler/bin/wrangler.js': '',
      'dev-extension.mjs': `export const ports = ${ports};\nexport default async () => ({});\n`,
    });
    expect(code).toBe(1);
    expect(err).toEqual([expect.stringMatching(/alexa-skill-workers\.dev\.extension: .*dev-extension\.mjs exports `ports` that is not a list of \{ port, what, move \}$/)]);
  });
});

describe('wrangler', () => {
  it("is the project's own, run by this Node", () => {
    const made = tempProject({ 'node_modules/wrangler/bin/wrangler.js': '' });
    remove = made.remove;
    expect(findWrangler(made.root, '')).toEqual({ command: process.execPath, args: [`${made.root}/node_modules/wrangler/bin/wrangler.js`] });
  });

  it('missing from the project and PATH is one line saying how to install it', () => {
    const made = tempProject({ 'package.json': {} });
    remove = made.remove;
    expect(() => findWrangler(made.root, '')).toThrow(`wrangler is not installed in ${made.root} (nor on PATH): npm install --save-dev wrangler`);
  });

  it.each(['22.11.0', '20.20.2', '18.0.0'])('refuses Node.js %s in one line', (version) => {
    expect(() => checkNodeForWrangler(version)).toThrow(`wrangler needs Node.js 22.12 or newer; this is Node.js ${version}`);
  });

  it.each(['22.12.0', '22.23.3', '24.1.0'])('runs on Node.js %s', (version) => {
    expect(() => checkNodeForWrangler(version)).not.toThrow();
  });
});
