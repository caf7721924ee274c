/**
 * PostgreSQL string functions (initcap, split_part, lpad/rpad, format, translate, quote_*, string_to_array...)
 * translated to SQLite, with the lumos_* UDFs that implement them. Lengths and positions count characters
 * (code points) as PG does in UTF8 databases.
 */
import { PgError, SQLSTATE } from '../../../protocol/errors.js';
import { OID } from '../../../protocol/types/oids.js';
import { coerce, type Expr, isTextLike } from './coerce.js';
import { regexSubstringSql, similarSubstringSql } from './fn-regex.js';
import { defineScalar, defineSqliteFunctions } from './fn-registry.js';
import { asStr, byteaArg, intArg, mk, outputTextSql, strict, textArg, textArgs, type V } from './fn-util.js';

const T = OID.text;

/** Register a function whose arguments are all text and which calls a lumos_ UDF of the same arity. */
function textFn(name: string, arities: number[], udf: string, type: number = T): void {
  defineScalar(name, (ctx, a, n) => {
    if (!arities.includes(a.length)) return undefined;
    const xs = textArgs(ctx, a, n);
    return xs && mk(`${udf}(${xs.map((x) => x.sql).join(', ')})`, type);
  });
}

textFn('initcap', [1], 'lumos_initcap');
textFn('reverse', [1], 'lumos_reverse');
textFn('translate', [3], 'lumos_translate');
textFn('ascii', [1], 'lumos_ascii', OID.int4);
textFn('quote_ident', [1], 'lumos_quote_ident');
textFn('starts_with', [2], 'lumos_starts_with', OID.bool);
textFn('bit_length', [1], '8 * octet_length', OID.int4);

textFn('replace', [3], 'replace');

for (const name of ['left', 'right', 'repeat']) {
  defineScalar(name, (ctx, a, n) => {
    if (a.length !== 2) return undefined;
    const s = textArg(ctx, a[0], n);
    const k = intArg(ctx, a[1], n);
    return s && k && mk(`lumos_${name}(${s.sql}, ${k.sql})`, T);
  });
}

defineScalar('split_part', (ctx, a, n) => {
  if (a.length !== 3) return undefined;
  const xs = textArgs(ctx, a.slice(0, 2), n);
  const k = intArg(ctx, a[2], n);
  return xs && k && mk(`lumos_split_part(${xs[0].sql}, ${xs[1].sql}, ${k.sql})`, T);
});

for (const name of ['lpad', 'rpad']) {
  defineScalar(name, (ctx, a, n) => {
    if (a.length !== 2 && a.length !== 3) return undefined;
    const s = textArg(ctx, a[0], n);
    const len = intArg(ctx, a[1], n);
    const fill = a.length === 3 ? textArg(ctx, a[2], n) : mk("' '", T);
    return s && len && fill && mk(`lumos_${name}(${s.sql}, ${len.sql}, ${fill.sql})`, T);
  });
}

defineScalar('chr', (ctx, a, n) => {
  const x = a.length === 1 ? intArg(ctx, a[0], n) : undefined;
  return x && mk(`lumos_chr(${x.sql})`, T);
});

defineScalar('overlay', (ctx, a, n) => {
  if (a.length !== 3 && a.length !== 4) return undefined;
  const bytea = a[0].type === OID.bytea;
  const conv = (e: Expr) => (bytea ? byteaArg(ctx, e, n) : textArg(ctx, e, n));
  const s = conv(a[0]);
  const r = conv(a[1]);
  const from = intArg(ctx, a[2], n);
  const len = a.length === 4 ? intArg(ctx, a[3], n) : mk('NULL', OID.int4);
  return (
    s &&
    r &&
    from &&
    len &&
    mk(`lumos_overlay(${s.sql}, ${r.sql}, ${from.sql}, ${len.sql})`, a[0].type === OID.bytea ? OID.bytea : T)
  );
});

defineScalar('quote_literal', (ctx, a, n) => {
  if (a.length !== 1) return undefined;
  const x = textArg(ctx, a[0], n);
  return mk(`lumos_quote_literal(${x ? x.sql : outputTextSql(ctx, a[0])}, 0)`, T);
});
defineScalar('quote_nullable', (ctx, a, n) => {
  if (a.length !== 1) return undefined;
  const x = textArg(ctx, a[0], n);
  return mk(`lumos_quote_literal(${x ? x.sql : outputTextSql(ctx, a[0])}, 1)`, T);
});

