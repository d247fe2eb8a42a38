/**
 * The transport rules Amazon sets for a skill endpoint and for the account-linking URIs: HTTPS on
 * port 443, with a certificate Alexa trusts; for account linking, not one from Let's Encrypt.
 * - https://developer.amazon.com/en-US/docs/alexa/custom-skills/host-a-custom-skill-as-a-web-service.html
 *   ("accept HTTP requests on port 443", "HTTP over SSL/TLS, using an Amazon-trusted certificate")
 * - https://developer.amazon.com/en-US/docs/alexa/account-linking/requirements-account-linking.html
 *   ("accessible over HTTPS on port 443"; "you can't use https://letsencrypt.org/")
 */
import { isUnreachable, type Net } from '../net.ts';
import { fail, pass, skip, SKIP, type CheckResult } from './report.ts';
import { inspectTls, isLetsEncrypt, type TlsOptions } from './tls.ts';

export interface TransportOptions {
  readonly net: Net;
  /** Trusted roots and timeout for the TLS look (tests). */
  readonly tls?: TlsOptions;
  /** Account linking also refuses Let's Encrypt. */
  readonly refuseLetsEncrypt: boolean;
}

const isLoopback = (url: URL) => ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);

/** `<prefix>.https`, `<prefix>.tls-trusted` and (account linking) `<prefix>.tls-not-lets-encrypt`. */
export async function transportChecks(section: string, prefix: string, raw: string, options: TransportOptions): Promise<CheckResult[]> {
  const url = new URL(raw);
  const ids = { https: `${prefix}.https`, trusted: `${prefix}.tls-trusted`, le: `${prefix}.tls-not-lets-encrypt` };
  const titles = { https: 'HTTPS on port 443', trusted: 'TLS certificate trusted for its name', le: "TLS certificate not issued by Let's Encrypt" };
  const wanted = options.refuseLetsEncrypt ? (['trusted', 'le'] as const) : (['trusted'] as const);
  const skipAll = (reason: string) => wanted.map((k) => skip(section, ids[k], titles[k], reason));

  if (url.protocol === 'http:' && isLoopback(url)) {
    return [skip(section, ids.https, titles.https, SKIP.plainHttp), ...skipAll(SKIP.plainHttp)];
  }
  const results: CheckResult[] = [];
  const on443 = url.protocol === 'https:' && (url.port === '' || url.port === '443');
  results.push(on443 ? pass(section, ids.https, titles.https) : fail(section, ids.https, titles.https, `${url.origin} is not https on port 443`));
  if (url.protocol !== 'https:') return [...results, ...skipAll('not https')];

  let peer;
  try {
    peer = await inspectTls(url.hostname, { ...options.tls, port: url.port ? Number(url.port) : 443 });
  } catch (error) {
    if (isUnreachable(error) && !(await options.net.online())) return [...results, ...skipAll(SKIP.offline)];
    const message = error instanceof Error ? error.message : String(error);
    return [...results, ...wanted.map((k) => fail(section, ids[k], titles[k], `no TLS connection to ${url.host}: ${message}`))];
  }
  results.push(
    peer.authorized
      ? pass(section, ids.trusted, titles.trusted)
      : fail(section, ids.trusted, titles.trusted, `${url.hostname}: ${peer.authorizationError ?? 'not trusted'}`),
  );
  if (options.refuseLetsEncrypt) {
    const le = peer.issuers.find(isLetsEncrypt);
    results.push(le ? fail(section, ids.le, titles.le, `issued by ${le}; Alexa refuses Let's Encrypt for account linking`) : pass(section, ids.le, titles.le));
  }
  return results;
}
