/**
 * json/jsonb set-returning functions (each, each_text, object_keys, array_elements[_text]) on the SRF
 * machinery of srf.ts. Values are sliced out of the document text (json-core.ts spans), so json keeps
 * its spelling and jsonb stays normalised.
 */
import { OID } from '../../../protocol/types/oids.js';
import { coerce, type Expr } from './coerce.js';
import { elementSpans, invalidParam, memberSpans, rootSpan, spanText, spanType } from './json-core.js';
import { defineSetReturning, defineSqliteTable } from './srf.js';
import type { StorageValue } from './storage.js';

type V = StorageValue | undefined;

function doc(v: V): string | null {
  return v === null || v === undefined ? null : Buffer.isBuffer(v) ? v.toString() : String(v);
}

defineSqliteTable('lumos_json_each', {
  columns: ['key', 'value'],
  parameters: ['doc', 'fn', 'as_text'],
  *rows(d: V, fn: V, asText: V) {
    const s = doc(d);
    if (s === null) return;
    const sp = rootSpan(s);
    const t = spanType(s, sp);
    if (t !== 'object') {
      throw invalidParam(`cannot call ${String(fn)} on ${t === 'array' ? 'an array' : 'a non-object'}`);
    }
    for (const [k, v] of memberSpans(s, sp)) yield [k, asText ? spanText(s, v) : s.slice(v[0], v[1])];
  },
});

defineSqliteTable('lumos_json_keys', {
  columns: ['value'],
  parameters: ['doc', 'fn'],
  *rows(d: V, fn: V) {
    const s = doc(d);
    if (s === null) return;
    const sp = rootSpan(s);
    const t = spanType(s, sp);
    if (t !== 'object') throw invalidParam(`cannot call ${String(fn)} on ${t === 'array' ? 'an array' : 'a scalar'}`);
    const seen = new Set<string>();
    for (const [k] of memberSpans(s, sp)) {
      // json keeps duplicate keys; json_object_keys lists each occurrence like PG.
      if (String(fn).startsWith('jsonb') && seen.has(k)) continue;
      seen.add(k);
      yield [k];
    }
  },
});

defineSqliteTable('lumos_json_elements', {
  columns: ['value'],
  parameters: ['doc', 'as_text'],
  *rows(d: V, asText: V) {
    const s = doc(d);
    if (s === null) return;
    const sp = rootSpan(s);
    const t = spanType(s, sp);
    if (t !== 'array') throw invalidParam(`cannot extract elements from ${t === 'object' ? 'an object' : 'a scalar'}`);
    for (const e of elementSpans(s, sp)) yield [asText ? spanText(s, e) : s.slice(e[0], e[1])];
  },
});

function jarg(a: Expr[], type: number, t: Parameters<typeof coerce>[0]): Expr | undefined {
  if (a.length !== 1) return undefined;
  if (a[0].type === type) return a[0];
  if (a[0].type === OID.unknown) return coerce(t, a[0], type, -1, 'implicit');
  return undefined;
}

for (const type of [OID.json, OID.jsonb]) {
  const p = type === OID.jsonb ? 'jsonb' : 'json';
  for (const asText of [false, true]) {
    const name = `${p}_each${asText ? '_text' : ''}`;
    defineSetReturning(name, (ctx, a) => {
      const d = jarg(a, type, ctx.t);
      return (
        d && {
          table: 'lumos_json_each',
          args: [d.sql, `'${name}'`, asText ? '1' : '0'],
          columns: [
            { name: 'key', type: OID.text, typmod: -1 },
            { name: 'value', type: asText ? OID.text : type, typmod: -1 },
          ],
          scalar: false,
        }
      );
    });
    const el = `${p}_array_elements${asText ? '_text' : ''}`;
    defineSetReturning(el, (ctx, a) => {
      const d = jarg(a, type, ctx.t);
      return (
        d && {
          table: 'lumos_json_elements',
          args: [d.sql, asText ? '1' : '0'],
          columns: [{ name: 'value', type: asText ? OID.text : type, typmod: -1 }],
          scalar: false,
        }
      );
    });
  }
  defineSetReturning(`${p}_object_keys`, (ctx, a) => {
    const d = jarg(a, type, ctx.t);
    return (
      d && {
        table: 'lumos_json_keys',
        args: [d.sql, `'${p}_object_keys'`],
        columns: [{ name: `${p}_object_keys`, type: OID.text, typmod: -1 }],
        scalar: true,
      }
    );
  });
}
