/**
 * Throwaway TLS material for tests, made with the openssl CLI (EC P-256: much faster than RSA).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export interface SelfSignedCert {
  certPath: string;
  keyPath: string;
}

/**
 * Writes `<name>.crt` / `<name>.key` into `dir` (which must exist): a self-signed certificate for
 * CN=localhost with SANs localhost and 127.0.0.1, valid for 2 days.
 * `digest` picks the signature hash, which also decides the tls-server-end-point channel binding hash.
 */
export function makeSelfSignedCert(
  dir: string,
  opts: { name?: string; digest?: 'sha256' | 'sha384' | 'sha512' } = {},
): SelfSignedCert {
  const name = opts.name ?? 'server';
  const certPath = join(dir, `${name}.crt`);
  const keyPath = join(dir, `${name}.key`);
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '2',
      `-${opts.digest ?? 'sha256'}`,
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout',
      keyPath,
      '-out',
      certPath,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  return { certPath, keyPath };
}
