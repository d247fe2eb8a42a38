import { readArgs } from '../args.ts';
import type { Command, CommandContext } from '../command.ts';
import { usage } from '../errors.ts';
import { watchParent } from '../parent.ts';
import { DEVICE_HELP, DEVICE_OPTIONS, LINK_HELP, LINK_OPTIONS, openSession, personOf } from '../simulate/open.ts';
import { runDisable, runLink, type Outcome } from '../simulate/session.ts';

const LINK = `Usage: alexa-skill-workers link [--implicit] [--person <name>] [options]

Links an account as Alexa does, against any OAuth 2.0 provider: the authorization code grant with
PKCE (S256), a fresh state and the client's credentials as accountLinking.json's accessTokenScheme
says (HTTP Basic by default), or the implicit grant (--implicit). Prints the login page's address
(LOGIN_URL …), listens on the loopback redirect URI until you have signed in, then sends the skill
SkillAccountLinked; later simulate requests carry the token, refreshed when it expires.
The provider: the flags; else the project's development provider (its client from its dev endpoint);
else the skill package's accountLinking.json, the client secret from $ALEXA_CLIENT_SECRET.

Options:
${LINK_HELP}
${DEVICE_HELP}
  --json                  print { linked, grant, expiresAt, event, kept } (never a token)

Example:
  alexa-skill-workers link
  ALEXA_CLIENT_SECRET=… alexa-skill-workers link --authorize-url https://id.example.com/authorize \\
    --token-url https://id.example.com/token --client-id alexa-skill`;

const disableHelp = (command: 'unlink' | 'disable') => `Usage: alexa-skill-workers ${command} [options]

Sends the skill SkillDisabled with userInformationPersistenceStatus ${command === 'unlink' ? 'PERSISTED (the user unlinked; what the skill stored may stay)' : 'NOT_PERSISTED (the user disabled the skill)'},
then forgets the device's tokens and session.

Options:
${DEVICE_HELP}
  --json                  print { event, kept }

Example:
  alexa-skill-workers ${command}`;

const print = (ctx: CommandContext, outcome: Outcome) => ctx.out(ctx.json ? JSON.stringify(outcome.json) : outcome.text);

/** `link`: an account linked with any provider, then SkillAccountLinked. */
export const linkCommand: Command = {
  name: 'link',
  summary: 'link an account with the OAuth provider (code grant with PKCE, or --implicit), then SkillAccountLinked',
  help: LINK,
  async run(args, ctx) {
    const { values, positionals } = readArgs('link', args, { ...DEVICE_OPTIONS, ...LINK_OPTIONS });
    if (positionals.length > 0) throw usage(`link takes no words (${positionals.join(' ')}). See: alexa-skill-workers link --help`);
    const session = await openSession(ctx, values);
    // Waiting for a sign-in can take minutes: not longer than whoever started this lives.
    ctx.onStop(watchParent(() => process.exit(129)));
    print(ctx, await runLink(session, personOf(values.person)));
    return 0;
  },
};

const disableCommand = (command: 'unlink' | 'disable'): Command => ({
  name: command,
  summary: command === 'unlink' ? 'SkillDisabled (PERSISTED): the account unlinked; the token is forgotten' : 'SkillDisabled (NOT_PERSISTED): the skill disabled; the token is forgotten',
  help: disableHelp(command),
  async run(args, ctx) {
    const { values, positionals } = readArgs(command, args, DEVICE_OPTIONS);
    if (positionals.length > 0) throw usage(`${command} takes no words (${positionals.join(' ')}). See: alexa-skill-workers ${command} --help`);
    print(ctx, await runDisable(await openSession(ctx, values), command));
    return 0;
  },
});

export const unlinkCommand = disableCommand('unlink');
export const disableSkillCommand = disableCommand('disable');
