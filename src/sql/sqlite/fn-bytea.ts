/**
 * bytea functions (stored as SQLite BLOBs): encode/decode, digests, convert_to/convert_from and byte/bit access.
 */
import { createHash } from 'node:crypto';
import { PgError, SQLSTATE } from '../../../protocol/errors.js';
import { OID } from '../../../protocol/types/oids.js';
import { defineScalar, defineSqliteFunctions } from './fn-registry.js';
import { asBuf, asStr, byteaArg, intArg, mk, strict, textArg, type V } from './fn-util.js';

const invalid = (m: string) => new PgError(SQLSTATE.INVALID_PARAMETER_VALUE, m);

defineScalar('encode', (ctx, a, n) => {
  if (a.length !== 2) return undefined;
  const b = byteaArg(ctx, a[0], n);
  const f = textArg(ctx, a[1], n);
  return b && f && mk(`lumos_encode(${b.sql}, ${f.sql})`, OID.text);
});
defineScalar('decode', (ctx, a, n) => {
  if (a.length !== 2) return undefined;
  const s = textArg(ctx, a[0], n);
  const f = textArg(ctx, a[1], n);
  return s && f && mk(`lumos_decode(${s.sql}, ${f.sql})`, OID.bytea);
});

// md5(text) is hex text; md5(bytea) too. sha224..sha512 take bytea (an untyped literal is bytea) and give bytea.
defineScalar('md5', (ctx, a, n) => {
  if (a.length !== 1) return undefined;
  const x = a[0].type === OID.bytea ? a[0] : textArg(ctx, a[0], n);
  return x && mk(`lumos_digest(${x.sql}, 'md5', 1)`, OID.text);
});
for (const alg of ['sha224', 'sha256', 'sha384', 'sha512']) {
  defineScalar(alg, (ctx, a, n) => {
    const x = a.length === 1 ? byteaArg(ctx, a[0], n) : undefined;
    return x && mk(`lumos_digest(${x.sql}, '${alg}', 0)`, OID.bytea);
  });
}

defineScalar('convert_to', (ctx, a, n) => {
  if (a.length !== 2) return undefined;
  const s = textArg(ctx, a[0], n);
  const e = textArg(ctx, a[1], n);
  return s && e && mk(`lumos_convert_to(${s.sql}, ${e.sql})`, OID.bytea);
});
defineScalar('convert_from', (ctx, a, n) => {
  if (a.length !== 2) return undefined;
  const b = byteaArg(ctx, a[0], n);
  const e = textArg(ctx, a[1], n);
  return b && e && mk(`lumos_convert_from(${b.sql}, ${e.sql})`, OID.text);
});

for (const [name, type] of [
  ['get_byte', OID.int4],
  ['get_bit', OID.int4],
] as const) {
  defineScalar(name, (ctx, a, n) => {
    if (a.length !== 2) return undefined;
    const b = byteaArg(ctx, a[0], n);
    const i = a[1].type === OID.int8 && name === 'get_bit' ? a[1] : intArg(ctx, a[1], n);
    return b && i && mk(`lumos_${name}(${b.sql}, ${i.sql})`, type);
  });
}
for (const name of ['set_byte', 'set_bit']) {
  defineScalar(name, (ctx, a, n) => {
    if (a.length !== 3) return undefined;
    const b = byteaArg(ctx, a[0], n);
    const i = a[1].type === OID.int8 && name === 'set_bit' ? a[1] : intArg(ctx, a[1], n);
    const v = intArg(ctx, a[2], n);
    return b && i && v && mk(`lumos_${name}(${b.sql}, ${i.sql}, ${v.sql})`, OID.bytea);
  });
}

/** PG's escape format: NUL and high-bit bytes as \ooo, backslash doubled. */
function escapeEncode(b: Buffer): string {
  let out = '';
  for (const c of b) {
    if (c === 0 || c >= 0x80) out += `\\${c.toString(8).padStart(3, '0')}`;
    else if (c === 0x5c) out += '\\\\';
    else out += String.fromCharCode(c);
  }
  return out;
}

function escapeDecode(s: string): Buffer {
  const src = Buffer.from(s);
  const out: number[] = [];
  for (let i = 0; i < src.length; i++) {
    if (src[i] !== 0x5c) {
      out.push(src[i]);
      continue;
    }
    if (src[i + 1] === 0x5c) {
      out.push(0x5c);
      i++;
    } else if (/^[0-3][0-7][0-7]$/.test(src.subarray(i + 1, i + 4).toString())) {
      out.push(Number.parseInt(src.subarray(i + 1, i + 4).toString(), 8));
      i += 3;
    } else throw new PgError(SQLSTATE.INVALID_TEXT_REPRESENTATION, 'invalid input syntax for type bytea');
  }
  return Buffer.from(out);
}

