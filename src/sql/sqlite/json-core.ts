/**
 * JSON helpers behind the json/jsonb SQLite functions (fn-json.ts). Values are stored as text: json as the
 * client wrote it, jsonb normalised exactly as PG prints it (protocol/types/json.ts). Extraction works on
 * text spans so json keeps its original spelling (PG's json operators return sub-texts verbatim) and a
 * span of normalised jsonb text is itself normalised. Everything else works on parsed trees.
 */
import { PgError, SQLSTATE } from '../../../protocol/errors.js';
import { compareKeys, type JNode, JNumber, JObject, parseJson, serialize } from '../../../protocol/types/json.js';
import { decCmp, parseDec } from './numeric.js';

export { type JNode, JNumber, JObject, serialize };

const isWs = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;

function ws(s: string, i: number): number {
  while (i < s.length && isWs(s.charCodeAt(i))) i++;
  return i;
}

function skipString(s: string, i: number): number {
  for (i++; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 92) i++;
    else if (c === 34) return i + 1;
  }
  return i;
}

/** End of the (valid) JSON value starting at i. */
function skipValue(s: string, i: number): number {
  const c = s[i];
  if (c === '"') return skipString(s, i);
  if (c === '{' || c === '[') {
    let depth = 0;
    while (i < s.length) {
      const ch = s[i];
      if (ch === '"') {
        i = skipString(s, i);
        continue;
      }
      if (ch === '{' || ch === '[') depth++;
      else if (ch === '}' || ch === ']') {
        depth--;
        if (depth === 0) return i + 1;
      }
      i++;
    }
    return i;
  }
  while (i < s.length && !/[\s,\]}]/.test(s[i])) i++;
  return i;
}

export type Span = [number, number];

export function rootSpan(s: string): Span {
  const a = ws(s, 0);
  return [a, skipValue(s, a)];
}

function decodeKey(raw: string): string {
  return raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1);
}

/** Span of `key` in the object at `sp` (the last duplicate wins, as in PG), or null. */
export function fieldSpan(s: string, sp: Span, key: string): Span | null {
  if (s[sp[0]] !== '{') return null;
  let i = ws(s, sp[0] + 1);
  let found: Span | null = null;
  while (i < sp[1] && s[i] === '"') {
    const kEnd = skipString(s, i);
    const k = decodeKey(s.slice(i, kEnd));
    i = ws(s, ws(s, kEnd) + 1);
    const vEnd = skipValue(s, i);
    if (k === key) found = [i, vEnd];
    i = ws(s, vEnd);
    if (s[i] !== ',') break;
    i = ws(s, i + 1);
  }
  return found;
}

/** Spans of the elements of the array at `sp`. */
export function elementSpans(s: string, sp: Span): Span[] {
  const out: Span[] = [];
  let i = ws(s, sp[0] + 1);
  if (s[i] === ']') return out;
  while (i < sp[1]) {
    const e = skipValue(s, i);
    out.push([i, e]);
    i = ws(s, e);
    if (s[i] !== ',') break;
    i = ws(s, i + 1);
  }
  return out;
}

/** Keys and value spans of the object at `sp`, in written order. */
export function memberSpans(s: string, sp: Span): [string, Span][] {
  const out: [string, Span][] = [];
  let i = ws(s, sp[0] + 1);
  while (i < sp[1] && s[i] === '"') {
    const kEnd = skipString(s, i);
    const k = decodeKey(s.slice(i, kEnd));
    i = ws(s, ws(s, kEnd) + 1);
    const vEnd = skipValue(s, i);
    out.push([k, [i, vEnd]]);
    i = ws(s, vEnd);
    if (s[i] !== ',') break;
    i = ws(s, i + 1);
  }
  return out;
}

export function indexSpan(s: string, sp: Span, idx: number): Span | null {
  if (s[sp[0]] !== '[') return null;
  const els = elementSpans(s, sp);
  const i = idx < 0 ? els.length + idx : idx;
  return i >= 0 && i < els.length ? els[i] : null;
}

export function spanType(s: string, sp: Span): string {
  const c = s[sp[0]];
  if (c === '{') return 'object';
  if (c === '[') return 'array';
  if (c === '"') return 'string';
  if (c === 't' || c === 'f') return 'boolean';
  if (c === 'n') return 'null';
  return 'number';
}