defineScalar('to_hex', (ctx, a, n) => {
  if (a.length !== 1) return undefined;
  const x = a[0].type === OID.int8 ? a[0] : intArg(ctx, a[0], n);
  return x && mk(`lumos_to_hex(${x.sql}, ${x.type === OID.int8 ? 64 : 32})`, T);
});

defineScalar('format', (ctx, a, n) => {
  if (a.length < 1) return undefined;
  const f = textArg(ctx, a[0], n);
  if (!f) return undefined;
  // Each argument goes in as its output text; a NULL array element cannot be told apart, which PG also ignores.
  const rest = a
    .slice(1)
    .map((x) => (x.type === OID.unknown ? coerce(ctx.t, x, T, -1, 'implicit', n).sql : outputTextSql(ctx, x)));
  return mk(`lumos_format(${[f.sql, ...rest].join(', ')})`, T);
});

// concat/concat_ws print each argument with its type's output function (booleans as t/f).
defineScalar('concat', (ctx, a) =>
  mk(a.length ? `(${a.map((x) => `coalesce(${outputTextSql(ctx, x)}, '')`).join(' || ')})` : "''", T),
);
defineScalar('concat_ws', (ctx, a, n) => {
  const sep = a.length ? textArg(ctx, a[0], n) : undefined;
  if (!sep) return undefined;
  return mk(`lumos_concat_ws(${[sep.sql, ...a.slice(1).map((x) => outputTextSql(ctx, x))].join(', ')})`, T);
});

defineScalar('string_to_array', (ctx, a, n) => {
  if (a.length !== 2 && a.length !== 3) return undefined;
  const xs = textArgs(ctx, a, n);
  return (
    xs && mk(`lumos_string_to_array(${xs.map((x) => x.sql).join(', ')}${xs.length === 2 ? ', NULL' : ''})`, OID._text)
  );
});

// length & co. also take bytea (bytes) and char(n) (octet_length keeps the padding).
for (const name of ['length', 'char_length', 'character_length', 'octet_length']) {
  defineScalar(name, (ctx, a, n) => {
    if (a.length !== 1) return undefined;
    const x = a[0];
    if (x.type === OID.bytea) return mk(`length(${x.sql})`, OID.int4);
    if (name === 'octet_length' && x.type === OID.bpchar) return mk(`octet_length(${x.sql})`, OID.int4);
    const s = textArg(ctx, x, n);
    return s && mk(name === 'octet_length' ? `octet_length(${s.sql})` : `length(${s.sql})`, OID.int4);
  });
}

for (const name of ['substr', 'substring']) {
  defineScalar(name, (ctx, a, n) => {
    if (a.length < 2 || a.length > 3) return undefined;
    if (a[0].type === OID.bytea) {
      const from = intArg(ctx, a[1], n);
      const len = a.length === 3 ? intArg(ctx, a[2], n) : mk('NULL', OID.int4);
      return from && len && mk(`lumos_bytea_substr(${a[0].sql}, ${from.sql}, ${len.sql})`, OID.bytea);
    }
    const s = textArg(ctx, a[0], n);
    if (!s) return undefined;
    // substring(s FROM 'pattern') and substring(s SIMILAR 'pattern' ESCAPE 'e'): a text second argument.
    if (name === 'substring' && (a[1].type === OID.unknown || isTextLike(a[1].type)) && a[1].param === undefined) {
      const xs = textArgs(ctx, a.slice(1), n);
      if (!xs) return undefined;
      const sql =
        a.length === 2 ? regexSubstringSql(s.sql, xs[0].sql) : similarSubstringSql(s.sql, xs[0].sql, xs[1].sql);
      return mk(sql, T);
    }
    const from = intArg(ctx, a[1], n);
    if (!from) return undefined;
    if (a.length === 2) return mk(`substr(${s.sql}, max(${from.sql}, 1))`, T);
    const len = intArg(ctx, a[2], n);
    return len && mk(`lumos_substr(${s.sql}, ${from.sql}, ${len.sql})`, T);
  });
}

