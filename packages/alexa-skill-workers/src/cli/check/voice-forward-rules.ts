/**
 * What voice-forward account linking adds to an account-linking request: `voiceForwardAccountLinking`
 * (`ENABLED` | `DISABLED`, ask-smapi-model's `VoiceForwardAccountLinkingStatus`), the console's
 * "Allow users to link their account to your skill using voice". Amazon: voice-forward linking is
 * for a service whose sign-in is Login with Amazon ("Voice-Forward Account Linking Flow for Alexa
 * Skills (LWA OAuth)", prerequisites,
 * https://developer.amazon.com/en-US/docs/alexa/account-linking/use-voice-forward-account-linking.html),
 * set up as an authorization code grant ("Tutorial: Implement Voice-Forward Account Linking in Your
 * Skill", step 2, https://developer.amazon.com/en-US/docs/alexa/account-linking/tutorial-implement-voice-forward-account-linking.html).
 * So a request that enables it must be AUTH_CODE with LWA's authorization and token URIs
 * (https://developer.amazon.com/docs/login-with-amazon/authorization-code-grant.html).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { accountLinkingFiles } from './account-linking-rules.ts';

/** Login with Amazon's authorization URIs (by region) and token URIs. */
const LWA_AUTHORIZATION_HOSTS = ['www.amazon.com', 'na.account.amazon.com', 'eu.account.amazon.com', 'apac.account.amazon.com'] as const;
const LWA_TOKEN_HOSTS = ['api.amazon.com', 'api.amazon.co.uk', 'api.amazon.co.jp'] as const;

interface VoiceForwardFinding {
  readonly rule: 'voice-forward-linking';
  readonly ok: boolean;
  readonly message: string;
  readonly file: string;
}

function isUrl(value: unknown, hosts: readonly string[], path: string): boolean {
  try {
    const url = new URL(String(value));
    return url.protocol === 'https:' && hosts.includes(url.hostname) && url.pathname === path;
  } catch {
    return false;
  }
}

/** Problems of one account-linking request that enables voice-forward linking; none when it is off or right. */
export function voiceForwardProblems(file: unknown): string[] {
  const request = (file as { accountLinkingRequest?: Record<string, unknown> } | null)?.accountLinkingRequest;
  if (request?.voiceForwardAccountLinking !== 'ENABLED') return [];
  const problems: string[] = [];
  if (request.type !== 'AUTH_CODE') problems.push(`voiceForwardAccountLinking is ENABLED but type is ${String(request.type)}: it needs the authorization code grant (AUTH_CODE)`);
  if (!isUrl(request.authorizationUrl, LWA_AUTHORIZATION_HOSTS, '/ap/oa')) {
    problems.push(`voiceForwardAccountLinking is ENABLED but authorizationUrl is not Login with Amazon's (https://www.amazon.com/ap/oa or a regional one)`);
  }
  if (!isUrl(request.accessTokenUrl, LWA_TOKEN_HOSTS, '/auth/o2/token')) {
    problems.push(`voiceForwardAccountLinking is ENABLED but accessTokenUrl is not Login with Amazon's (https://api.amazon.com/auth/o2/token or a regional one)`);
  }
  return problems;
}

/** `voice-forward-linking` findings for the account-linking files of the package at `root` that enable it. */
export function voiceForwardFindings(root: string): VoiceForwardFinding[] {
  return accountLinkingFiles(root).flatMap((file): VoiceForwardFinding[] => {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(join(root, file), 'utf8'));
    } catch {
      return []; // account-linking-grant reports a file that is not JSON
    }
    if ((json as { accountLinkingRequest?: Record<string, unknown> }).accountLinkingRequest?.voiceForwardAccountLinking !== 'ENABLED') return [];
    const problems = voiceForwardProblems(json);
    return problems.length === 0
      ? [{ rule: 'voice-forward-linking', ok: true, message: 'enables voice-forward linking with Login with Amazon and the code grant', file }]
      : problems.map((message) => ({ rule: 'voice-forward-linking', ok: false, message, file }));
  });
}
