import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.ts';
import { checkNodeForWrangler, findWrangler } from '../../../src/cli/dev/wrangler.ts';
import { tempProject } from './project.ts';

// `alexa-skill-workers dev` refusing what it cannot run, in one line each, before it starts anything.

let remove = () => {};
afterEach(() => remove());

async function dev(args: string[], files: Record<string, unknown> = { 'package.json': { name: 'skill' }, 'wrangler.toml': '', 'node_modules/wrangler/bin/wrangler.js': '' }) {
  const made = tempProject(files);
  remove = made.remove;
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['dev', '--cwd', made.root, ...args], { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err, root: made.root };
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
