/**
 * A fake Ride Hailer service on loopback for the benchmark and the load test: an OAuth provider
 * (userinfo for opaque tokens, a JWKS for the JWTs it signs) and the API (profile, rides), answering
 * by bearer token. Counts calls. Plain HTTP on 127.0.0.1 only.
 */
import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

export const ISSUER = 'https://ride-hailer.bench/';
export const AUDIENCE = 'alexa-ride-hailer';

export const PROFILE = {
  id: 'user-ana',
  name: 'Ana',
  defaultLocations: { work: { label: 'Contoso Tower', address: '500 Contoso Way' }, home: { label: 'Maple Street', address: '12 Maple Street' } },
  paymentMethod: { label: 'Visa ending 4242' },
};

export interface FakeProvider {
  readonly origin: string;
  readonly calls: { count: number };
  /** A new opaque token the provider accepts. */
  issue(): string;
  /** A new signed JWT access token (RS256, 1 hour) the provider accepts. */
  issueJwt(): Promise<string>;
  close(): Promise<void>;
}

export async function startProvider(): Promise<FakeProvider> {
  const tokens = new Set<string>();
  const calls = { count: 0 };
  const keys = await generateKeyPair('RS256', { extractable: true });
  const jwks = { keys: [{ ...(await exportJWK(keys.publicKey)), kid: 'bench-1', alg: 'RS256', use: 'sig' }] };
  let next = 0;
  const server: Server = createServer((req, res) => {
    calls.count++;
    const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.url === '/.well-known/jwks.json') return send(200, jwks);
    if (!tokens.has(token)) return send(401, { error: 'invalid_token' });
    if (req.url === '/userinfo') return send(200, { sub: PROFILE.id, name: PROFILE.name });
    if (req.url === '/api/profile') return send(200, PROFILE);
    if (req.url === '/api/rides' && req.method === 'POST') return send(201, { id: `ride-${++next}`, etaMinutes: 7 });
    return send(404, { error: 'not_found' });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    origin: `http://127.0.0.1:${port}`,
    calls,
    issue: () => {
      const token = `Atza|bench-${crypto.randomUUID()}`;
      tokens.add(token);
      return token;
    },
    issueJwt: async () => {
      const now = Math.floor(Date.now() / 1000);
      const token = await new SignJWT({ scope: 'profile rides' })
        .setProtectedHeader({ alg: 'RS256', kid: 'bench-1' })
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setSubject(PROFILE.id)
        .setJti(crypto.randomUUID())
        .setIssuedAt(now)
        .setExpirationTime(now + 3600)
        .sign(keys.privateKey);
      tokens.add(token);
      return token;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
