import { copyFileSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { portFlag, readArgs } from '../args.ts';
import type { Command } from '../command.ts';
import { CliError, usage } from '../errors.ts';
import { prepareLocalProvider } from '../provider/prepare.ts';
import { finish, watchForStop } from '../dev/stop.ts';
import { loadProject } from '../project.ts';
import { loadOrCreateDevCa } from '../ca.ts';
import { loadExtension, type DevExtensionStarted } from '../dev/extension.ts';
import { killGroupNow, stopGroup } from '../dev/group.ts';
import { consoleStart, devPlan, fillVars, placeholdersOf, type DevFlags, type WorkerPlan } from '../dev/plan.ts';
import { firstPortInUse, portInUseMessage } from '../dev/ports.ts';
import { answers, findWrangler, startWrangler } from '../dev/wrangler.ts';

const HELP = `Usage: alexa-skill-workers dev [options]

Runs the skill's Worker and, per the project's configuration, its OAuth provider (the kit's local
one, provider.local, or a Worker of the project, provider.worker), each
under the project's own \`wrangler dev\` in a process group and state folder of its own, with the
local CA the Worker trusts (the CA that simulate signs with). Prints "Ready." and the URLs once
both answer, with the command that starts the console (a local Alexa in the browser) against
them and the console's address; Ctrl+C (or any signal, a Worker dying, the parent going away) stops everything.

Options:
  --port <n>                     the skill (default skill.port, 8787)
  --inspector-port <n>           the skill's DevTools inspector (default 1000 above its port)
  --provider-port <n>            the provider (default provider.local.port or provider.worker.port, 8788)
  --provider-inspector-port <n>  the provider's inspector (default 1000 above its port)
  --redirect-port <n>            the redirect URI of simulate and link (default dev.redirectPort, 8790)
  --state <dir>                  the state folder (default the project's, .alexa-skill-workers/)
  --stop-with-stdin              stop when stdin ends (for a harness that gives dev a stdin pipe)
  --json                         once ready, one line of JSON with the URLs on stdout (logs on stderr)

Example:
  alexa-skill-workers dev --port 9787 --provider-port 9788`;

/** `dev`: the skill and its provider under `wrangler dev`, until something stops them. */
export const devCommand: Command = {
  name: 'dev',
  summary: "run the skill's Worker and its provider locally, trusting the local CA",
  help: HELP,
  async run(args, ctx) {
    const { values, positionals } = readArgs('dev', args, {
      port: { type: 'string' },
      'inspector-port': { type: 'string' },
      'provider-port': { type: 'string' },
      'provider-inspector-port': { type: 'string' },
      'redirect-port': { type: 'string' },
      state: { type: 'string' },
      'stop-with-stdin': { type: 'boolean' },
    });
    if (positionals.length > 0) throw usage(`dev takes no arguments (got "${positionals[0]}"). See: alexa-skill-workers dev --help`);
    const flags: DevFlags = {
      port: portFlag('port', values.port),
      inspectorPort: portFlag('inspector-port', values['inspector-port']),
      providerPort: portFlag('provider-port', values['provider-port']),
      providerInspectorPort: portFlag('provider-inspector-port', values['provider-inspector-port']),
      redirectPort: portFlag('redirect-port', values['redirect-port']),
      state: values.state === undefined ? undefined : resolve(ctx.cwd, values.state),
    };
    const project = loadProject(ctx.cwd);
    const plan = devPlan(project, flags);
    const local = project.provider?.kind === 'local' ? project.provider : undefined;
    for (const worker of [plan.skill, local ? undefined : plan.provider]) {
      if (worker && !existsSync(worker.config)) throw new CliError(`${worker.config}: not found (alexa-skill-workers.${worker.name === 'skill' ? 'skill' : 'provider.worker'}.config in package.json)`);
    }
    const wrangler = findWrangler(project.root);
    const extension = project.dev.extension === undefined ? undefined : await loadExtension(project.dev.extension);
    const busy = await firstPortInUse([...plan.ports, ...(extension?.ports ?? [])]);
    if (busy) throw new CliError(portInUseMessage(busy));
    // A bad users file is one line before anything starts.
    const localProvider = local && plan.provider
      ? prepareLocalProvider({ url: plan.provider.url, state: plan.state, users: local.users, audience: local.audience })
      : undefined;

    // With --json, stdout is the one JSON line: everything else goes to stderr.
    const log = ctx.json ? ctx.err : ctx.out;
    const stop = watchForStop(ctx, values['stop-with-stdin'] === true);
    const example = join(dirname(plan.skill.config), '.dev.vars.example');
    const devVars = join(dirname(plan.skill.config), '.dev.vars');
    if (!existsSync(devVars) && existsSync(example)) {
      copyFileSync(example, devVars);
      log(`Created ${relative(ctx.cwd, devVars) || '.dev.vars'} from .dev.vars.example.`);
    }
    const ca = await loadOrCreateDevCa(plan.caFile);
    let extra: DevExtensionStarted = {};
    if (extension) {
      extra = await extension.start({
        root: project.root, state: plan.state, skillUrl: plan.skill.url, providerUrl: plan.provider?.url, redirectUrl: plan.redirectUrl, ca, log,
      });
      if (extra.stop) ctx.onStop(extra.stop);
    }
    const values_ = placeholdersOf(plan, ca);
    const groups = new Set<number>();
    // Nothing asynchronous runs on 'exit': the last resort, should the group stops below not have run
    // (stops run in reverse order: this one is removed after them).
    const lastResort = () => groups.forEach(killGroupNow);
    process.on('exit', lastResort);
    ctx.onStop(() => void process.off('exit', lastResort));
    ctx.onStop(() => Promise.all([...groups].map(async (pgid) => {
      await stopGroup(pgid);
      groups.delete(pgid);
    })).then(() => undefined));

    // Every Worker's vars filled before any starts: a bad placeholder starts nothing.
    const runs = [
      ...(plan.provider ? [{ worker: plan.provider, vars: fillVars({ ...plan.provider.vars, ...extra.providerVars }, values_, 'alexa-skill-workers.provider.worker.vars') }] : []),
      { worker: plan.skill, vars: fillVars({ ...plan.skill.vars, ...extra.skillVars }, values_, 'alexa-skill-workers.skill.vars') },
    ];
    const start = (worker: WorkerPlan, vars: Readonly<Record<string, string>>) => {
      const started = startWrangler(wrangler, worker.name, [
        '-c', worker.config,
        '--persist-to', worker.persistTo,
        '--port', String(worker.port),
        '--inspector-port', String(worker.inspectorPort),
        ...Object.entries(vars).flatMap(([name, value]) => ['--var', `${name}:${value}`]),
      ], log);
      groups.add(started.pgid);
      void started.exited.then((why) => stop.now(1, `${why}; stopping the rest too.`));
      return started.ready.then(() => answers(`${worker.url}/`));
    };
    const ready = Promise.all(runs.map((run) => start(run.worker, run.vars)));
    const outcome = await Promise.race([ready.then(() => undefined), stop.reason]);
    if (outcome !== undefined) return finish(ctx, outcome);

    const urls = { skill: `${plan.skill.url}/`, ...(plan.provider ? { provider: plan.provider.url } : {}), redirect: plan.redirectUrl, ...extra.urls };
    // The console is a command of its own, not started here: dev's ports and processes stay the
    // Workers' (docs/cli.md, dev).
    const consoleAt = consoleStart(plan, flags, ctx.cwd);
    if (ctx.json) {
      for (const line of localProvider?.lines ?? []) log(line);
      ctx.out(JSON.stringify({ ready: true, ...urls, ca: plan.caFile, state: plan.state, ...(localProvider ? { providerUsers: localProvider.users.file } : {}), console: consoleAt }));
    } else {
      ctx.out([
        '',
        'Ready.',
        `  Skill:     ${urls.skill}  (trusts the local CA in ${relative(ctx.cwd, plan.caFile)})`,
        ...(plan.provider ? [`  Provider:  ${plan.provider.url}${local ? ' (the kit\'s local provider)' : ''}`] : []),
        ...(localProvider?.lines ?? []).map((line) => `  ${line}`),
        ...(extra.lines ?? []).map((line) => `  ${line}`),
        `  Console:   ${consoleAt.url} once started: ${consoleAt.command}`,
        'Press Ctrl+C to stop.',
      ].join('\n'));
    }
    return finish(ctx, await stop.reason);
  },
};
