/**
 * The endpoint the skill manifest gives Alexa (`apis.custom.endpoint`, and `events.endpoint` when
 * the skill subscribes to events): an https URI, deployed neither a placeholder nor other than the
 * endpoint being certified, and an `sslCertificateType` that fits its host: `Wildcard` for a
 * subdomain of a domain with a wildcard certificate (`*.workers.dev`), `Trusted` otherwise. Amazon:
 * the manifest schema, https://developer.amazon.com/en-US/docs/alexa/smapi/skill-manifest.html, and
 * "Host a Custom Skill as a Web Service", https://developer.amazon.com/en-US/docs/alexa/custom-skills/host-a-custom-skill-as-a-web-service.html
 * (the certificate types). The rule for the host is the one `npm run deploy` writes (tools/deploy/skill-manifest.ts).
 */
import { fail, pass, type CheckResult } from './report.ts';

interface Endpoint {
  uri?: unknown;
  sslCertificateType?: unknown;
}

export interface ManifestEndpoints {
  apis?: { custom?: { endpoint?: Endpoint } };
  events?: { endpoint?: Endpoint };
}

export interface EndpointExpectation {
  readonly section: string;
  /** The endpoint being certified; absent against the local stack, where the manifest keeps its placeholder. */
  readonly endpoint?: string;
  readonly isPlaceholder: (url: string) => boolean;
}

/**
 * The certificate type an https endpoint on `origin` needs in skill.json: `Wildcard` for a
 * workers.dev subdomain (its certificate is the wildcard one of workers.dev), `Trusted` otherwise.
 */
const sslCertificateType = (origin: string): 'Wildcard' | 'Trusted' => (new URL(origin).hostname.endsWith('.workers.dev') ? 'Wildcard' : 'Trusted');

const sameUrl = (a: string, b: string) => new URL(a).href === new URL(b).href;

/** `package.endpoint.custom` and (when the manifest has events) `package.endpoint.events`. */
export function checkManifestEndpoints(manifest: ManifestEndpoints | undefined, e: EndpointExpectation): CheckResult[] {
  const entries: [string, string, Endpoint | undefined][] = [['custom', 'apis.custom.endpoint', manifest?.apis?.custom?.endpoint]];
  if (manifest?.events) entries.push(['events', 'events.endpoint', manifest.events.endpoint]);
  return entries.map(([name, path, endpoint]) => {
    const id = `package.endpoint.${name}`;
    const title = `${path}: the https endpoint${e.endpoint ? ' being certified' : ''}, sslCertificateType fits its host`;
    const problem = judge(path, endpoint, e);
    return problem ? fail(e.section, id, title, problem) : pass(e.section, id, title);
  });
}

function judge(path: string, endpoint: Endpoint | undefined, e: EndpointExpectation): string | undefined {
  const uri = endpoint?.uri;
  if (typeof uri !== 'string' || !URL.canParse(uri)) return `${path}.uri is missing or not a URL`;
  if (new URL(uri).protocol !== 'https:') return `${path}.uri ${uri} is not https`;
  if (e.endpoint) {
    if (e.isPlaceholder(uri)) return `${path}.uri is still a placeholder: ${uri} (npm run deploy fills it in)`;
    if (!sameUrl(uri, e.endpoint)) return `${path}.uri is ${uri}, not the endpoint being certified (${e.endpoint})`;
  }
  const wanted = sslCertificateType(uri);
  const given = endpoint?.sslCertificateType;
  if (given !== wanted) {
    return `${path}.sslCertificateType is ${typeof given === 'string' ? given : 'missing'}; ${new URL(uri).hostname} needs ${wanted}`;
  }
  return undefined;
}
