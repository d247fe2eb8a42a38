import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.ts';
import { loadUsers } from '../../../src/cli/provider/users.ts';
import { tempProject } from '../dev/project.ts';
import { freePorts } from './support.ts';

// The local provider's users file: one line naming the file and the JSON path of what is wrong, before anything starts.

const made: (() => void)[] = [];
afterEach(() => {
  for (const done of made.splice(0)) done();
});

async function provider(files: Record<string, unknown>, args: string[]) {
  const project = tempProject({ 'package.json': { name: 'skill' }, ...files });
  made.push(project.remove);
  const [port, inspector] = await freePorts(2);
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['provider', '--cwd', project.root, '--port', String(port), '--inspector-port', String(inspector), ...args], { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err, root: project.root };
}

describe('the users file', () => {
  it.each([
    ['not JSON', '{', /users\.json: not JSON$/],
    ['a list', [], /users\.json: \(the top level\) must be an object with "users"$/],
    ['no users', { users: [] }, /users\.json: users must be a non-empty list$/],
    ['a user that is a string', { users: ['ada'] }, /users\.json: users\[0\] must be an object$/],
    ['no password', { users: [{ username: 'ada' }] }, /users\.json: users\[0\]\.password must be a non-empty string$/],
    ['a name that is a number', { users: [{ username: 'ada', password: 'p', name: 7 }] }, /users\.json: users\[0\]\.name must be a non-empty string$/],
    ['a repeated username', { users: [{ username: 'ada', password: 'p' }, { username: 'ada', password: 'q' }] }, /users\.json: users\[1\]\.username repeats "ada"$/],
  ])('that is %s is one line naming the file and JSON path, exit 1, nothing started', async (_, content, line) => {
    const { code, out, err } = await provider({ 'users.json': content }, ['--users', 'users.json']);
    expect(code).toBe(1);
    expect(err).toEqual([expect.stringMatching(line)]);
    expect(out).toEqual([]);
  });

  it('that is missing names the file and where it is set', async () => {
    const { code, err } = await provider({ 'package.json': { name: 'skill', 'alexa-skill-workers': { provider: { local: { users: 'dev/users.json' } } } } }, []);
    expect(code).toBe(1);
    expect(err).toEqual([expect.stringMatching(/dev\/users\.json: not found \(provider\.local\.users in package\.json, or --users\)$/)]);
  });

  it('absent, is made once in the state folder with one user and a random password (mode 0600), and kept', () => {
    const project = tempProject({});
    made.push(project.remove);
    const file = join(project.root, 'state', 'provider', 'users.json');
    const first = loadUsers(undefined, file);
    expect(first.isDefault).toBe(true);
    expect(first.users.map(({ password, ...rest }) => ({ ...rest, password: /^[\w-]{12}$/.test(password) }))).toEqual([{ username: 'alex', password: true, profile: { id: 'user-alex', name: 'Alex' } }]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadUsers(undefined, file).users).toEqual(first.users);
    expect(existsSync(file) && JSON.parse(readFileSync(file, 'utf8'))).toEqual({ users: [{ username: 'alex', password: first.users[0]!.password, name: 'Alex' }] });
  });
});

describe('alexa-skill-workers provider', () => {
  it.each([
    [['--port', 'x'], /^Error: --port must be a port number \(1-65535\), not "x"$/],
    [['--bogus'], /^Error: Unknown option '--bogus'.*See: alexa-skill-workers provider --help$/],
    [['extra'], /^Error: provider takes no arguments \(got "extra"\)/],
  ])('refuses %j in one line, exit 2', async (args, line) => {
    const { code, err } = await provider({}, args);
    expect(code).toBe(2);
    expect(err).toEqual([expect.stringMatching(line)]);
  });

  it('has --help that needs no project', async () => {
    const out: string[] = [];
    expect(await main(['provider', '--help'], { out: (l) => out.push(l), err: () => undefined })).toBe(0);
    expect(out.join('\n')).toMatch(/^Usage: alexa-skill-workers provider \[options\][\s\S]*Example:\n {2}alexa-skill-workers provider --port 9788/);
  });
});
