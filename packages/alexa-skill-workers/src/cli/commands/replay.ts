import { readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { ConversationError, formatConversation, parseConversation } from '../../testing/conversation/format.ts';
import { playConversation } from '../../testing/conversation/play.ts';
import type { FakeAlexaUser } from '../../testing/alexa-api.ts';
import { startLocalAlexaApi } from '../alexa-api/server.ts';
import { readArgs } from '../args.ts';
import type { Command } from '../command.ts';
import { CliError, usage } from '../errors.ts';
import { watchParent } from '../parent.ts';
import { jsonReport, textReport } from '../replay/report.ts';
import { post } from '../simulate/device.ts';
import { DEVICE_OPTIONS, LINK_HELP, LINK_OPTIONS, openSession } from '../simulate/open.ts';
import { tokensFor } from '../simulate/person.ts';
import { runDisable, runLink } from '../simulate/session.ts';

const HELP = `Usage: alexa-skill-workers replay <file> [--url <skill>] [--json] [--record] [options]

Plays a conversation file (alexa-skill-workers/conversation@1: a locale, what the user says, what
the skill answered) against a running skill as simulate does: signed with the local CA of \`dev\`,
the skill ID and device of the simulator, the words resolved from the skill's interaction model for
the file's locale. Each answer is held to the file; any difference exits 1. A conversation starts
unlinked, and with a local Alexa API of its own granting exactly the file's "permissions" (none when
it names none), whatever simulator.json holds; a "link" step links as \`link\` does (prints LOGIN_URL: sign in there), an "unlink" step
sends SkillDisabled as \`unlink\` does. The same file plays in vitest (playConversation, docs/testing.md).

Options:
  --url <url>             the skill's endpoint (default: the dev skill, http://localhost:<skill.port>/)
  --skill-id <id>         the skill ID requests name (default: as simulate)
  --state <folder>        the state folder: the local CA and the simulator's device (default: the project's)
  --record                write what was heard back into the file (exit 0: the file now holds it)
  --json                  print { file, passed, recorded, steps, mismatches }
${LINK_HELP}

Example:
  alexa-skill-workers replay test/conversations/order.en-US.json
  alexa-skill-workers replay test/conversations/order.en-US.json --url http://localhost:8787/ --json`;

/** Reads and parses the conversation file. @throws {CliError} a file that cannot be read or is not JSON; ConversationError not a conversation. */
function readConversation(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new CliError(`${file}: no such conversation file (record one with \`simulate --save ${file}\`)`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new CliError(`${file}: not JSON: a conversation file is alexa-skill-workers/conversation@1 (docs/cli.md, replay)`);
  }
}

/** The interaction model the file's words are resolved with. @throws {CliError} when the skill package has none for `locale`. */
function modelFor(skillPackage: string, locale: string): unknown {
  const file = join(skillPackage, 'interactionModels', 'custom', `${locale}.json`);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch {
    throw new CliError(`${file}: no interaction model for ${locale} (the conversation's locale), so its words cannot be resolved`);
  }
}

/** A file that is not a conversation, or a step that cannot be played: the one line names the file and the JSON path. */
function oneLine(error: unknown): never {
  if (error instanceof ConversationError) throw new CliError(error.message);
  throw error;
}

/** `replay`: a conversation file played against a running skill, every answer checked. */
export const replayCommand: Command = {
  name: 'replay',
  summary: 'play a conversation file against a running skill; exit 1 when an answer differs (--record keeps them)',
  help: HELP,
  async run(args, ctx) {
    const { url, 'skill-id': skillId, state } = DEVICE_OPTIONS;
    const { values, positionals } = readArgs('replay', args, { url, 'skill-id': skillId, state, ...LINK_OPTIONS, record: { type: 'boolean' } });
    if (positionals.length !== 1) throw usage('replay takes one conversation file, e.g. replay test/conversations/order.en-US.json');
    const file = isAbsolute(positionals[0]!) ? positionals[0]! : resolve(ctx.cwd, positionals[0]!);
    const json = readConversation(file);
    const conversation = (() => {
      try {
        return parseConversation(json, positionals[0]);
      } catch (error) {
        return oneLine(error);
      }
    })();
    const session = await openSession(ctx, { ...values, locale: conversation.locale });
    const { device } = session;
    const model = modelFor(session.project.skillPackage, conversation.locale);
    // The conversation's own Alexa API: its permissions and values from the file, not simulator.json.
    const api = await startLocalAlexaApi().catch((error: unknown) => {
      const reason = error instanceof Error && 'code' in error ? String(error.code) : String(error);
      throw new CliError(`the local Alexa API cannot listen on 127.0.0.1 (${reason}): free a port`);
    });
    // A call the skill finished after its answer (a progressive response) ends before the API does:
    // bounded as simulate bounds it (the kit's client gives up on a call within 5 s).
    ctx.onStop(async () => {
      await api.settled(5000);
      await api.close();
    });
    let account: FakeAlexaUser | undefined;
    let signingIn = false;
    const result = await playConversation(
      json,
      {
        model,
        send: (envelope) => post(device, JSON.stringify(envelope)),
        skillId: device.skillId,
        userId: device.state.userId,
        deviceId: device.state.deviceId,
        alexaApi: {
          endpoint: api.endpoint,
          user: (user) => (account = user),
          token: (identity) => api.issue(account!, identity),
        },
        link: async () => {
          // Waiting for a sign-in can take minutes: not longer than whoever started this lives.
          if (!signingIn) ctx.onStop(watchParent(() => process.exit(129)));
          signingIn = true;
          await runLink(session, undefined);
          return tokensFor(device.state, undefined)!.accessToken;
        },
        unlink: async () => {
          await runDisable(session, 'unlink');
        },
      },
      positionals[0],
    ).catch(oneLine);
    const record = values.record === true;
    if (record) writeFileSync(file, formatConversation(result.recorded));
    ctx.out(ctx.json ? JSON.stringify(jsonReport(positionals[0]!, result, record)) : textReport(positionals[0]!, result, record));
    return record || result.mismatches.length === 0 ? 0 : 1;
  },
};
