/**
 * 'tls-server-end-point' channel binding data (RFC 5929 §4.1): a hash of the server certificate, using
 * the certificate's signature hash, except that MD5 and SHA-1 are upgraded to SHA-256.
 */
import { createHash } from 'node:crypto';

// Hex of the DER OID contents of signatureAlgorithm -> hash. Same set PostgreSQL (OpenSSL) accepts for
// RSA PKCS#1 v1.5 and ECDSA; anything else (RSA-PSS, EdDSA, ...) gets no channel binding.
const SIG_HASH: Record<string, string> = {
  '2a864886f70d010104': 'sha256', // md5WithRSAEncryption
  '2a864886f70d010105': 'sha256', // sha1WithRSAEncryption
  '2a864886f70d01010e': 'sha224',
  '2a864886f70d01010b': 'sha256',
  '2a864886f70d01010c': 'sha384',
  '2a864886f70d01010d': 'sha512',
  '2a8648ce3d0401': 'sha256', // ecdsa-with-SHA1
  '2a8648ce3d040301': 'sha224',
  '2a8648ce3d040302': 'sha256',
  '2a8648ce3d040303': 'sha384',
  '2a8648ce3d040304': 'sha512',
};

/** Reads a DER TLV header at `pos`, expecting `tag`; returns where the contents start and end. */
function tlv(der: Buffer, pos: number, tag: number): { start: number; end: number } {
  if (der[pos] !== tag) throw new Error('unexpected DER tag');
  let len = der[pos + 1] ?? 0;
  let start = pos + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n < 1 || n > 4) throw new Error('bad DER length');
    len = der.readUIntBE(start, n);
    start += n;
  }
  if (start + len > der.length) throw new Error('truncated DER');
  return { start, end: start + len };
}

function signatureHash(der: Buffer): string | undefined {
  const cert = tlv(der, 0, 0x30);
  const tbs = tlv(der, cert.start, 0x30);
  const algId = tlv(der, tbs.end, 0x30);
  const oid = tlv(der, algId.start, 0x06);
  return SIG_HASH[der.toString('hex', oid.start, oid.end)];
}

const cache = new WeakMap<Buffer, Buffer | null>();

/**
 * Channel binding data for a DER server certificate, or null if its signature algorithm isn't supported
 * (then SCRAM-SHA-256-PLUS must not be advertised). Memoized per Buffer: pass the same Buffer each time.
 */
export function tlsServerEndPoint(certDer: Buffer): Buffer | null {
  let hash = cache.get(certDer);
  if (hash === undefined) {
    let alg: string | undefined;
    try {
      alg = signatureHash(certDer);
    } catch {
      alg = undefined;
    }
    hash = alg ? createHash(alg).update(certDer).digest() : null;
    cache.set(certDer, hash);
  }
  return hash;
}