for (const name of ['btrim', 'ltrim', 'rtrim']) {
  defineScalar(name, (ctx, a, n) => {
    if (a.length < 1 || a.length > 2) return undefined;
    if (a[0].type === OID.bytea) {
      const chars = a.length === 2 ? byteaArg(ctx, a[1], n) : undefined;
      return chars && mk(`lumos_bytea_trim(${a[0].sql}, ${chars.sql}, '${name}')`, OID.bytea);
    }
    const xs = textArgs(ctx, a, n);
    const fn = name === 'btrim' ? 'trim' : name;
    return xs && mk(`${fn}(${xs[0].sql}, ${xs.length === 2 ? xs[1].sql : "' '"})`, T);
  });
}

for (const name of ['strpos', 'position']) {
  defineScalar(name, (ctx, a, n) => {
    if (a.length !== 2) return undefined;
    if (a[0].type === OID.bytea || a[1].type === OID.bytea) {
      const xs = [byteaArg(ctx, a[0], n), byteaArg(ctx, a[1], n)];
      return xs[0] && xs[1] ? mk(`instr(${xs[0].sql}, ${xs[1].sql})`, OID.int4) : undefined;
    }
    const xs = textArgs(ctx, a, n);
    return xs && mk(`instr(${xs[0].sql}, ${xs[1].sql})`, OID.int4);
  });
}

const chars = (s: string) => [...s];

function initcap(s: string): string {
  let out = '';
  let prevAlnum = false;
  for (const c of s) {
    out += prevAlnum ? pgLower(c) : pgUpper(c);
    prevAlnum = /[\p{L}\p{N}]/u.test(c);
  }
  return out;
}

const ASCII = {
  test(s: string): boolean {
    for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return false;
    return true;
  },
};
/** Per-character case mapping like glibc's towupper: a character never becomes several (ß stays ß). */
export function pgUpper(s: string): string {
  if (ASCII.test(s)) return s.toUpperCase();
  let out = '';
  for (const c of s) {
    const u = c.toUpperCase();
    out += [...u].length === 1 ? u : c;
  }
  return out;
}
export function pgLower(s: string): string {
  if (ASCII.test(s)) return s.toLowerCase();
  let out = '';
  for (const c of s) {
    const l = c.toLowerCase();
    out += [...l].length === 1 ? l : c;
  }
  return out;
}

function pad(s: string, len: number, fill: string, left: boolean): string {
  const cs = chars(s);
  if (len <= 0) return '';
  if (cs.length >= len) return cs.slice(0, len).join('');
  const f = chars(fill);
  if (!f.length) return s;
  const need = len - cs.length;
  const p: string[] = [];
  for (let i = 0; i < need; i++) p.push(f[i % f.length]);
  return left ? p.join('') + s : s + p.join('');
}

// Keywords that are not "unreserved": quote_ident quotes them (pg_get_keywords() where catcode <> 'U').
const KEYWORDS = new Set(
  `all analyse analyze and any array as asc asymmetric authorization between bigint binary bit boolean both case cast
char character check coalesce collate collation column concurrently constraint create cross current_catalog current_date
current_role current_schema current_time current_timestamp current_user dec decimal default deferrable desc distinct do
else end except exists extract false fetch float for foreign freeze from full grant greatest group grouping having ilike
in initially inner inout int integer intersect interval into is isnull join lateral leading least left like limit
localtime localtimestamp national natural nchar none normalize not notnull null nullif numeric offset on only or order
out outer overlaps overlay placing position precision primary real references returning right row select session_user
setof similar smallint some substring symmetric table tablesample then time timestamp to trailing treat trim true union
unique user using values varchar variadic verbose when where window with xmlattributes xmlconcat xmlelement xmlexists
xmlforest xmlnamespaces xmlparse xmlpi xmlroot xmlserialize xmltable`.split(/\s+/),
);

export function quoteIdent(s: string): string {
  if (/^[a-z_][a-z0-9_$]*$/.test(s) && !KEYWORDS.has(s)) return s;
  return `"${s.replaceAll('"', '""')}"`;
}

