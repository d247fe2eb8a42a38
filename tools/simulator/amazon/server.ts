/**
 * A local stand-in for Amazon in app-to-app linking: the Alexa app URL and Login with Amazon
 * (consent with Allow and Deny), LWA's token endpoint, the Alexa API endpoint lookup and the Skill
 * Enablement API, on one loopback HTTP server. The demo service is pointed at it by settings
 * (dev.ts); nothing here reaches Amazon. Log lines carry method, path and status only.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { consentPage, refusedPage } from './consent-page.ts';
import { enablementApi, type EnablementDeps } from './enablement.ts';
import { htmlAnswer, jsonAnswer, readBody, write, type Answer } from './http.ts';
import { FakeLwa, type LwaClient } from './lwa.ts';
import { tokeninfoAnswer } from './tokeninfo.ts';

export interface FakeAmazonOptions extends EnablementDeps {
  /** 0 picks a free port (tests). */
  readonly port: number;
  readonly client: LwaClient;
  readonly skillName?: string;
  readonly log?: (line: string) => void;
  /** Voice-forward linking: whether a token is live for LWA's tokeninfo (absent: tokeninfo is not served). */
  readonly tokenIsLive?: (token: string) => Promise<boolean>;
}

export interface FakeAmazon {
  /** e.g. http://localhost:8791 */
  readonly url: string;
  readonly close: () => Promise<void>;
}

const ENABLEMENT = /^\/v1\/users\/~current\/skills\/([^/]+)\/enablement$/;

/** Paths of the fake Amazon, as the service's settings name them. */
export const AMAZON_PATHS = {
  alexaApp: '/spa/skill-account-linking-consent',
  lwaAuthorize: '/ap/oa',
  lwaToken: '/auth/o2/token',
  lwaTokeninfo: '/auth/o2/tokeninfo',
} as const;

/** Starts the fake Amazon on `localhost:port`; rejects with EADDRINUSE when the port is taken. */
export async function startFakeAmazon(options: FakeAmazonOptions): Promise<FakeAmazon> {
  const lwa = new FakeLwa(options.client, options.now);
  const enablement = enablementApi(options);
  let host = '';

  async function route(req: IncomingMessage): Promise<Answer> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    const authorization = req.headers.authorization;
    if (method === 'GET' && (url.pathname === AMAZON_PATHS.alexaApp || url.pathname === AMAZON_PATHS.lwaAuthorize)) {
      const begun = lwa.begin(url.searchParams, url.pathname === AMAZON_PATHS.alexaApp ? 'alexa-app' : 'lwa');
      if ('refused' in begun) return htmlAnswer(400, refusedPage(begun.refused));
      const request = lwa.pending(begun.handle)!;
      return htmlAnswer(200, consentPage(begun.handle, request, options.skillName ?? 'Ride Hailer', options.account.userId));
    }
    if (method === 'POST' && url.pathname === '/consent') {
      const form = new URLSearchParams((await readBody(req)) ?? '');
      return lwa.decide(form.get('handle') ?? '', form.get('decision') === 'allow') ?? htmlAnswer(400, refusedPage('this consent form has expired'));
    }
    if (method === 'POST' && url.pathname === AMAZON_PATHS.lwaToken) {
      return lwa.token(new URLSearchParams((await readBody(req)) ?? ''), authorization);
    }
    if (method === 'GET' && url.pathname === AMAZON_PATHS.lwaTokeninfo && options.tokenIsLive) {
      return tokeninfoAnswer(url.searchParams.get('access_token') ?? '', options.tokenIsLive);
    }
    if (url.pathname === '/v1/alexaApiEndpoint' || ENABLEMENT.test(url.pathname)) {
      if (!lwa.valid(authorization)) return jsonAnswer(401, { message: 'The access token is invalid, expired or missing.' });
      if (url.pathname === '/v1/alexaApiEndpoint') return jsonAnswer(200, { endpoints: [host] });
      const skillId = decodeURIComponent(ENABLEMENT.exec(url.pathname)![1]!);
      return enablement(method, skillId, method === 'POST' ? await readBody(req) : null);
    }
    return jsonAnswer(404, { message: 'Not found in the simulated Amazon.' });
  }

  const server = createServer((req, res) => {
    route(req).then(
      (answer) => {
        options.log?.(`${req.method} ${new URL(req.url ?? '/', 'http://localhost').pathname} ${answer.status}`);
        write(res, answer);
      },
      (error: unknown) => {
        options.log?.(`${req.method} ${new URL(req.url ?? '/', 'http://localhost').pathname} failed: ${error instanceof Error ? error.message : String(error)}`);
        write(res, jsonAnswer(500, { message: 'Internal error in the simulated Amazon.' }));
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, 'localhost', () => {
      server.off('error', reject);
      resolve();
    });
  });
  host = `localhost:${(server.address() as AddressInfo).port}`;
  return {
    url: `http://${host}`,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
