import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { portFlag, readArgs } from '../args.ts';
import type { Command } from '../command.ts';
import { CliError, usage } from '../errors.ts';
import { killGroupNow, stopGroup } from '../dev/group.ts';
import { firstPortInUse, portInUseMessage } from '../dev/ports.ts';
import { finish, watchForStop } from '../dev/stop.ts';
import { answers, findWrangler, startWrangler } from '../dev/wrangler.ts';
import { prepareLocalProvider } from '../provider/prepare.ts';
import { loadProject } from '../project.ts';
import { statePaths } from '../state.ts';

const HELP = `Usage: alexa-skill-workers provider [options]

Runs the kit's local OAuth 2.0 provider alone (dev starts it too when package.json says
"provider": { "local": { … } }), under the project's \`wrangler dev\`: a login and consent page,
the authorization code grant with PKCE (S256) and state, the implicit grant, refresh, /userinfo,
JWT access tokens with their key set at /.well-known/jwks.json, and Login with Amazon's
/auth/o2/tokeninfo and /user/profile. Development only. Its users come from a JSON file
({ "users": [{ "username", "password", "name", "email" }] }); without one, a default file with
one user is made in the state folder and its username and password printed. Its client (for link)
is answered at /dev/client, to this machine only. Ctrl+C stops it.

Options:
  --port <n>              where it listens (default provider.local.port, 8788)
  --inspector-port <n>    its DevTools inspector (default 1000 above its port)
  --users <file>          the users file (default provider.local.users, else <state>/provider/users.json)
  --audience <aud>        its tokens' aud (default provider.local.audience, else package.json's name)
  --state <dir>           the state folder (default the project's, .alexa-skill-workers/)
  --stop-with-stdin       stop when stdin ends (for a harness that gives it a stdin pipe)
  --json                  once ready, one line of JSON { ready, provider, users } on stdout (logs on stderr)

Example:
  alexa-skill-workers provider --port 9788 --users dev/users.json`;

/** `provider`: the kit's local OAuth provider under `wrangler dev`, until something stops it. */
export const providerCommand: Command = {
  name: 'provider',
  summary: "run the kit's local OAuth 2.0 provider (login page, code and implicit grants, JWKS, userinfo)",
  help: HELP,
  async run(args, ctx) {
    const { values, positionals } = readArgs('provider', args, {
      port: { type: 'string' },
      'inspector-port': { type: 'string' },
      users: { type: 'string' },
      audience: { type: 'string' },
      state: { type: 'string' },
      'stop-with-stdin': { type: 'boolean' },
    });
    if (positionals.length > 0) throw usage(`provider takes no arguments (got "${positionals[0]}"). See: alexa-skill-workers provider --help`);
    const portArg = portFlag('port', values.port);
    const inspectorArg = portFlag('inspector-port', values['inspector-port']);
    // Outside a skill's folder it runs with the defaults.
    const project = existsSync(join(ctx.cwd, 'package.json')) ? loadProject(ctx.cwd) : undefined;
    const local = project?.provider?.kind === 'local' ? project.provider : undefined;
    const port = portArg ?? local?.port ?? 8788;
    const inspectorPort = inspectorArg ?? (portArg === undefined && local ? local.inspectorPort : port + 1000);
    const state = values.state === undefined ? project?.state ?? join(ctx.cwd, '.alexa-skill-workers') : resolve(ctx.cwd, values.state);
    const busy = await firstPortInUse([
      { port, what: 'the provider', move: 'pass --port (or set alexa-skill-workers.provider.local.port in package.json)' },
      { port: inspectorPort, what: "the provider's inspector", move: 'pass --inspector-port' },
    ]);
    if (busy) throw new CliError(portInUseMessage(busy));
    const url = `http://localhost:${port}`;
    const prepared = prepareLocalProvider({
      url, state,
      users: values.users === undefined ? local?.users : resolve(ctx.cwd, values.users),
      audience: values.audience ?? local?.audience ?? 'alexa-skill',
    });
    const wrangler = findWrangler(project?.root ?? ctx.cwd);

    const log = ctx.json ? ctx.err : ctx.out;
    const stop = watchForStop(ctx, values['stop-with-stdin'] === true, 'provider');
    const started = startWrangler(wrangler, 'provider', [
      '-c', prepared.config, '--persist-to', statePaths(state).wrangler('provider'), '--port', String(port), '--inspector-port', String(inspectorPort),
    ], log);
    const lastResort = () => killGroupNow(started.pgid);
    process.on('exit', lastResort);
    ctx.onStop(() => void process.off('exit', lastResort));
    ctx.onStop(() => stopGroup(started.pgid));
    void started.exited.then((why) => stop.now(1, why));
    const outcome = await Promise.race([started.ready.then(() => answers(`${url}/`)).then(() => undefined), stop.reason]);
    if (outcome !== undefined) return finish(ctx, outcome);
    for (const line of prepared.lines) log(line);
    if (ctx.json) ctx.out(JSON.stringify({ ready: true, provider: url, users: prepared.users.file, state }));
    else ctx.out(['', 'Ready.', `  Provider:  ${url}  (client for link: ${url}/dev/client)`, 'Press Ctrl+C to stop.'].join('\n'));
    return finish(ctx, await stop.reason);
  },
};
