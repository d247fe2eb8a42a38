/**
 * The skill package: every rule of `check` (../check/rules.ts), plus what a
 * certification tester needs from the listing: privacy and terms URLs (reachable when online),
 * both icons, testing instructions. Amazon: "Define Skill Store Details and Distribution" and
 * "Privacy and Compliance", https://developer.amazon.com/en-US/docs/alexa/devconsole/about-the-developer-console.html,
 * and the manifest schema, https://developer.amazon.com/en-US/docs/alexa/smapi/skill-manifest.html
 * (`privacyPolicyUrl`, `termsOfUseUrl`, `smallIconUri` 108×108, `largeIconUri` 512×512, `testingInstructions`;
 * an icon's size is read from its PNG header), and the endpoint the manifest names (package-endpoint.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkSkillPackage, type PackageFinding, type SkillPolicy } from '../check/rules.ts';
import { describeFailure, timedFetch, type Net } from '../net.ts';
import { pngSize } from './png.ts';
import { checkManifestEndpoints, type ManifestEndpoints } from './package-endpoint.ts';
import { fail, pass, skip, SKIP, type CheckResult } from './report.ts';

const PACKAGE = 'Skill package';

export interface PackageTarget {
  readonly root: string;
  readonly net: Net;
  /**
   * Where a listed URL is fetched. Against the local stack the demo service's placeholder host is
   * mapped to the local service; deployed, URLs are fetched as listed and placeholders fail.
   */
  readonly locate: (url: string) => { readonly fetchUrl: string; readonly placeholder: boolean };
  readonly local: boolean;
  /** Deployed: the endpoint being certified (`--endpoint`), which the manifest must name. */
  readonly endpoint?: string;
  /** What the project says about the skill, for the rules (its package.json `policy` and `check`); needed unless `rules` is given. */
  readonly policy?: SkillPolicy;
  /** The rules; injectable so the listing checks can be tested on a package of their own. */
  readonly rules?: (root: string) => readonly PackageFinding[];
}

interface Listing {
  manifest?: ManifestEndpoints & {
    publishingInformation?: {
      locales?: Record<string, { smallIconUri?: string; largeIconUri?: string }>;
      testingInstructions?: string;
    };
    privacyAndCompliance?: { locales?: Record<string, { privacyPolicyUrl?: string; termsOfUseUrl?: string }> };
  };
}

const PLACEHOLDER = /YOUR-SUBDOMAIN|example\.com|CLIENT-ID-FROM|SET-AT-DEPLOY/i;

/** A locator that fetches every URL as listed; placeholder hosts are flagged. */
export const asListed = (url: string) => ({ fetchUrl: url, placeholder: PLACEHOLDER.test(url) });

