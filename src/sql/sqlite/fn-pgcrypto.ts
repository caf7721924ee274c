/**
 * The pgcrypto extension's functions (callable once CREATE EXTENSION pgcrypto has run, see extension.ts):
 * digest, hmac, gen_random_bytes, gen_random_uuid, and crypt/gen_salt for the 'md5' and 'bf' algorithms
 * (crypt.ts, crypt-blowfish.ts). Algorithm names are runtime values, checked by the SQLite functions.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { PgError, SQLSTATE } from '../../../protocol/errors.js';
import { OID } from '../../../protocol/types/oids.js';
import type { Expr } from './coerce.js';
import { cryptPassword, generateSalt } from './crypt.js';
import type { ExprCtx } from './expr.js';
import { defineExtensionFunction } from './extension.js';
import { defineSqliteFunctions } from './fn-registry.js';
import { byteaArg, intArg, mk, strict, textArg, type V } from './fn-util.js';

const EXTENSION = 'pgcrypto';

/** The digests pgcrypto's OpenSSL build knows by these names (EVP_get_digestbyname). */
const DIGESTS = new Set(['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512']);

function digestName(v: V): string {
  const name = String(v).toLowerCase();
  if (!DIGESTS.has(name))
    throw new PgError(SQLSTATE.INVALID_PARAMETER_VALUE, `Cannot use "${String(v)}": No such hash algorithm`);
  return name;
}

const bytes = (v: V): Buffer => (Buffer.isBuffer(v) ? v : Buffer.from(String(v)));

/** digest/hmac take text or bytea data (the same type for hmac's key); an untyped literal is text, as in PG. */
function dataArg(ctx: ExprCtx, e: Expr, n: Parameters<typeof textArg>[2], type: number): Expr | undefined {
  return type === OID.bytea ? byteaArg(ctx, e, n) : textArg(ctx, e, n);
}

defineExtensionFunction(EXTENSION, 'digest', 'digest(text,text)', (ctx, a, n) => {
  if (a.length !== 2) return undefined;
  const data = dataArg(ctx, a[0], n, a[0].type);
  const alg = textArg(ctx, a[1], n);
  return data && alg && mk(`lumos_pgcrypto_digest(${data.sql}, ${alg.sql})`, OID.bytea);
});

defineExtensionFunction(EXTENSION, 'hmac', 'hmac(text,text,text)', (ctx, a, n) => {
  if (a.length !== 3) return undefined;
  const type = a[0].type === OID.bytea || a[1].type === OID.bytea ? OID.bytea : OID.text;
  const data = dataArg(ctx, a[0], n, type);
  const key = dataArg(ctx, a[1], n, type);
  const alg = textArg(ctx, a[2], n);
  return data && key && alg && mk(`lumos_pgcrypto_hmac(${data.sql}, ${key.sql}, ${alg.sql})`, OID.bytea);
});

defineExtensionFunction(EXTENSION, 'gen_random_bytes', 'gen_random_bytes(integer)', (ctx, a, n) => {
  const count = a.length === 1 ? intArg(ctx, a[0], n) : undefined;
  if (!count) return undefined;
  ctx.t.volatile = true;
  return mk(`lumos_pgcrypto_random_bytes(${count.sql})`, OID.bytea);
});

// pgcrypto's own gen_random_uuid() predates the core one (PG 13), which it now calls: reached only as
// schema.gen_random_uuid(), since pg_catalog's comes first on the search path.
defineExtensionFunction(EXTENSION, 'gen_random_uuid', 'gen_random_uuid()', (ctx, a) => {
  if (a.length) return undefined;
  ctx.t.volatile = true;
  return mk('lumos_uuid()', OID.uuid);
});

defineExtensionFunction(EXTENSION, 'crypt', 'crypt(text,text)', (ctx, a, n) => {
  if (a.length !== 2) return undefined;
  const password = textArg(ctx, a[0], n);
  const salt = textArg(ctx, a[1], n);
  return password && salt && mk(`lumos_pgcrypto_crypt(${password.sql}, ${salt.sql})`, OID.text);
});

defineExtensionFunction(EXTENSION, 'gen_salt', 'gen_salt(text)', (ctx, a, n) => {
  if (a.length !== 1 && a.length !== 2) return undefined;
  const type = textArg(ctx, a[0], n);
  const rounds = a.length === 2 ? intArg(ctx, a[1], n) : undefined;
  if (!type || (a.length === 2 && !rounds)) return undefined;
  ctx.t.volatile = true;
  // No iteration count is 0: the algorithm's default, as in pgcrypto.
  return mk(`lumos_pgcrypto_gen_salt(${type.sql}, ${rounds?.sql ?? '0'})`, OID.text);
});

defineSqliteFunctions((db) => {
  const det = { deterministic: true };
  db.function(
    'lumos_pgcrypto_digest',
    det,
    strict((data: V, alg: V) => createHash(digestName(alg)).update(bytes(data)).digest()),
  );
  db.function(
    'lumos_pgcrypto_hmac',
    det,
    strict((data: V, key: V, alg: V) => createHmac(digestName(alg), bytes(key)).update(bytes(data)).digest()),
  );
  db.function(
    'lumos_pgcrypto_random_bytes',
    { deterministic: false },
    strict((count: V) => {
      const n = Number(count);
      // pgcrypto's limit, and its error (SQLSTATE 39000: external routine invocation).
      if (n < 1 || n > 1024) throw new PgError('39000', 'Length not in range');
      return randomBytes(n);
    }),
  );
  db.function(
    'lumos_pgcrypto_crypt',
    det,
    strict((password: V, salt: V) => cryptPassword(bytes(password), String(salt))),
  );
  db.function(
    'lumos_pgcrypto_gen_salt',
    { deterministic: false },
    strict((type: V, rounds: V) => generateSalt(String(type), Number(rounds))),
  );
});
