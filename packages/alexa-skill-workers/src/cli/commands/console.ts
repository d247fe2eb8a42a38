import { constants } from 'node:os';
import { readArgs } from '../args.ts';
import type { Command } from '../command.ts';
import { CliError, usage } from '../errors.ts';
import { watchParent } from '../parent.ts';
import { ConsoleApi } from '../console/api.ts';
import { DEFAULT_CONSOLE_PORT, serveConsole } from '../console/server.ts';
import { DEVICE_HELP, DEVICE_OPTIONS, LINK_HELP, LINK_OPTIONS, openSession } from '../simulate/open.ts';

const HELP = `Usage: alexa-skill-workers console [--port <n>] [--url <skill>] [options]

A local Alexa in the browser, on this machine only (127.0.0.1): type an utterance or click a sample
of the skill's model and see how it was understood (the sample, the slots, their authority and
status), the signed request, and the answer (speech, reprompt, the card as the Alexa app draws it).
"Link account" on a LinkAccount card runs the real OAuth flow against the skill's provider. The
device, its session and its tokens are the simulator's (simulate, link): the same state folder.

Options:
  --port <n>              the port to listen on (default 8789; 0 picks a free one)
${DEVICE_HELP}
${LINK_HELP}
  --json                  print {"url": …} once listening

Example:
  alexa-skill-workers console
  alexa-skill-workers console --port 0 --url http://localhost:8787/`;

function portOf(value: string | undefined): number {
  if (value === undefined) return DEFAULT_CONSOLE_PORT;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw usage(`--port must be a port number (0 for a free one), not ${JSON.stringify(value)}`);
  return port;
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** `console`: the simulator with a page, served until a signal or the parent going away. */
export const consoleCommand: Command = {
  name: 'console',
  summary: 'a local Alexa in the browser: typed words, the NLU trace, signed requests, cards, account linking',
  help: HELP,
  async run(args, ctx) {
    const { values, positionals } = readArgs('console', args, { ...DEVICE_OPTIONS, ...LINK_OPTIONS, port: { type: 'string' } });
    if (positionals.length > 0) throw usage(`console takes no words (${positionals.join(' ')}): type them in the page. See: alexa-skill-workers console --help`);
    const port = portOf(values.port);
    // Registered first, so it runs last: a sign-in still awaited keeps its redirect URI listening
    // (for minutes); the console stops now all the same, as `link` does when its parent goes.
    const live: { api?: ConsoleApi; code: number } = { code: 0 };
    ctx.onStop(() => {
      if (live.api?.linking) process.exit(live.code);
    });
    // The page says what the login page's address is; nothing is printed for it here.
    const session = { ...(await openSession(ctx, values)), say: () => undefined };
    const api = new ConsoleApi(session, { clock: () => performance.now() });
    live.api = api;
    let running: Awaited<ReturnType<typeof serveConsole>>;
    try {
      running = await serveConsole(api, port);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new CliError(`port ${port} is in use: pass --port with another (0 picks a free one)`);
      throw error;
    }
    ctx.onStop(running.close);
    ctx.out(ctx.json ? JSON.stringify({ url: running.url }) : `Console: ${running.url}\nPress Ctrl+C to stop.`);
    live.code = await new Promise<number>((resolve) => {
      const handlers = SIGNALS.map((signal) => [signal, () => resolve(128 + constants.signals[signal])] as const);
      for (const [signal, handler] of handlers) process.on(signal, handler);
      const unwatch = watchParent(() => resolve(129));
      ctx.onStop(() => {
        for (const [signal, handler] of handlers) process.off(signal, handler);
        unwatch();
      });
    });
    return live.code;
  },
};
