/** Why a deploy tool refused to go on. Tests assert on `code`; the message says what to do. */
export type DeployToolErrorCode =
  | 'BAD_URL'
  | 'MISSING_CLIENT_SECRET'
  | 'PLACEHOLDER'
  | 'OUTPUT_INSIDE_REPOSITORY'
  | 'BAD_FILE';

export class DeployToolError extends Error {
  override readonly name = 'DeployToolError';
  readonly code: DeployToolErrorCode;
  constructor(code: DeployToolErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}

/** Values the committed files use until deploy fills them in (skill.json, accountLinking.json, wrangler.toml). */
const PLACEHOLDER = /YOUR[-_]|<your|CLIENT-ID-FROM|SET-AT-DEPLOY|NEVER-COMMIT/i;

export function isPlaceholder(value: string): boolean {
  return PLACEHOLDER.test(value);
}

/**
 * The origin of an `https:` URL given on the command line (no path, no trailing slash). Alexa
 * reaches skills and account-linking endpoints only over HTTPS on port 443
 * (https://developer.amazon.com/docs/alexa/account-linking/requirements-account-linking.html).
 * @throws {DeployToolError} BAD_URL, PLACEHOLDER
 */
export function httpsOrigin(value: string, option: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch (cause) {
    throw new DeployToolError('BAD_URL', `${option}: "${value}" is not a URL`, { cause });
  }
  if (url.protocol !== 'https:') throw new DeployToolError('BAD_URL', `${option}: Alexa only calls https:// URLs, got ${url.protocol}`);
  if (url.port && url.port !== '443') throw new DeployToolError('BAD_URL', `${option}: Alexa only calls port 443, got ${url.port}`);
  if (url.pathname !== '/' || url.search || url.hash) throw new DeployToolError('BAD_URL', `${option}: give the origin only (https://host), got ${value}`);
  if (isPlaceholder(url.host)) throw new DeployToolError('PLACEHOLDER', `${option}: ${url.host} is still a placeholder`);
  return url.origin;
}

/** An error a CLI reports as one line and exit 1: a refusal above, or a bad command-line option. */
export function isUsageError(error: unknown): error is Error {
  if (error instanceof DeployToolError) return true;
  return error instanceof TypeError && String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS');
}

/** The one line a CLI prints for a usage error, ending with its code for scripts and tests. */
export function usageLine(tool: string, error: Error): string {
  return `${tool}: ${error.message} [${String((error as { code?: unknown }).code)}]`;
}
