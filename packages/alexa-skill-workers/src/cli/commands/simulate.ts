import { resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { readArgs } from '../args.ts';
import type { Command } from '../command.ts';
import { lineOf, usage } from '../errors.ts';
import { watchParent } from '../parent.ts';
import { DEVICE_HELP, DEVICE_OPTIONS, LINK_HELP, LINK_OPTIONS, openSession, personOf } from '../simulate/open.ts';
import { runWords, type Session } from '../simulate/session.ts';
import { saveTurn } from '../simulate/save.ts';
import { VOICE_LINK_CHOICES } from '../simulate/voice-link.ts';

const HELP = `Usage: alexa-skill-workers simulate [options] <command> [slot=value…]
       alexa-skill-workers simulate [options] "<words>"
       alexa-skill-workers simulate [options]        an interactive session: type the same commands, "quit" to leave

A local Alexa: signed requests (the local CA of \`dev\`) to the skill, the session kept between
commands in the state folder, account linking done as Alexa does it, and a local Alexa API
(apiEndpoint, apiAccessToken) that records every call the skill makes.

Commands:
  launch | yes | no | help | stop | cancel | fallback | end
  <Intent> [slot=value…]          e.g. OrderCar destination=work (underscores for spaces)
  "<words>"                       resolved against the skill's interaction model, e.g. "get me a ride to work"
  event <Name>                    a skill event, e.g. event SkillEnabled
  link [--implicit]               link an account (see: alexa-skill-workers link --help)
  unlink | disable                SkillDisabled (PERSISTED | NOT_PERSISTED); the token is forgotten
  voice-link ${VOICE_LINK_CHOICES.join('|')}   complete a pending voice-forward linking
  status                          what the simulator remembers (user, link, session)
  grant | deny <permission>       what the local Alexa API answers (403 when denied), for the account or --person,
                                  e.g. grant alexa::profile:given_name:read
  profile [key=value…]            the profile it answers (givenName, name, email, timeZone; a person's: their name)

Options:
${DEVICE_HELP}
  --voice-link <choice>   answer a voice-forward linking in the same command
${LINK_HELP}
  --json                  print { status, response, alexaApi, kept }: the skill's response envelope, its Alexa API calls, what the device kept
  --save <file>           append each turn (what you typed, what was heard) to a conversation file: replay <file> plays it again

Example:
  alexa-skill-workers simulate launch
  alexa-skill-workers simulate --locale de-DE OrderCar destination=work
  alexa-skill-workers simulate --person ben "get me a ride to work" --json
  alexa-skill-workers simulate --person ana grant alexa::profile:given_name:read
  alexa-skill-workers simulate --save test/conversations/mine.en-US.json`;

/** Runs typed lines until "quit" (or the end of stdin), saving the state after each; a failure is one line, and the session goes on. */
async function converse(session: Session, person: string | undefined, out: (line: string) => void, debug: boolean, save: string | undefined): Promise<void> {
  // The async iterator queues lines typed (or piped) while a request is in flight.
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: Boolean(process.stdin.isTTY) });
  out('Local Alexa. Commands: launch, <Intent> slot=value, "words", yes, no, help, stop, link, unlink, status, quit.');
  rl.setPrompt('you> ');
  rl.prompt();
  for await (const raw of rl) {
    const line = raw.trim();
    if (line === 'quit' || line === 'exit') break;
    if (line) {
      const words = line.split(/\s+/);
      out(await runWords(session, words, person).then((o) => {
        if (save !== undefined) saveTurn(save, session, words, person, o);
        return o.text;
      }).catch((error: unknown) => lineOf(error, debug)));
      await session.save();
    }
    rl.prompt();
  }
  rl.close();
}

/** `simulate`: a local Alexa for any skill URL. */
export const simulateCommand: Command = {
  name: 'simulate',
  summary: 'a local Alexa: signed requests to the skill, sessions kept, typed words resolved',
  help: HELP,
  async run(args, ctx) {
    const { values, positionals } = readArgs('simulate', args, { ...DEVICE_OPTIONS, ...LINK_OPTIONS, 'voice-link': { type: 'string' }, save: { type: 'string' } });
    const save = values.save === undefined ? undefined : resolve(ctx.cwd, values.save);
    const person = personOf(values.person);
    if (values['voice-link'] !== undefined && !(VOICE_LINK_CHOICES as readonly string[]).includes(values['voice-link'])) {
      throw usage(`--voice-link must be one of ${VOICE_LINK_CHOICES.join(', ')}`);
    }
    const session = await openSession(ctx, values);
    if (positionals.length === 0) {
      if (ctx.json) throw usage('--json needs a command: the interactive session prints text');
      await converse(session, person, ctx.out, ctx.debug, save);
      return 0;
    }
    if (positionals[0] === 'link') ctx.onStop(watchParent(() => process.exit(129)));
    const words = positionals.length === 1 && /\s/.test(positionals[0]!) ? positionals[0]!.trim().split(/\s+/) : positionals;
    const outcome = await runWords(session, words, person, values['voice-link']);
    if (save !== undefined) saveTurn(save, session, words, person, outcome, values['voice-link']);
    ctx.out(ctx.json ? JSON.stringify(outcome.json) : outcome.text);
    return 0;
  },
};
