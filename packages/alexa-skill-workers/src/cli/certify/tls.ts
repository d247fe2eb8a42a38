/**
 * The TLS certificate a host presents on port 443: whether Node's CA store (Mozilla's list, which
 * is what Amazon's "Amazon-approved certificate authority" means for most hosts) trusts it for that
 * name, and who issued it. Amazon refuses Let's Encrypt for account linking even though it is on
 * the list: https://developer.amazon.com/en-US/docs/alexa/account-linking/requirements-account-linking.html
 */
import { connect } from 'node:tls';

export interface PeerCertificate {
  readonly authorized: boolean;
  readonly authorizationError?: string;
  /** The issuer's organization and common name, and those of the certificates above it. */
  readonly issuers: readonly string[];
}

export interface TlsOptions {
  readonly port?: number;
  /** Extra trusted roots (tests); the default is Node's bundled store. */
  readonly ca?: string;
  readonly timeoutMs?: number;
}

/** Opens a TLS connection to `host`, reads the certificate chain, closes. Rejects on network errors. */
export function inspectTls(host: string, options: TlsOptions = {}): Promise<PeerCertificate> {
  return new Promise((resolve, reject) => {
    const socket = connect({
      host,
      port: options.port ?? 443,
      servername: host,
      ca: options.ca,
      rejectUnauthorized: false,
      timeout: options.timeoutMs ?? 5000,
    });
    socket.once('secureConnect', () => {
      const issuers: string[] = [];
      let cert = socket.getPeerCertificate(true);
      for (let depth = 0; cert && depth < 6; depth++) {
        issuers.push([cert.issuer?.O, cert.issuer?.CN].filter(Boolean).join(' / '));
        if (!cert.issuerCertificate || cert.issuerCertificate === cert) break;
        cert = cert.issuerCertificate;
      }
      const authorizationError = socket.authorizationError ? String(socket.authorizationError) : undefined;
      resolve({ authorized: socket.authorized, authorizationError, issuers });
      socket.end();
    });
    socket.once('timeout', () => {
      socket.destroy();
      reject(Object.assign(new Error(`TLS to ${host} timed out`), { code: 'ETIMEDOUT' }));
    });
    socket.once('error', reject);
  });
}

/** Let's Encrypt's intermediates (O = "Let's Encrypt") and its roots (ISRG Root X1, X2). */
export function isLetsEncrypt(issuer: string): boolean {
  return /let'?s encrypt/i.test(issuer) || /\bISRG Root\b/i.test(issuer);
}