export async function checkPackage(t: PackageTarget): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const seen = new Map<string, number>();
  const rules = t.rules ?? ((root: string) => checkSkillPackage(root, t.policy ?? { linkedIntents: [], handledIntents: undefined, recognizedSpeakers: false }));
  for (const finding of rules(t.root)) {
    const n = (seen.get(finding.rule) ?? 0) + 1;
    seen.set(finding.rule, n);
    const id = `package.${finding.rule}${n > 1 ? `.${n}` : ''}`;
    const title = `${finding.rule}${finding.file ? ` (${finding.file})` : ''}`;
    results.push(finding.ok ? pass(PACKAGE, id, title, finding.message) : fail(PACKAGE, id, title, finding.message));
  }

  const listing = JSON.parse(readFileSync(join(t.root, 'skill.json'), 'utf8')) as Listing;
  const info = listing.manifest?.publishingInformation;
  const privacy = Object.entries(listing.manifest?.privacyAndCompliance?.locales ?? {});
  const locales = Object.entries(info?.locales ?? {});
  const urls = (pick: (entry: Record<string, string | undefined>) => string | undefined, entries: [string, Record<string, string | undefined>][]) =>
    entries.map(([locale, e]) => ({ locale, url: pick(e) }));

  const groups = [
    { id: 'package.privacy-url', title: 'privacy policy URL listed', urls: urls((e) => e.privacyPolicyUrl, privacy), type: /text\/html/ },
    { id: 'package.terms-url', title: 'terms of use URL listed', urls: urls((e) => e.termsOfUseUrl, privacy), type: /text\/html/ },
    { id: 'package.small-icon', title: 'small icon (108×108) listed', urls: urls((e) => e.smallIconUri, locales), type: /image\/png/, size: 108 },
    { id: 'package.large-icon', title: 'large icon (512×512) listed', urls: urls((e) => e.largeIconUri, locales), type: /image\/png/, size: 512 },
  ];
  for (const group of groups) {
    const missing = group.urls.length === 0 ? ['no locale'] : group.urls.filter((u) => !u.url || !/^https:\/\//.test(u.url)).map((u) => u.locale);
    const placeholders = t.local ? [] : group.urls.filter((u) => u.url && t.locate(u.url).placeholder).map((u) => u.url!);
    if (missing.length) results.push(fail(PACKAGE, group.id, group.title, `missing or not https: ${missing.join(', ')}`));
    else if (placeholders.length) results.push(fail(PACKAGE, group.id, group.title, `still a placeholder: ${placeholders.join(', ')} (npm run deploy fills it in)`));
    else results.push(pass(PACKAGE, group.id, group.title));
    results.push(await reachable(t, `${group.id}.reachable`, group.title.replace(' listed', ' reachable'), group.urls.map((u) => u.url).filter((u): u is string => Boolean(u)), group.type, group.size));
  }
  results.push(...checkManifestEndpoints(listing.manifest, { section: PACKAGE, endpoint: t.local ? undefined : t.endpoint, isPlaceholder: (url) => PLACEHOLDER.test(url) }));

  const instructions = info?.testingInstructions?.trim() ?? '';
  results.push(
    instructions
      ? pass(PACKAGE, 'package.testing-instructions', 'testing instructions for the certification team')
      : fail(PACKAGE, 'package.testing-instructions', 'testing instructions for the certification team', 'publishingInformation.testingInstructions is empty'),
  );
  return results;
}

/** The served image's size from its PNG header, when it is not `side`×`side`. */
function wrongSize(bytes: Uint8Array, side: number): string | undefined {
  try {
    const { width, height } = pngSize(bytes);
    return width === side && height === side ? undefined : `is ${width}×${height}; must be ${side}×${side}`;
  } catch (error) {
    return `is not a PNG (${error instanceof Error ? error.message : String(error)})`;
  }
}

async function reachable(t: PackageTarget, id: string, title: string, urls: string[], type: RegExp, side?: number): Promise<CheckResult> {
  if (urls.length === 0) return skip(PACKAGE, id, title, 'nothing listed');
  for (const url of [...new Set(urls)]) {
    const { fetchUrl } = t.locate(url);
    const answer = await timedFetch(t.net, fetchUrl, {}, 10_000);
    if (answer.kind === 'unreachable' && !(await t.net.online())) return skip(PACKAGE, id, title, SKIP.offline);
    if (answer.kind !== 'answered') return fail(PACKAGE, id, title, `${fetchUrl}: ${describeFailure(answer, 10_000)}`);
    if (answer.response.status !== 200) return fail(PACKAGE, id, title, `${fetchUrl} answered ${answer.response.status}`);
    const contentType = answer.response.headers.get('content-type') ?? '';
    if (!type.test(contentType)) return fail(PACKAGE, id, title, `${fetchUrl} is ${contentType || 'of no content type'}`);
    const size = side === undefined ? undefined : wrongSize(answer.bytes, side);
    if (size) return fail(PACKAGE, id, title, `${fetchUrl} ${size}`);
  }
  const mapped = urls.some((u) => t.locate(u).fetchUrl !== u);
  return pass(PACKAGE, id, title, mapped ? `served by the local service (${t.locate(urls[0]!).fetchUrl})` : undefined);
}
