/**
 * Functions and aggregates on bit strings (varbit.c in PG 15): length, bit_length, octet_length, bit_count,
 * get_bit, set_bit, position, substring, overlay, and bit_and/bit_or/bit_xor. They are overloads of the
 * text/bytea functions of the same names; PG has no min/max for bit strings.
 */
import { PgError, SQLSTATE } from '../../../protocol/errors.js';
import { OID } from '../../../protocol/types/oids.js';
import { coerce } from './coerce.js';
import { defineAggregateOverload, defineOverload, defineSqliteFunctions } from './fn-registry.js';
import { intArg, isNull, mk, type V } from './fn-util.js';
import { bitLogical } from './op-bit.js';
import { isBitString } from './type-bit.js';

const substringError = () => new PgError('22011', 'negative substring length not allowed');

/** bitsubstr: bits s.. (1-based) for l bits, clipped to the string like PG (s may be <= 0). */
export function bitSubstring(bits: string, s: number, l: number | null): string {
  const len = bits.length;
  const s1 = Math.max(s, 1);
  let e1 = len + 1;
  if (l !== null) {
    if (l < 0) throw substringError();
    e1 = Math.min(s + l, len + 1);
  }
  return s1 > len || e1 <= s1 ? '' : bits.slice(s1 - 1, e1 - 1);
}

/** bit_overlay: `placing` replaces l bits (default its own length) from position s (>= 1). */
export function bitOverlay(bits: string, placing: string, s: number, l: number | null): string {
  if (s <= 0) throw substringError();
  const n = l ?? placing.length;
  return bitSubstring(bits, 1, s - 1) + placing + bitSubstring(bits, s + n, null);
}

/** bitposition: 1-based index of the first occurrence, 0 when absent or the string is empty. */
export function bitPosition(bits: string, sub: string): number {
  if (bits.length === 0 || sub.length > bits.length) return 0;
  return bits.indexOf(sub) + 1;
}

function checkIndex(bits: string, n: number): void {
  if (n < 0 || n >= bits.length)
    throw new PgError('2202E', `bit index ${n} out of valid range (0..${bits.length - 1})`);
}

export function bitGet(bits: string, n: number): number {
  checkIndex(bits, n);
  return bits.charCodeAt(n) === 0x31 ? 1 : 0;
}

export function bitSet(bits: string, n: number, v: number): string {
  checkIndex(bits, n);
  if (v !== 0 && v !== 1) throw new PgError(SQLSTATE.INVALID_PARAMETER_VALUE, 'new bit must be 0 or 1');
  return bits.slice(0, n) + String(v) + bits.slice(n + 1);
}

// length(bit) = bit_length(bit): the number of bits, the stored digits' count.
for (const name of ['length', 'bit_length']) {
  defineOverload(name, (_ctx, a) =>
    a.length === 1 && isBitString(a[0].type) ? mk(`length(${a[0].sql})`, OID.int4) : undefined,
  );
}
defineOverload('octet_length', (_ctx, a) =>
  a.length === 1 && isBitString(a[0].type) ? mk(`((length(${a[0].sql}) + 7) / 8)`, OID.int4) : undefined,
);
defineOverload('bit_count', (_ctx, a) =>
  a.length === 1 && isBitString(a[0].type)
    ? mk(`(length(${a[0].sql}) - length(replace(${a[0].sql}, '1', '')))`, OID.int8)
    : undefined,
);
defineOverload('get_bit', (ctx, a, n) => {
  const i = a.length === 2 && isBitString(a[0].type) ? intArg(ctx, a[1], n) : undefined;
  return i && mk(`lumos_bit_get(${a[0].sql}, ${i.sql})`, OID.int4);
});
defineOverload('set_bit', (ctx, a, n) => {
  if (a.length !== 3 || !isBitString(a[0].type)) return undefined;
  const i = intArg(ctx, a[1], n);
  const v = intArg(ctx, a[2], n);
  return i && v && mk(`lumos_bit_set(${a[0].sql}, ${i.sql}, ${v.sql})`, OID.bit);
});
// position(sub IN bits) arrives as position(bits, sub); an untyped side is a bit string too.
defineOverload('position', (ctx, a, n) => {
  if (a.length !== 2 || !a.some((e) => isBitString(e.type))) return undefined;
  if (!a.every((e) => isBitString(e.type) || e.type === OID.unknown)) return undefined;
  const [s, sub] = a.map((e) => coerce(ctx.t, e, OID.varbit, -1, 'implicit', n));
  return mk(`lumos_bit_position(${s.sql}, ${sub.sql})`, OID.int4);
});
for (const name of ['substring', 'substr']) {
  defineOverload(name, (ctx, a, n) => {
    if ((a.length !== 2 && a.length !== 3) || !isBitString(a[0].type)) return undefined;
    const s = intArg(ctx, a[1], n);
    const l = a.length === 3 ? intArg(ctx, a[2], n) : undefined;
    if (!s || (a.length === 3 && !l)) return undefined;
    return mk(`lumos_bit_substring(${a[0].sql}, ${s.sql}, ${l ? l.sql : 'NULL'}, ${l ? 1 : 0})`, OID.bit);
  });
}
defineOverload('overlay', (ctx, a, n) => {
  if ((a.length !== 3 && a.length !== 4) || !isBitString(a[0].type)) return undefined;
  if (!isBitString(a[1].type) && a[1].type !== OID.unknown) return undefined;
  const placing = coerce(ctx.t, a[1], OID.bit, -1, 'implicit', n).sql;
  const s = intArg(ctx, a[2], n);
  const l = a.length === 4 ? intArg(ctx, a[3], n) : undefined;
  if (!s || (a.length === 4 && !l)) return undefined;
  return mk(`lumos_bit_overlay(${a[0].sql}, ${placing}, ${s.sql}, ${l ? l.sql : 'NULL'}, ${l ? 1 : 0})`, OID.bit);
});