function hexDecode(s: string): Buffer {
  const out: number[] = [];
  let i = 0;
  const digit = (c: string) => {
    const v = Number.parseInt(c, 16);
    if (!/^[0-9a-fA-F]$/.test(c)) throw invalid(`invalid hexadecimal digit: "${c}"`);
    return v;
  };
  while (i < s.length) {
    const c = s[i];
    if (c === ' ' || c === '\n' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    const hi = digit(c);
    if (i + 1 >= s.length) throw invalid('invalid hexadecimal data: odd number of digits');
    out.push(hi * 16 + digit(s[i + 1]));
    i += 2;
  }
  return Buffer.from(out);
}

function base64Decode(s: string): Buffer {
  const clean = s.replace(/[ \t\n\r]/g, '');
  const bad = /[^A-Za-z0-9+/=]/.exec(clean);
  if (bad) throw invalid(`invalid symbol "${bad[0]}" found while decoding base64 sequence`);
  if (/=[^=]/.test(clean) || clean.length % 4 !== 0) throw invalid('invalid base64 end sequence');
  return Buffer.from(clean, 'base64');
}

const ENCODINGS: Record<string, BufferEncoding> = {
  utf8: 'utf8',
  sqlascii: 'latin1',
  latin1: 'latin1',
  iso88591: 'latin1',
};
function encodingOf(name: string, what: string): BufferEncoding {
  const e = ENCODINGS[name.toLowerCase().replace(/[-_]/g, '')];
  if (!e) throw invalid(`invalid ${what} encoding name "${name}"`);
  return e;
}

function checkIndex(i: number, n: number): void {
  if (i < 0 || i >= n) throw new PgError('2202E', `index ${i} out of valid range, 0..${n - 1}`);
}

defineSqliteFunctions((db) => {
  const det = { deterministic: true };
  const fn = (name: string, f: (...args: any[]) => unknown, opts: object = det) => db.function(name, opts, f as never);
  fn(
    'lumos_encode',
    strict((b: V, f: V) => {
      const buf = asBuf(b);
      switch (asStr(f).toLowerCase()) {
        case 'hex':
          return buf.toString('hex');
        case 'base64':
          // PG breaks base64 output into lines of 76 characters.
          return (buf.toString('base64').match(/.{1,76}/g) ?? []).join('\n');
        case 'escape':
          return escapeEncode(buf);
        default:
          throw invalid(`unrecognized encoding: "${asStr(f)}"`);
      }
    }),
  );
  fn(
    'lumos_decode',
    strict((s: V, f: V) => {
      switch (asStr(f).toLowerCase()) {
        case 'hex':
          return hexDecode(asStr(s));
        case 'base64':
          return base64Decode(asStr(s));
        case 'escape':
          return escapeDecode(asStr(s));
        default:
          throw invalid(`unrecognized encoding: "${asStr(f)}"`);
      }
    }),
  );
  fn(
    'lumos_digest',
    strict((x: V, alg: V, hex: V) => {
      const h = createHash(String(alg)).update(Buffer.isBuffer(x) ? x : Buffer.from(String(x)));
      return Number(hex) ? h.digest('hex') : h.digest();
    }),
  );
  fn(
    'lumos_convert_to',
    strict((s: V, e: V) => Buffer.from(asStr(s), encodingOf(asStr(e), 'destination'))),
  );
  fn(
    'lumos_convert_from',
    strict((b: V, e: V) => {
      const enc = encodingOf(asStr(e), 'source');
      const buf = asBuf(b);
      const s = buf.toString(enc);
      if (enc === 'utf8' && !Buffer.from(s).equals(buf)) {
        const bad = buf.findIndex((_, i) => Buffer.from(buf.subarray(i, i + 1).toString()).length !== 1);
        throw new PgError(
          SQLSTATE.CHARACTER_NOT_IN_REPERTOIRE,
          `invalid byte sequence for encoding "UTF8": 0x${buf[Math.max(bad, 0)].toString(16).padStart(2, '0')}`,
        );
      }
      if (s.includes('\u0000'))
        throw new PgError(SQLSTATE.CHARACTER_NOT_IN_REPERTOIRE, 'invalid byte sequence for encoding "UTF8": 0x00');
      return s;
    }),
  );
  fn(
    'lumos_get_byte',
    strict((b: V, i: V) => {
      const buf = asBuf(b);
      checkIndex(Number(i), buf.length);
      return buf[Number(i)];
    }),
  );
  fn(
    'lumos_get_bit',
    strict((b: V, i: V) => {
      const buf = asBuf(b);
      const k = Number(i);
      checkIndex(k, buf.length * 8);
      return (buf[k >> 3] >> (k & 7)) & 1;
    }),
  );
  fn(
    'lumos_set_byte',
    strict((b: V, i: V, v: V) => {
      const buf = Buffer.from(asBuf(b));
      checkIndex(Number(i), buf.length);
      buf[Number(i)] = Number(v) & 0xff;
      return buf;
    }),
  );
  fn(
    'lumos_set_bit',
    strict((b: V, i: V, v: V) => {
      const buf = Buffer.from(asBuf(b));
      const k = Number(i);
      checkIndex(k, buf.length * 8);
      if (Number(v) !== 0 && Number(v) !== 1) throw invalid('new bit must be 0 or 1');
      buf[k >> 3] = Number(v) ? buf[k >> 3] | (1 << (k & 7)) : buf[k >> 3] & ~(1 << (k & 7));
      return buf;
    }),
  );
  fn(
    'lumos_bytea_concat',
    strict((a: V, b: V) => Buffer.concat([asBuf(a), asBuf(b)])),
  );
});
