/**
 * What `npm run simulate` does once its command line is read (tools/simulate.ts): a simulated
 * device signing requests with the local development CA, one command or an interactive session,
 * the state kept in `.dev/`. Everything here reads `.dev.vars`, the dev CA and the environment's
 * ports, which `--help` needs none of. Every failure is one line: a skill or demo service that is
 * not running names its URL and `npm run dev` (reach.ts).
 */
import { createInterface } from 'node:readline/promises';
import { skillEventRequest } from 'alexa-skill-workers/testing';
import { loadOrCreateDevCa, onStdinEnd, portInUseMessage } from 'alexa-skill-workers/cli';
import { DEV, devPorts, redirectUri, serviceUrl, skillUrl, STOP_WITH_PARENT } from '../dev-config.ts';
import { describe, send, type Device } from './device.ts';
import { skillIdFromDevVars } from './dev-vars.ts';
import { renewal } from './implicit.ts';
import { fetchDevClient, link, linkImplicit, refresh } from './link.ts';
import { setTokensFor, speakerFor, takePerson, tokensFor } from './person.ts';
import type { SimulatorOptions } from './options.ts';
import type { LinkedTokens } from './state.ts';
import { loadState, saveState } from './state.ts';
import { completeVoiceLink, isVoiceLinkChoice, noteVoiceLink, VOICE_LINK_CHOICES } from './voice-link.ts';

const SHORT_INTENTS: Record<string, string> = {
  yes: 'AMAZON.YesIntent',
  no: 'AMAZON.NoIntent',
  help: 'AMAZON.HelpIntent',
  stop: 'AMAZON.StopIntent',
  cancel: 'AMAZON.CancelIntent',
  fallback: 'AMAZON.FallbackIntent',
};

/** Links as `link` does: the code grant against the demo service, the login page printed. */
async function linkWithCode(): Promise<LinkedTokens> {
  const client = await fetchDevClient(serviceUrl());
  return link({
    serviceUrl: serviceUrl(),
    redirectUri: redirectUri(),
    client,
    onUrl: (url) => console.log(`Open this page to sign in (demo user ana / ana-rides):\nLOGIN_URL ${url}`),
  });
}

/** Voice-forward linking: Alexa and Amazon's linking skill answer the connection the skill started. */
async function voiceLink(device: Device, choice: string | undefined): Promise<string> {
  if (!isVoiceLinkChoice(choice)) {
    return `Amazon asks to link your Ride Hailer account by voice. Answer with: voice-link ${VOICE_LINK_CHOICES.join('|')}`;
  }
  return describe(await completeVoiceLink(device, choice, { linkAccount: linkWithCode }));
}