const AGG_OPS: Record<string, string> = { bit_and: '&', bit_or: '|', bit_xor: '#' };
for (const name of Object.keys(AGG_OPS)) {
  defineAggregateOverload(name, (_ctx, a, p) => {
    if (a.length !== 1 || !isBitString(a[0].type)) return undefined;
    return mk(`lumos_${name}_bits(${p.distinct ? 'DISTINCT ' : ''}${a[0].sql}${p.order})${p.suffix}`, OID.bit);
  });
}
// PG has no min/max (nor sum/avg) over bit strings; SQLite's would answer.
for (const name of ['min', 'max']) {
  defineAggregateOverload(name, (ctx, a, _p, n) => {
    if (a.length !== 1 || !isBitString(a[0].type)) return undefined;
    throw ctx.t.error(SQLSTATE.UNDEFINED_FUNCTION, `function ${name}(${ctx.t.typeName(a[0].type)}) does not exist`, n, {
      hint: 'No function matches the given name and argument types. You might need to add explicit type casts.',
    });
  });
}

defineSqliteFunctions((db) => {
  const det = { deterministic: true };
  db.function('lumos_bit_get', det, (b: V, i: V) => (isNull(b) || isNull(i) ? null : bitGet(String(b), Number(i))));
  db.function('lumos_bit_set', det, (b: V, i: V, v: V) =>
    isNull(b) || isNull(i) || isNull(v) ? null : bitSet(String(b), Number(i), Number(v)),
  );
  db.function('lumos_bit_position', det, (b: V, s: V) =>
    isNull(b) || isNull(s) ? null : bitPosition(String(b), String(s)),
  );
  // `hasLength` tells substring(b, s, NULL) (NULL) from substring(b, s) (to the end).
  db.function('lumos_bit_substring', det, (b: V, s: V, l: V, hasLength: V) =>
    isNull(b) || isNull(s) || (hasLength && isNull(l))
      ? null
      : bitSubstring(String(b), Number(s), hasLength ? Number(l) : null),
  );
  db.function('lumos_bit_overlay', det, (b: V, p: V, s: V, l: V, hasLength: V) =>
    isNull(b) || isNull(p) || isNull(s) || (hasLength && isNull(l))
      ? null
      : bitOverlay(String(b), String(p), Number(s), hasLength ? Number(l) : null),
  );
  for (const [name, op] of Object.entries(AGG_OPS)) {
    db.aggregate(`lumos_${name}_bits`, {
      start: () => null as string | null,
      step: (acc: string | null, v: V) => (isNull(v) ? acc : acc === null ? String(v) : bitLogical(op, acc, String(v))),
      result: (acc: string | null) => acc,
    });
  }
});
