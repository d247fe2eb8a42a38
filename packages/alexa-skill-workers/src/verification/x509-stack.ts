/**
 * The X.509/ASN.1 stack (asn1js, pvutils, @peculiar/asn1-*, the chain rules), as one module that
 * the certificate store and the verifier only ever `import()`: bundled, it is evaluated the first
 * time an isolate validates a chain (a certificate miss), never at startup, and never in an isolate
 * that takes its keys from memory or from certificate records. Nothing imports it statically.
 */
export { lazyTrustAnchors, parseTrustAnchors, validateChain } from './chain.ts';
export { assertRsaSigningKey } from './algorithms.ts';
