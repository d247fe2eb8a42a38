/**
 * Renders the account-linking request Alexa needs (skill-package/accountLinking.json, the
 * `accountLinkingRequest` of https://developer.amazon.com/docs/alexa/smapi/account-linking-schemas.html)
 * with the client secret taken from the environment, so the secret is never written into the
 * repository. The Skill Package API does not carry account linking ("Your skill might also contain
 * account linking information, which is currently not supported by the Skill Package API",
 * https://developer.amazon.com/docs/smapi/skill-package-api-reference.html): it is pushed on its
 * own, with `ask smapi update-account-linking-info`.
 */
import { closeSync, constants, fchmodSync, openSync, writeSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { DeployToolError, isPlaceholder } from './errors.ts';

/** What fills the template: the secret always comes from the caller's environment. */
export interface AccountLinkingInputs {
  /** ALEXA_CLIENT_SECRET */
  readonly clientSecret: string | undefined;
  /** ALEXA_CLIENT_ID or --client-id; the template's value when absent. */
  readonly clientId?: string;
  /** The OAuth server's origin; its /authorize and /token replace the template's hosts. */
  readonly serviceUrl?: string;
}

type Request = Record<string, unknown>;

function replaceOrigin(url: unknown, origin: string, field: string): string {
  if (typeof url !== 'string') throw new DeployToolError('BAD_FILE', `accountLinking.json: ${field} is missing`);
  const parsed = new URL(url);
  return new URL(`${parsed.pathname}${parsed.search}`, origin).toString();
}

/**
 * The account-linking request to send, from the committed template. An IMPLICIT template (the
 * implicit grant, skill-package/.examples/accountLinking.implicit.json) has no token URI and no
 * secret: none is asked for, and none is added ("Account Linking Schemas": `accessTokenUrl` is
 * required only for AUTH_CODE).
 * @throws {DeployToolError} MISSING_CLIENT_SECRET (AUTH_CODE, no secret in the environment),
 *   PLACEHOLDER (a value is still a committed placeholder), BAD_FILE
 */
export function renderAccountLinking(templateText: string, inputs: AccountLinkingInputs): { accountLinkingRequest: Request } {
  let template: { accountLinkingRequest?: Request };
  try {
    template = JSON.parse(templateText) as { accountLinkingRequest?: Request };
  } catch (cause) {
    throw new DeployToolError('BAD_FILE', 'accountLinking.json is not JSON', { cause });
  }
  const request = template.accountLinkingRequest;
  if (!request || typeof request !== 'object') throw new DeployToolError('BAD_FILE', 'accountLinking.json has no "accountLinkingRequest" object');
  const implicit = request.type === 'IMPLICIT';
  if (!implicit && !inputs.clientSecret?.trim()) {
    throw new DeployToolError('MISSING_CLIENT_SECRET', 'Set ALEXA_CLIENT_SECRET in the environment (the OAuth client secret); it is never read from a file in the repository.');
  }
  const out: Request = implicit ? { ...request } : { ...request, clientSecret: inputs.clientSecret!.trim() };
  if (inputs.clientId?.trim()) out.clientId = inputs.clientId.trim();
  if (inputs.serviceUrl) {
    out.authorizationUrl = replaceOrigin(request.authorizationUrl, inputs.serviceUrl, 'authorizationUrl');
    if (!implicit) out.accessTokenUrl = replaceOrigin(request.accessTokenUrl, inputs.serviceUrl, 'accessTokenUrl');
    // App-to-app linking's redirect URLs point at the same service's app page.
    if (Array.isArray(request.redirectUrls)) {
      const origin = inputs.serviceUrl;
      out.redirectUrls = request.redirectUrls.map((url, i) => replaceOrigin(url, origin, `redirectUrls[${i}]`));
    }
  }
  const redirects: unknown[] = Array.isArray(out.redirectUrls) ? out.redirectUrls : [];
  const placeholder = redirects.find((url) => typeof url !== 'string' || isPlaceholder(url));
  if (placeholder !== undefined) {
    throw new DeployToolError('PLACEHOLDER', `accountLinking.json: redirectUrls still holds a placeholder (${JSON.stringify(placeholder)}); pass --service-url`);
  }
  for (const field of implicit ? (['clientId', 'authorizationUrl'] as const) : (['clientId', 'authorizationUrl', 'accessTokenUrl'] as const)) {
    const value = out[field];
    if (typeof value !== 'string' || isPlaceholder(value)) {
      const how = field === 'clientId' ? 'set ALEXA_CLIENT_ID or --client-id' : 'pass --service-url';
      throw new DeployToolError('PLACEHOLDER', `accountLinking.json: ${field} is still a placeholder (${String(value)}); ${how}`);
    }
  }
  return { accountLinkingRequest: out };
}

/**
 * Writes the rendered request to a new file at `path` with mode 0600, refusing any path inside
 * `repositoryRoot` (a rendered file holds the client secret) and any path where something already
 * is: the file is created exclusively and never through a symlink (`O_CREAT | O_EXCL | O_NOFOLLOW`,
 * open(2)), so a file or link planted there beforehand cannot receive or redirect the secret.
 * @throws {DeployToolError} OUTPUT_INSIDE_REPOSITORY, OUTPUT_EXISTS
 */
export function writeOutsideRepository(path: string, content: string, repositoryRoot: string): string {
  const target = resolve(path);
  const fromRoot = relative(resolve(repositoryRoot), target);
  if (fromRoot === '' || (!fromRoot.startsWith('..') && !isAbsolute(fromRoot))) {
    throw new DeployToolError('OUTPUT_INSIDE_REPOSITORY', `${target} is inside the repository; the rendered file holds the client secret. Write it elsewhere (the default is the system temp folder).`);
  }
  let fd: number;
  try {
    fd = openSync(target, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
  } catch (cause) {
    if ((cause as { code?: string }).code !== 'EEXIST' && (cause as { code?: string }).code !== 'ELOOP') throw cause;
    throw new DeployToolError('OUTPUT_EXISTS', `${target} already exists (a file or a link); the rendered file holds the client secret, so it is only written to a new file. Remove it or choose another path.`, { cause });
  }
  try {
    fchmodSync(fd, 0o600);
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
  return target;
}

/** The command that pushes a rendered request (ASK CLI v2, docs/concepts/Smapi-Command.md). */
export function updateAccountLinkingCommand(skillId: string, file: string): string {
  return `ask smapi update-account-linking-info -s ${skillId} -g development --account-linking-request file:${file}`;
}