/** `->>`: strings lose their quotes and escapes, JSON null becomes SQL NULL, the rest stays as text. */
export function spanText(s: string, sp: Span): string | null {
  const c = s[sp[0]];
  if (c === '"') return JSON.parse(s.slice(sp[0], sp[1])) as string;
  if (c === 'n') return null;
  return s.slice(sp[0], sp[1]);
}

// ---- trees ----

let lastText = '';
let lastTree: JNode = null;
/** Parse (cached for the last document: chained operators on one row parse it once). */
export function tree(s: string): JNode {
  if (s !== lastText) {
    lastTree = parseJson(s);
    lastText = s;
  }
  return lastTree;
}

export function typeOf(v: JNode): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'boolean';
  if (v instanceof JNumber) return 'number';
  return Array.isArray(v) ? 'array' : 'object';
}

const isContainer = (v: JNode) => Array.isArray(v) || v instanceof JObject;

export function scalarEq(a: JNode, b: JNode): boolean {
  if (a instanceof JNumber && b instanceof JNumber) {
    const x = parseDec(a.text);
    const y = parseDec(b.text);
    return x !== null && y !== null && decCmp(x, y) === 0;
  }
  return a === b;
}

function valueContains(a: JNode, b: JNode): boolean {
  if (!isContainer(b)) return !isContainer(a) && scalarEq(a, b);
  if (Array.isArray(b) !== Array.isArray(a) || !isContainer(a)) return false;
  return contains(a, b, false);
}

/** jsonb @>: PG's JsonbDeepContains (a top-level array also contains a bare scalar). */
export function contains(a: JNode, b: JNode, top = true): boolean {
  if (b instanceof JObject) {
    if (!(a instanceof JObject)) return false;
    for (const [k, v] of b.map) {
      if (!a.map.has(k) || !valueContains(a.map.get(k) as JNode, v)) return false;
    }
    return true;
  }
  if (Array.isArray(b)) {
    if (!Array.isArray(a)) return false;
    return b.every((be) => a.some((ae) => valueContains(ae, be)));
  }
  if (Array.isArray(a) && top) return a.some((ae) => !isContainer(ae) && scalarEq(ae, b));
  return !isContainer(a) && scalarEq(a, b);
}

/** jsonb ? key: an object key, or a string element of an array, or the string itself. */
export function hasKey(v: JNode, key: string): boolean {
  if (v instanceof JObject) return v.map.has(key);
  if (Array.isArray(v)) return v.some((e) => e === key);
  return v === key;
}

/** jsonb || jsonb. */
export function concat(a: JNode, b: JNode): JNode {
  if (a instanceof JObject && b instanceof JObject) {
    const m = new Map(a.map);
    for (const [k, v] of b.map) {
      m.delete(k);
      m.set(k, v);
    }
    return new JObject(m);
  }
  const arr = (v: JNode) => (Array.isArray(v) ? v : [v]);
  return [...arr(a), ...arr(b)];
}

export function stripNulls(v: JNode): JNode {
  if (Array.isArray(v)) return v.map(stripNulls);
  if (v instanceof JObject) {
    const m = new Map<string, JNode>();
    for (const [k, x] of v.map) if (x !== null) m.set(k, stripNulls(x));
    return new JObject(m);
  }
  return v;
}

/** jsonb_pretty's layout: 4-space indents, empty containers still broken over two lines. */
export function pretty(v: JNode, indent = ''): string {
  const inner = `${indent}    `;
  if (Array.isArray(v))
    return `[\n${v.map((e) => inner + pretty(e, inner)).join(',\n')}${v.length ? '\n' : ''}${indent}]`;
  if (v instanceof JObject) {
    const keys = [...v.map.keys()].sort(compareKeys);
    const body = keys.map((k) => `${inner}${serialize(k)}: ${pretty(v.map.get(k) as JNode, inner)}`).join(',\n');
    return `{\n${body}${keys.length ? '\n' : ''}${indent}}`;
  }
  return serialize(v);
}

export function invalidParam(msg: string): PgError {
  return new PgError(SQLSTATE.INVALID_PARAMETER_VALUE, msg);
}

/** Parse an array index path element like PG (whole string must be an integer). */
export function pathIndex(p: string): number | null {
  return /^\s*[+-]?\d+\s*$/.test(p) ? Number(p) : null;
}

