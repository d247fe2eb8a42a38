/**
 * Fills the deployed hosts into skill-package/skill.json: the skill endpoint (apis.custom and
 * events) and the demo service's public pages (privacy policy, terms of use, both icons). Fields
 * are set by path, whatever their previous value; the file's own formatting is kept when every
 * change is a plain string replacement, and it is rewritten with two-space indentation otherwise.
 * Skill manifest schema: https://developer.amazon.com/docs/smapi/skill-manifest.html
 */
import { isDeepStrictEqual } from 'node:util';
import { DeployToolError } from './errors.ts';

/** Where the skill and the service that hosts its public pages were deployed (origins). */
export interface DeployedHosts {
  /** The skill Worker's origin, e.g. https://alexa-ride-hailer-skill.you.workers.dev */
  readonly skillUrl?: string;
  /** The origin serving /privacy, /terms, /icons/small.png and /icons/large.png. */
  readonly serviceUrl?: string;
}

type Json = Record<string, unknown>;
interface Edit { readonly path: readonly string[]; readonly value: string }

function object(parent: Json, key: string): Json {
  const value = parent[key];
  if (value && typeof value === 'object' && !Array.isArray(value)) return value as Json;
  const created: Json = {};
  parent[key] = created;
  return created;
}

/**
 * `sslCertificateType` for an endpoint host: `Wildcard` for `*.workers.dev` (a subdomain of a
 * domain with a wildcard certificate), `Trusted` for a host with its own certificate from a
 * trusted CA (https://developer.amazon.com/docs/custom-skills/host-a-custom-skill-as-a-web-service.html).
 */
export function sslCertificateType(origin: string): 'Wildcard' | 'Trusted' {
  return new URL(origin).hostname.endsWith('.workers.dev') ? 'Wildcard' : 'Trusted';
}

/** The edits that put these hosts into a parsed skill.json. */
function manifestEdits(skillJson: Json, hosts: DeployedHosts): Edit[] {
  const manifest = skillJson.manifest as Json | undefined;
  if (!manifest || typeof manifest !== 'object') throw new DeployToolError('BAD_FILE', 'skill.json has no "manifest" object');
  const edits: Edit[] = [];
  if (hosts.skillUrl) {
    for (const api of ['apis.custom', 'events']) {
      const path = [...api.split('.'), 'endpoint'];
      edits.push({ path: ['manifest', ...path, 'uri'], value: `${hosts.skillUrl}/` });
      edits.push({ path: ['manifest', ...path, 'sslCertificateType'], value: sslCertificateType(hosts.skillUrl) });
    }
  }
  if (hosts.serviceUrl) {
    const publishing = (manifest.publishingInformation as Json | undefined)?.locales as Json | undefined;
    const locales = Object.keys(publishing ?? {});
    if (locales.length === 0) throw new DeployToolError('BAD_FILE', 'skill.json has no manifest.publishingInformation.locales');
    for (const locale of locales) {
      const at = ['manifest', 'publishingInformation', 'locales', locale];
      edits.push({ path: [...at, 'smallIconUri'], value: `${hosts.serviceUrl}/icons/small.png` });
      edits.push({ path: [...at, 'largeIconUri'], value: `${hosts.serviceUrl}/icons/large.png` });
      const privacy = ['manifest', 'privacyAndCompliance', 'locales', locale];
      edits.push({ path: [...privacy, 'privacyPolicyUrl'], value: `${hosts.serviceUrl}/privacy` });
      edits.push({ path: [...privacy, 'termsOfUseUrl'], value: `${hosts.serviceUrl}/terms` });
    }
  }
  return edits;
}

function apply(skillJson: Json, edits: readonly Edit[]): { updated: Json; replacements: Map<string, string> | undefined } {
  const updated = structuredClone(skillJson);
  let replacements: Map<string, string> | undefined = new Map();
  for (const { path, value } of edits) {
    let parent = updated;
    for (const key of path.slice(0, -1)) parent = object(parent, key);
    const key = path.at(-1) ?? '';
    const old = parent[key];
    if (typeof old !== 'string' || (replacements?.has(old) && replacements.get(old) !== value)) replacements = undefined;
    else if (old !== value) replacements?.set(old, value);
    parent[key] = value;
  }
  return { updated, replacements };
}

/**
 * skill.json's text with the deployed hosts filled in.
 * @throws {DeployToolError} BAD_FILE when the text is not a skill manifest
 */
export function rewriteSkillJson(text: string, hosts: DeployedHosts): string {
  let parsed: Json;
  try {
    parsed = JSON.parse(text) as Json;
  } catch (cause) {
    throw new DeployToolError('BAD_FILE', 'skill.json is not JSON', { cause });
  }
  const { updated, replacements } = apply(parsed, manifestEdits(parsed, hosts));
  if (replacements) {
    let out = text;
    for (const [from, to] of replacements) out = out.split(JSON.stringify(from)).join(JSON.stringify(to));
    if (isDeepStrictEqual(JSON.parse(out), updated)) return out;
  }
  return `${JSON.stringify(updated, null, 2)}\n`;
}
