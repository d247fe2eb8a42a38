/**
 * What each grant type asks of an account-linking request (`accountLinking.json`, and the examples
 * in `skill-package/.examples/`). Amazon's "Account Linking Schemas",
 * https://developer.amazon.com/docs/smapi/account-linking-schemas.html: `type` is AUTH_CODE or
 * IMPLICIT; `accessTokenUrl` is "required only when" the type is AUTH_CODE, and `clientSecret` (with
 * `accessTokenScheme`) is how Alexa authenticates at that URI. An implicit grant has no token URI
 * ("Configure an Implicit Grant", https://developer.amazon.com/en-US/docs/alexa/account-linking/configure-implicit-grant.html:
 * the token comes in the redirect URI's fragment), so an IMPLICIT request that still names one, or
 * a secret, is a configuration left over from the code grant: a secret stored for nothing.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** What an IMPLICIT request must leave out and an AUTH_CODE request must hold. */
const TOKEN_URI_FIELDS = ['accessTokenUrl', 'clientSecret', 'accessTokenScheme'] as const;

/** Where example account-linking requests live: a dot folder, which `ask deploy` does not zip (see README). */
const EXAMPLES_DIR = '.examples';

/** One line of the package checklist (the shape of rules.ts's PackageFinding). */
interface GrantFinding {
  readonly rule: 'account-linking-grant';
  readonly ok: boolean;
  readonly message: string;
  readonly file: string;
}

const present = (value: unknown) => value !== undefined && value !== null && value !== '';

/**
 * Problems of one account-linking request file for its grant type; empty when it is right.
 * Pure: the parsed JSON in, sentences out.
 */
export function accountLinkingGrantProblems(file: unknown): string[] {
  const request = (file as { accountLinkingRequest?: unknown } | null)?.accountLinkingRequest;
  if (typeof request !== 'object' || request === null) return ['no "accountLinkingRequest" object'];
  const fields = request as Record<string, unknown>;
  const problems: string[] = [];
  for (const field of ['authorizationUrl', 'clientId'] as const) {
    if (!present(fields[field])) problems.push(`${field} is missing; every grant type needs it`);
  }
  if (fields.type === 'AUTH_CODE') {
    for (const field of TOKEN_URI_FIELDS) {
      if (!present(fields[field])) problems.push(`${field} is missing; AUTH_CODE needs it (Alexa exchanges the code at the token URI)`);
    }
  } else if (fields.type === 'IMPLICIT') {
    for (const field of TOKEN_URI_FIELDS) {
      if (present(fields[field])) problems.push(`${field} is set, but IMPLICIT has no token URI: remove it`);
    }
  } else {
    problems.push(`type is ${fields.type === undefined ? 'missing' : JSON.stringify(fields.type)}; it must be AUTH_CODE or IMPLICIT`);
  }
  return problems;
}

/** The account-linking request files of the package at `root`: `accountLinking.json` and the examples. */
export function accountLinkingFiles(root: string): string[] {
  const examples = existsSync(join(root, EXAMPLES_DIR))
    ? readdirSync(join(root, EXAMPLES_DIR)).filter((f) => /^accountLinking\..+\.json$/.test(f)).map((f) => `${EXAMPLES_DIR}/${f}`)
    : [];
  return ['accountLinking.json', ...examples.sort()];
}

/** `account-linking-grant` findings for every account-linking request file of the package at `root`. */
export function accountLinkingFindings(root: string): GrantFinding[] {
  return accountLinkingFiles(root).flatMap((file): GrantFinding[] => {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(join(root, file), 'utf8'));
    } catch (error) {
      return [{ rule: 'account-linking-grant', ok: false, message: `not JSON: ${error instanceof Error ? error.message : String(error)}`, file }];
    }
    const problems = accountLinkingGrantProblems(json);
    const type = (json as { accountLinkingRequest?: { type?: unknown } }).accountLinkingRequest?.type;
    return problems.length === 0
      ? [{ rule: 'account-linking-grant', ok: true, message: `holds what ${String(type)} needs, and nothing it does not`, file }]
      : problems.map((message) => ({ rule: 'account-linking-grant', ok: false, message, file }));
  });
}