export function quoteLiteral(s: string): string {
  const body = s.replaceAll("'", "''");
  return s.includes('\\') ? `E'${body.replaceAll('\\', '\\\\')}'` : `'${body}'`;
}

const fmtErr = (m: string) => new PgError(SQLSTATE.INVALID_PARAMETER_VALUE, m);

/** PG's format(): %[n$][-][width]{s|I|L}, with * widths and %%. */
function format(f: string, args: V[]): string {
  let out = '';
  let next = 0;
  let i = 0;
  const arg = (k: number) => {
    if (k >= args.length) throw fmtErr('too few arguments for format()');
    return args[k];
  };
  while (i < f.length) {
    const c = f[i++];
    if (c !== '%') {
      out += c;
      continue;
    }
    if (i >= f.length) throw fmtErr('unterminated format() type specifier');
    if (f[i] === '%') {
      out += '%';
      i++;
      continue;
    }
    let m = /^(\d+)\$/.exec(f.slice(i));
    let pos: number | undefined;
    if (m) {
      pos = Number(m[1]);
      if (pos === 0) throw fmtErr('format specifies argument 0, but arguments are numbered from 1');
      i += m[0].length;
    }
    let minus = false;
    while (f[i] === '-') {
      minus = true;
      i++;
    }
    let width = 0;
    if (f[i] === '*') {
      i++;
      m = /^(\d+)\$/.exec(f.slice(i));
      let w: V;
      if (m) {
        w = arg(Number(m[1]) - 1);
        i += m[0].length;
      } else w = arg(next++);
      const wn = w === null || w === undefined ? 0 : Number(w);
      if (wn < 0) minus = true;
      width = Math.abs(wn);
    } else {
      m = /^\d+/.exec(f.slice(i));
      if (m) {
        width = Number(m[0]);
        i += m[0].length;
      }
    }
    if (i >= f.length) throw fmtErr('unterminated format() type specifier');
    const type = f[i++];
    if (!'sIL'.includes(type)) throw fmtErr(`unrecognized format() type specifier "${type}"`);
    const k = pos !== undefined ? pos - 1 : next;
    const v = arg(k);
    next = k + 1;
    let s: string;
    if (v === null || v === undefined) {
      if (type === 'I') throw new PgError('22004', 'null values cannot be formatted as an SQL identifier');
      s = type === 'L' ? 'NULL' : '';
    } else {
      const str = asStr(v);
      s = type === 'I' ? quoteIdent(str) : type === 'L' ? quoteLiteral(str) : str;
    }
    const len = chars(s).length;
    if (len < width) s = minus ? s + ' '.repeat(width - len) : ' '.repeat(width - len) + s;
    out += s;
  }
  return out;
}

function splitPart(s: string, d: string, k: number): string {
  if (k === 0) throw new PgError(SQLSTATE.INVALID_PARAMETER_VALUE, 'field position must not be zero');
  const parts = d === '' ? [s] : s.split(d);
  const i = k > 0 ? k - 1 : parts.length + k;
  return i >= 0 && i < parts.length ? parts[i] : '';
}

function stringToArray(s: string, d: string | null, nullStr: string | null): string {
  let parts: string[];
  if (s === '') parts = [];
  else if (d === null) parts = chars(s);
  else if (d === '') parts = [s];
  else parts = s.split(d);
  return JSON.stringify(parts.map((p) => (nullStr !== null && p === nullStr ? null : p)));
}

function bytesTrim(b: Buffer, set: Buffer, mode: string): Buffer {
  let start = 0;
  let end = b.length;
  if (mode !== 'rtrim') while (start < end && set.includes(b[start])) start++;
  if (mode !== 'ltrim') while (end > start && set.includes(b[end - 1])) end--;
  return b.subarray(start, end);
}