async function run(device: Device, input: string[]): Promise<string> {
  const voiceFlag = input.indexOf('--voice-link');
  const voiceChoice = voiceFlag >= 0 ? input[voiceFlag + 1] ?? '' : undefined;
  const { words, person } = takePerson(voiceFlag >= 0 ? input.filter((_, i) => i !== voiceFlag && i !== voiceFlag + 1) : input);
  const [command = '', ...rest] = words;
  const { state } = device;
  const linked = tokensFor(state, person);
  const renew = linked && command !== 'link' ? renewal(linked, Date.now()) : 'use';
  if (renew === 'refresh' && linked) {
    setTokensFor(state, person, await refresh({ serviceUrl: serviceUrl(), client: await fetchDevClient(serviceUrl()) }, linked));
  } else if (renew === 'expired-no-refresh') {
    // Like Alexa: an implicit grant's token has no refresh token, so it is sent as it is and the skill asks to link again.
    console.log('The access token has expired and cannot be refreshed (implicit grant, no refresh token): link again with `link --implicit`.');
  }
  const speaker = speakerFor(state, person);
  switch (command) {
    case 'launch':
      return describe(await send(device, { type: 'LaunchRequest' }, speaker));
    case 'end':
      return describe(await send(device, { type: 'SessionEndedRequest', reason: 'USER_INITIATED' }, speaker));
    case 'event':
      return describe(await send(device, skillEventRequest(`AlexaSkillEvent.${rest[0] ?? 'SkillEnabled'}`, new Date(), {}), speaker));
    case 'link': {
      const client = await fetchDevClient(serviceUrl());
      const tokens = await (rest.includes('--implicit') ? linkImplicit : link)({
        serviceUrl: serviceUrl(),
        redirectUri: redirectUri(),
        client,
        onUrl: (url) => console.log(`Open this page to sign in (${person ? `${person}'s own demo user, e.g. ben / ben-rides` : 'demo user ana / ana-rides'}):\nLOGIN_URL ${url}`),
      }).catch((error: unknown) => {
        if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
        throw new Error(portInUseMessage(devPorts().find((p) => p.move === 'set SIMULATOR_REDIRECT_PORT')!));
      });
      setTokensFor(state, person, tokens);
      const body = { accessToken: tokens.accessToken };
      const event = await send(device, skillEventRequest('AlexaSkillEvent.SkillAccountLinked', new Date(), body), speakerFor(state, person));
      return `Linked${person ? ` for ${person}` : ''}. SkillAccountLinked sent (HTTP ${event.status}); later requests${person ? ` with --person ${person}` : ''} carry the token.`;
    }
    case 'unlink':
    case 'disable': {
      const persistence = command === 'unlink' ? 'PERSISTED' : 'NOT_PERSISTED';
      const answer = await send(device, skillEventRequest('AlexaSkillEvent.SkillDisabled', new Date(), { userInformationPersistenceStatus: persistence }));
      state.tokens = undefined;
      state.persons = undefined;
      state.session = undefined;
      return `SkillDisabled sent (${persistence}, HTTP ${answer.status}); the token is forgotten.`;
    }
    case 'voice-link':
      return voiceLink(device, rest[0]);
    case 'status':
      return [
        `Skill:   ${device.skillUrl} (${device.skillId})`,
        `Locale:  ${device.locale}`,
        `User:    ${state.userId}`,
        `Linked:  ${state.tokens ? `yes (${state.tokens.grant ?? 'code'} grant), token valid until ${new Date(state.tokens.expiresAt).toISOString()}` : 'no'}`,
        `Persons: ${Object.entries(state.persons ?? {}).map(([name, p]) => `${name} (${p.tokens ? 'own link' : 'shared account'})`).join(', ') || 'none'}`,
        `Session: ${state.session ? 'open' : 'none'}`,
      ].join('\n');
    default: {
      const name = SHORT_INTENTS[command.toLowerCase()] ?? command;
      if (!name) return 'Say a command, e.g. launch, OrderCar destination=work, yes, link. "quit" leaves.';
      const slots = Object.fromEntries(
        rest.map((pair) => {
          const [slot = '', ...value] = pair.split('=');
          return [slot, { name: slot, value: value.join('=').replace(/_/g, ' '), confirmationStatus: 'NONE' }];
        }),
      );
      const intent = { name, confirmationStatus: 'NONE', slots };
      const answer = await send(device, { type: 'IntentRequest', dialogState: 'COMPLETED', intent }, speaker);
      if (!noteVoiceLink(device, answer)) return describe(answer);
      return `${describe(answer)}\n${await voiceLink(device, voiceChoice)}`;
    }
  }
}

/** Runs the simulator with `options` (never `--help`); resolves to the exit code, every failure printed as one line. */
export async function simulate(options: SimulatorOptions): Promise<number> {
  let device: Device | undefined;
  try {
    device = {
      skillUrl: skillUrl(),
      skillId: skillIdFromDevVars(),
      certUrl: DEV.certUrl,
      locale: options.locale,
      ca: await loadOrCreateDevCa(DEV.caFile),
      state: await loadState(DEV.stateFile),
    };
    await converse(device, [...options.words]);
    return 0;
  } catch (error) {
    console.error(`Error: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    if (device) await saveState(DEV.stateFile, device.state);
  }
}

async function converse(device: Device, args: string[]): Promise<void> {
  if (args.length > 0) {
    // `link` listens on the redirect port for minutes: under the e2e harness, not longer than the harness lives.
    // (Interactive mode reads stdin itself and ends with it.)
    if (process.env[STOP_WITH_PARENT] === '1') onStdinEnd(() => process.exit(129));
    console.log(await run(device, args));
  } else {
    // The async iterator queues lines typed (or piped) while a request is in flight.
    const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: Boolean(process.stdin.isTTY) });
    console.log('Local Alexa. Commands: launch, OrderCar destination=work, yes, no, help, stop, link, unlink, status, quit.');
    rl.setPrompt('you> ');
    rl.prompt();
    for await (const raw of rl) {
      const line = raw.trim();
      if (line === 'quit' || line === 'exit') break;
      if (line) {
        console.log(await run(device, line.split(/\s+/)).catch((error: unknown) => `Error: ${error instanceof Error ? error.message : String(error)}`));
        await saveState(DEV.stateFile, device.state);
      }
      rl.prompt();
    }
    rl.close();
  }
}