/** jsonb #- path. */
export function deletePath(v: JNode, path: string[], level = 0): JNode {
  if (level === 0 && !isContainer(v)) throw invalidParam('cannot delete path in scalar');
  if (level >= path.length) return v;
  const p = path[level];
  const last = level === path.length - 1;
  if (v instanceof JObject) {
    if (!v.map.has(p)) return v;
    const m = new Map(v.map);
    if (last) m.delete(p);
    else m.set(p, deletePath(m.get(p) as JNode, path, level + 1));
    return new JObject(m);
  }
  if (Array.isArray(v)) {
    const i0 = pathIndex(p);
    if (i0 === null) {
      throw new PgError(
        SQLSTATE.INVALID_TEXT_REPRESENTATION,
        `path element at position ${level + 1} is not an integer: "${p}"`,
      );
    }
    const i = i0 < 0 ? v.length + i0 : i0;
    if (i < 0 || i >= v.length) return v;
    const out = [...v];
    if (last) out.splice(i, 1);
    else out[i] = deletePath(out[i], path, level + 1);
    return out;
  }
  return v;
}

/** jsonb_set / jsonb_insert (PG's setPath). mode: 'set' (create when missing), 'set-nocreate', 'before', 'after'. */
export function setPath(v: JNode, path: string[], nv: JNode, mode: string, level = 0): JNode {
  if (level === 0 && !isContainer(v)) throw invalidParam('cannot set path in scalar');
  if (level >= path.length) return v;
  const p = path[level];
  const last = level === path.length - 1;
  if (v instanceof JObject) {
    const has = v.map.has(p);
    if (last) {
      if (has && (mode === 'before' || mode === 'after')) throw invalidParam('cannot replace existing key');
      if (!has && mode === 'set-nocreate') return v;
      const m = new Map(v.map);
      m.set(p, nv);
      return new JObject(m);
    }
    if (!has) return v;
    const m = new Map(v.map);
    m.set(p, setPath(m.get(p) as JNode, path, nv, mode, level + 1));
    return new JObject(m);
  }
  if (Array.isArray(v)) {
    const i0 = pathIndex(p);
    if (i0 === null) {
      throw new PgError(
        SQLSTATE.INVALID_TEXT_REPRESENTATION,
        `path element at position ${level + 1} is not an integer: "${p}"`,
      );
    }
    let i = i0 < 0 ? v.length + i0 : i0;
    const out = [...v];
    if (last) {
      const create = mode !== 'set-nocreate';
      if (i < 0) {
        if (create) out.unshift(nv);
        return out;
      }
      if (i >= v.length) {
        if (create) out.push(nv);
        return out;
      }
      if (mode === 'before') out.splice(i, 0, nv);
      else if (mode === 'after') out.splice(i + 1, 0, nv);
      else out[i] = nv;
      return out;
    }
    if (i < 0 || i >= v.length) return v;
    i = Math.max(0, i);
    out[i] = setPath(out[i], path, nv, mode, level + 1);
    return out;
  }
  return v;
}

// ---- order ----

function strKey(s: string): Buffer {
  return Buffer.concat([Buffer.from(s, 'utf8'), Buffer.from([0])]);
}

/**
 * A byte string whose order is jsonb's btree order (Object > Array > Boolean > Number > String > Null;
 * containers by size first, then members). numKey gives numeric's order-preserving text key.
 */
export function sortKey(v: JNode, numKey: (t: string) => string): Buffer {
  const parts: Buffer[] = [];
  const size = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(n);
    return b;
  };
  const walk = (x: JNode) => {
    if (x === null) parts.push(Buffer.from([1]));
    else if (typeof x === 'string') parts.push(Buffer.from([2]), strKey(x));
    else if (x instanceof JNumber) parts.push(Buffer.from([3]), strKey(numKey(x.text)));
    else if (typeof x === 'boolean') parts.push(Buffer.from([4, x ? 1 : 0]));
    else if (Array.isArray(x)) {
      parts.push(Buffer.from([5]), size(x.length));
      x.forEach(walk);
    } else {
      const keys = [...x.map.keys()].sort(compareKeys);
      parts.push(Buffer.from([6]), size(keys.length));
      for (const k of keys) {
        parts.push(strKey(k));
        walk(x.map.get(k) as JNode);
      }
    }
  };
  walk(v);
  return Buffer.concat(parts);
}