defineSqliteFunctions((db) => {
  const det = { deterministic: true };
  const fn = (name: string, f: (...args: any[]) => unknown, opts: object = det) => db.function(name, opts, f as never);
  fn(
    'lumos_initcap',
    strict((s: V) => initcap(asStr(s))),
  );
  fn(
    'lumos_reverse',
    strict((s: V) => chars(asStr(s)).reverse().join('')),
  );
  fn(
    'lumos_translate',
    strict((s: V, from: V, to: V) => {
      const f = chars(asStr(from));
      const t = chars(asStr(to));
      let out = '';
      for (const c of asStr(s)) {
        const i = f.indexOf(c);
        if (i < 0) out += c;
        else if (i < t.length) out += t[i];
      }
      return out;
    }),
  );
  fn(
    'lumos_ascii',
    strict((s: V) => asStr(s).codePointAt(0) ?? 0),
  );
  fn(
    'lumos_chr',
    strict((x: V) => {
      const c = Number(x);
      if (c === 0) throw new PgError(SQLSTATE.PROGRAM_LIMIT_EXCEEDED, 'null character not permitted');
      if (c < 0 || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
        throw new PgError('54000', `requested character too large for encoding: ${c}`);
      return String.fromCodePoint(c);
    }),
  );
  fn(
    'lumos_quote_ident',
    strict((s: V) => quoteIdent(asStr(s))),
  );
  fn('lumos_quote_literal', (s: V, nullable: V) =>
    s === null || s === undefined ? (nullable ? 'NULL' : null) : quoteLiteral(asStr(s)),
  );
  fn(
    'lumos_starts_with',
    strict((s: V, p: V) => (asStr(s).startsWith(asStr(p)) ? 1 : 0)),
  );
  fn(
    'lumos_split_part',
    strict((s: V, d: V, k: V) => splitPart(asStr(s), asStr(d), Number(k))),
  );
  fn(
    'lumos_lpad',
    strict((s: V, l: V, f: V) => pad(asStr(s), Number(l), asStr(f), true)),
  );
  fn(
    'lumos_rpad',
    strict((s: V, l: V, f: V) => pad(asStr(s), Number(l), asStr(f), false)),
  );
  fn(
    'lumos_to_hex',
    strict((x: V, bits: V) => {
      let v = BigInt(x as number);
      if (v < 0n) v += 1n << BigInt(Number(bits));
      return v.toString(16);
    }),
    { deterministic: true, safeIntegers: true },
  );
  fn('lumos_format', (f: V, ...args: V[]) => (f === null || f === undefined ? null : format(asStr(f), args)), {
    deterministic: true,
    varargs: true,
  });
  fn('lumos_string_to_array', (s: V, d: V, nul: V) =>
    s === null || s === undefined
      ? null
      : stringToArray(
          asStr(s),
          d === null || d === undefined ? null : asStr(d),
          nul === null || nul === undefined ? null : asStr(nul),
        ),
  );
  fn('lumos_overlay', (s: V, r: V, from: V, len: V) => {
    if (s === null || r === null || from === null || s === undefined || r === undefined) return null;
    if (Buffer.isBuffer(s)) {
      const rb = Buffer.isBuffer(r) ? r : Buffer.from(String(r));
      const f = Number(from);
      const l = len === null || len === undefined ? rb.length : Number(len);
      return Buffer.concat([s.subarray(0, Math.max(f - 1, 0)), rb, s.subarray(Math.max(f - 1 + l, 0))]);
    }
    const cs = chars(asStr(s));
    const rs = asStr(r);
    const f = Number(from);
    const l = len === null || len === undefined ? chars(rs).length : Number(len);
    if (f < 1) throw new PgError('22011', 'negative substring length not allowed');
    return cs.slice(0, f - 1).join('') + rs + cs.slice(f - 1 + l).join('');
  });
  fn('lumos_bytea_substr', (b: V, from: V, len: V) => {
    if (b === null || from === null || b === undefined || from === undefined) return null;
    const buf = Buffer.isBuffer(b) ? b : Buffer.from(String(b));
    const f = Number(from);
    if (len === null || len === undefined) return buf.subarray(Math.max(f - 1, 0));
    const l = Number(len);
    if (l < 0) throw new PgError('22011', 'negative substring length not allowed');
    const start = Math.max(f, 1);
    const end = f + l;
    return end <= start ? Buffer.alloc(0) : buf.subarray(start - 1, end - 1);
  });
  fn(
    'lumos_bytea_trim',
    strict((b: V, set: V, mode: V) =>
      bytesTrim(b as Buffer, Buffer.isBuffer(set) ? set : Buffer.from(String(set)), String(mode)),
    ),
  );
});
