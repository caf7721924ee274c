/**
 * PostgreSQL regular expressions (ARE flavour) on JavaScript's engine: the pattern is rewritten to an
 * equivalent JS RegExp (embedded options, \m \M \y, [[:class:]], ARE escapes), then regexp_* functions,
 * SIMILAR TO (similar_to_escape), LIKE ... ESCAPE (like_escape) and substring(... FROM pattern) use it.
 */
import { PgError, SQLSTATE } from '../../../protocol/errors.js';
import { OID } from '../../../protocol/types/oids.js';
import type { Node } from '../parse.js';
import type { Expr } from './coerce.js';
import type { ExprCtx } from './expr.js';
import { defineScalar, defineSqliteFunctions } from './fn-registry.js';
import { asStr, intArg, isNull, mk, textArg, textArgs, type V } from './fn-util.js';

const W = '[\\p{L}\\p{N}_]';
const NW = '[^\\p{L}\\p{N}_]';
const CLASSES: Record<string, string> = {
  alpha: '\\p{L}',
  digit: '0-9',
  alnum: '\\p{L}\\p{N}',
  upper: '\\p{Lu}',
  lower: '\\p{Ll}',
  space: '\\s',
  blank: ' \\t',
  punct: '\\p{P}\\p{S}',
  xdigit: '0-9A-Fa-f',
  word: '\\p{L}\\p{N}_',
  cntrl: '\\p{Cc}',
  print: '\\P{C}',
  graph: '\\P{C}',
};
const SYNTAX = new Set([...'^$\\.*+?()[]{}|/-']);

const badRe = (msg: string) => new PgError('2201B', `invalid regular expression: ${msg}`);

/** One escape (after the backslash) outside or inside brackets -> JS. Returns [js, consumed]. */
function reEscape(p: string, i: number, inClass: boolean): [string, number] {
  const c = p[i];
  if (c === undefined) throw badRe('invalid escape \\ sequence');
  switch (c) {
    case 'd':
    case 'D':
    case 's':
    case 'S':
    case 'n':
    case 't':
    case 'r':
    case 'f':
    case 'v':
      return [`\\${c}`, 1];
    case 'w':
      return [inClass ? '\\p{L}\\p{N}_' : W, 1];
    case 'W':
      return [NW, 1];
    case 'b':
      return ['\\x08', 1];
    case 'e':
      return ['\\x1B', 1];
    case 'a':
      return ['\\x07', 1];
    case 'm':
      return [`(?<!${W})(?=${W})`, 1];
    case 'M':
      return [`(?<=${W})(?!${W})`, 1];
    case 'y':
      return [`(?:(?<!${W})(?=${W})|(?<=${W})(?!${W}))`, 1];
    case 'Y':
      return [`(?:(?<=${W})(?=${W})|(?<!${W})(?!${W}))`, 1];
    case 'A':
      return ['(?<![\\s\\S])', 1];
    case 'Z':
      return ['(?![\\s\\S])', 1];
    case 'x': {
      const m = /^[0-9a-fA-F]{1,8}/.exec(p.slice(i + 1));
      // ARE: \x needs hex digits (PG: invalid escape \ sequence otherwise).
      if (!m) throw badRe('invalid escape \\ sequence');
      return [`\\u{${m[0]}}`, 1 + m[0].length];
    }
    case 'u':
    case 'U': {
      const m = (c === 'u' ? /^[0-9a-fA-F]{4}/ : /^[0-9a-fA-F]{8}/).exec(p.slice(i + 1));
      if (!m) throw badRe('invalid escape \\ sequence');
      return [`\\u{${m[0]}}`, 1 + m[0].length];
    }
  }
  if (/[1-9]/.test(c) && !inClass) {
    const m = /^\d+/.exec(p.slice(i)) as RegExpExecArray;
    return [`\\${m[0]}`, m[0].length];
  }
  if (c === '0') return ['\\0', 1];
  if (/[A-Za-z]/.test(c)) throw badRe('invalid escape \\ sequence');
  return [SYNTAX.has(c) ? `\\${c}` : c, 1];
}

interface Compiled {
  source: string;
  flags: string;
}

/** Translate an ARE pattern (with option letters as the regexp_* flags argument takes them). */
export function convertRegex(pattern: string, options = ''): Compiled {
  let p = pattern;
  let opts = options;
  if (p.startsWith('***='))
    return { source: p.slice(4).replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&'), flags: flagsOf(opts) };
  if (p.startsWith('***:')) p = p.slice(4);
  const emb = /^\(\?([bceimnpqstwx]+)\)/.exec(p);
  if (emb) {
    opts += emb[1];
    p = p.slice(emb[0].length);
  }
  if (opts.includes('q')) return { source: p.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&'), flags: flagsOf(opts) };
  const expanded = lastOf(opts, 'x', 't') === 'x';
  let out = '';
  let i = 0;
  while (i < p.length) {
    const c = p[i];
    if (expanded && /\s/.test(c)) {
      i++;
      continue;
    }
    if (expanded && c === '#') {
      while (i < p.length && p[i] !== '\n') i++;
      continue;
    }
    if (c === '\\') {
      const [js, k] = reEscape(p, i + 1, false);
      out += js;
      i += 1 + k;
      // A constraint escape (\m \M \y \Y \A \Z) matches no text: ARE refuses a quantifier on it.
      if ('mMyYAZ'.includes(p[i - k] ?? '') && k === 1 && /^[*+?{]/.test(p.slice(i)))
        throw badRe('quantifier operand invalid');
    } else if (c === '[') {
      const [js, end] = bracket(p, i);
      out += js;
      i = end;
    } else if (c === '{') {
      const q = /^\{\d+(,\d*)?\}/.exec(p.slice(i));
      out += q ? q[0] : '\\{';
      i += q ? q[0].length : 1;
    } else if (c === '}' || c === ']' || c === '/') {
      out += `\\${c}`;
      i++;
    } else {
      out += c;
      i++;
    }
  }
  return { source: out, flags: flagsOf(opts) };
}

function lastOf(opts: string, a: string, b: string): string | undefined {
  for (let i = opts.length - 1; i >= 0; i--) if (opts[i] === a || opts[i] === b) return opts[i];
  return undefined;
}

function flagsOf(opts: string): string {
  let f = 'u';
  if (lastOf(opts, 'i', 'c') === 'i') f += 'i';
  // Newline-sensitive modes: n/m (both), p (dot excludes \n), w (anchors at lines).
  const nl = [...opts].filter((o) => 'nmpws'.includes(o)).pop();
  const dotAll = !(nl === 'n' || nl === 'm' || nl === 'p');
  const multiline = nl === 'n' || nl === 'm' || nl === 'w';
  if (dotAll) f += 's';
  if (multiline) f += 'm';
  return f;
}

/** A bracket expression starting at p[i] === '['; returns JS class text and the index after it. */
function bracket(p: string, i: number): [string, number] {
  let j = i + 1;
  let out = '[';
  if (p[j] === '^') {
    out += '^';
    j++;
  }
  if (p[j] === ']') {
    out += '\\]';
    j++;
  }
  while (j < p.length && p[j] !== ']') {
    const c = p[j];
    if (c === '[' && p[j + 1] === ':') {
      const end = p.indexOf(':]', j + 2);
      if (end < 0) throw badRe('brackets [] not balanced');
      const cls = CLASSES[p.slice(j + 2, end)];
      if (!cls) throw badRe('invalid character class');
      out += cls;
      j = end + 2;
    } else if (c === '[' && (p[j + 1] === '.' || p[j + 1] === '=')) {
      const close = `${p[j + 1]}]`;
      const end = p.indexOf(close, j + 2);
      if (end < 0) throw badRe('brackets [] not balanced');
      out += p.slice(j + 2, end).replace(/[\\\][^-]/g, '\\$&');
      j = end + 2;
    } else if (c === '\\') {
      const [js, k] = reEscape(p, j + 1, true);
      out += js;
      j += 1 + k;
    } else if (c === '-' && (p[j + 1] === ']' || out.endsWith('[') || out.endsWith('^'))) {
      out += '\\-';
      j++;
    } else {
      out += c === '[' || c === '/' || c === '{' || c === '}' || c === '|' || c === '(' || c === ')' ? `\\${c}` : c;
      j++;
    }
  }
  if (j >= p.length) throw badRe('brackets [] not balanced');
  return [`${out}]`, j + 1];
}

const cache = new Map<string, RegExp>();
/** A compiled JS RegExp for a PG pattern and flags string (g is handled by the callers). */
export function pgRegex(pattern: string, options = '', global = false): RegExp {
  const key = `${global ? 1 : 0}${options}\u0000${pattern}`;
  let re = cache.get(key);
  if (!re) {
    for (const o of options) {
      if (!'bcegimnpqstwx'.includes(o))
        throw new PgError(SQLSTATE.INVALID_PARAMETER_VALUE, `invalid regular expression option: "${o}"`);
    }
    const c = convertRegex(pattern, options.replaceAll('g', ''));
    try {
      re = new RegExp(c.source, c.flags + (global ? 'g' : ''));
    } catch (e) {
      throw badRe((e as Error).message.replace(/^Invalid regular expression: /, ''));
    }
    if (cache.size > 1000) cache.clear();
    cache.set(key, re);
  }
  re.lastIndex = 0;
  return re;
}

/** PG's similar_to_escape(): an SQL regular expression -> ARE (port of similar_escape_internal). */
export function similarToRegex(pat: string, esc: string | null): string {
  if (esc !== null && [...esc].length > 1)
    throw new PgError('22025', 'invalid escape string', { hint: 'Escape string must be empty or one character.' });
  const e = esc === '' ? null : esc;
  let r = '^(?:';
  let nquotes = 0;
  let afterEscape = false;
  let inClass = false;
  for (const c of pat) {
    if (afterEscape) {
      if (c === '"' && !inClass) {
        if (nquotes === 0) r += '){1,1}?(';
        else if (nquotes === 1) r += '){1,1}(?:';
        else
          throw new PgError(
            '2200C',
            'SQL regular expression may not contain more than two escape-double-quote separators',
          );
        nquotes++;
      } else r += `\\${c}`;
      afterEscape = false;
    } else if (e !== null && c === e) afterEscape = true;
    else if (inClass) {
      if (c === '\\') r += '\\';
      r += c;
      if (c === ']') inClass = false;
    } else if (c === '[') {
      r += c;
      inClass = true;
    } else if (c === '%') r += '.*';
    else if (c === '_') r += '.';
    else if (c === '(') r += '(?:';
    else if (c === '\\' || c === '.' || c === '^' || c === '$') r += `\\${c}`;
    else r += c;
  }
  return `${r})$`;
}

/** PG's like_escape(): a LIKE pattern with escape character `esc` -> one using backslash. */
function likeEscape(pat: string, esc: string): string {
  const cs = [...esc];
  if (cs.length > 1)
    throw new PgError('22025', 'invalid escape string', { hint: 'Escape string must be empty or one character.' });
  let out = '';
  let after = false;
  for (const c of pat) {
    if (cs.length === 0) out += c === '\\' ? '\\\\' : c;
    else if (after) {
      out += c === '%' || c === '_' || c === '\\' ? `\\${c}` : c === cs[0] ? (c === '\\' ? '\\\\' : c) : c;
      after = false;
    } else if (c === cs[0]) after = true;
    else out += c === '\\' ? '\\\\' : c;
  }
  if (after) throw new PgError('22025', 'LIKE pattern must not end with escape character');
  return out;
}

/** PG's regexp_replace replacement text: \1..\9 groups, \& whole match, \\ backslash. */
function replacement(rep: string, m: RegExpExecArray): string {
  let out = '';
  for (let i = 0; i < rep.length; i++) {
    const c = rep[i];
    if (c === '\\' && i + 1 < rep.length) {
      const d = rep[i + 1];
      if (d >= '1' && d <= '9') {
        out += m[Number(d)] ?? '';
        i++;
        continue;
      }
      if (d === '&') {
        out += m[0];
        i++;
        continue;
      }
      if (d === '\\') {
        out += '\\';
        i++;
        continue;
      }
    }
    out += c;
  }
  return out;
}

/** All matches of re in s from code unit `from`, PG style (an empty match advances by one character). */
export function* matches(re: RegExp, s: string, from = 0): Generator<RegExpExecArray> {
  const g = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
  g.lastIndex = from;
  while (g.lastIndex <= s.length) {
    const m = g.exec(s);
    if (!m) return;
    yield m;
    if (m[0] === '') g.lastIndex = m.index + ((s.codePointAt(m.index) ?? 0) > 0xffff ? 2 : 1);
  }
}

/** Code-unit offset of the k-th (1-based) character. */
const charOffset = (s: string, k: number) => [...s].slice(0, Math.max(k - 1, 0)).join('').length;
const charIndex = (s: string, off: number) => [...s.slice(0, off)].length;

function regexpReplace(s: string, p: string, rep: string, start: number, n: number, flags: string): string {
  if (start < 1) throw new PgError(SQLSTATE.INVALID_PARAMETER_VALUE, `invalid value for parameter "start": ${start}`);
  if (n < -1) throw new PgError(SQLSTATE.INVALID_PARAMETER_VALUE, `invalid value for parameter "n": ${n}`);
  const re = pgRegex(p, flags);
  // N omitted (-1): the g flag decides between all matches and the first.
  const nth = n === -1 ? (flags.includes('g') ? 0 : 1) : n;
  const all = nth === 0;
  let out = '';
  let last = 0;
  let count = 0;
  for (const m of matches(re, s, charOffset(s, start))) {
    count++;
    if (!all && count < nth) continue;
    out += s.slice(last, m.index) + replacement(rep, m);
    last = m.index + m[0].length;
    if (!all) break;
  }
  return out + s.slice(last);
}

export function regexpSplit(s: string, p: string, flags: string, fname = 'regexp_split_to_array'): string[] {
  if (flags.includes('g'))
    throw new PgError(SQLSTATE.INVALID_PARAMETER_VALUE, `${fname}() does not support the "global" option`);
  const re = pgRegex(p, flags);
  const parts: string[] = [];
  let prevEnd = 0;
  for (const m of matches(re, s)) {
    const end = m.index + m[0].length;
    // PG ignores degenerate matches: empty ones at the very start/end, or ending where the previous ended.
    if (m.index >= s.length || end <= prevEnd) continue;
    parts.push(s.slice(prevEnd, m.index));
    prevEnd = end;
  }
  parts.push(s.slice(prevEnd));
  return parts;
}

/** A match as regexp_match(es) return it: the groups, or the whole match when there are none. */
export const groups = (m: RegExpExecArray) => (m.length > 1 ? m.slice(1).map((x) => x ?? null) : [m[0]]);

const ta = (ctx: ExprCtx, a: Expr[], n: Node) => textArgs(ctx, a, n);

defineScalar('regexp_replace', (ctx, a, n) => {
  if (a.length < 3 || a.length > 6) return undefined;
  const base = ta(ctx, a.slice(0, 3), n);
  if (!base) return undefined;
  // (s, p, r [, flags]) or (s, p, r, start [, n [, flags]]).
  const fourthText = a.length === 4 && (a[3].type === OID.unknown || a[3].type === OID.text);
  if (fourthText) {
    const f = textArg(ctx, a[3], n);
    return f && mk(`lumos_regexp_replace(${base.map((x) => x.sql).join(', ')}, 1, -1, ${f.sql})`, OID.text);
  }
  const start = a.length > 3 ? intArg(ctx, a[3], n) : mk('1', OID.int4);
  const nth = a.length > 4 ? intArg(ctx, a[4], n) : mk('-1', OID.int4);
  const f = a.length > 5 ? textArg(ctx, a[5], n) : mk("''", OID.text);
  if (!start || !nth || !f) return undefined;
  return mk(`lumos_regexp_replace(${base.map((x) => x.sql).join(', ')}, ${start.sql}, ${nth.sql}, ${f.sql})`, OID.text);
});

defineScalar('regexp_match', (ctx, a, n) => {
  const xs = a.length === 2 || a.length === 3 ? ta(ctx, a, n) : undefined;
  return xs && mk(`lumos_regexp_match(${xs[0].sql}, ${xs[1].sql}, ${xs[2]?.sql ?? "''"})`, OID._text);
});

defineScalar('regexp_split_to_array', (ctx, a, n) => {
  const xs = a.length === 2 || a.length === 3 ? ta(ctx, a, n) : undefined;
  return xs && mk(`lumos_regexp_split(${xs[0].sql}, ${xs[1].sql}, ${xs[2]?.sql ?? "''"})`, OID._text);
});

defineScalar('regexp_like', (ctx, a, n) => {
  const xs = a.length === 2 || a.length === 3 ? ta(ctx, a, n) : undefined;
  return xs && mk(`lumos_re_match(${xs[0].sql}, ${xs[1].sql}, ${xs[2]?.sql ?? "''"})`, OID.bool);
});

/** regexp_count/instr/substr: optional trailing arguments by position, with PG's defaults. */
function positional(name: string, spec: [string, string][], type: number) {
  defineScalar(name, (ctx, a, n) => {
    if (a.length < 2 || a.length > 2 + spec.length) return undefined;
    const xs = ta(ctx, a.slice(0, 2), n);
    if (!xs) return undefined;
    const rest: string[] = [];
    for (let i = 0; i < spec.length; i++) {
      if (i + 2 >= a.length) {
        rest.push(spec[i][1]);
        continue;
      }
      const e = spec[i][0] === 'int' ? intArg(ctx, a[i + 2], n) : textArg(ctx, a[i + 2], n);
      if (!e) return undefined;
      rest.push(e.sql);
    }
    return mk(`lumos_${name}(${xs[0].sql}, ${xs[1].sql}, ${rest.join(', ')})`, type);
  });
}
const I1: [string, string] = ['int', '1'];
const FL: [string, string] = ['text', "''"];
const I0: [string, string] = ['int', '0'];
positional('regexp_count', [I1, FL], OID.int4);
positional('regexp_instr', [I1, I1, I0, FL, I0], OID.int4);
positional('regexp_substr', [I1, I1, FL, I0], OID.text);

defineScalar('similar_to_escape', (ctx, a, n) => {
  const xs = a.length === 1 || a.length === 2 ? ta(ctx, a, n) : undefined;
  return xs && mk(`lumos_similar_escape(${xs[0].sql}, ${xs.length === 2 ? xs[1].sql : "'\\'"})`, OID.text);
});
defineScalar('like_escape', (ctx, a, n) => {
  const xs = a.length === 2 ? ta(ctx, a, n) : undefined;
  return xs && mk(`lumos_like_escape(${xs[0].sql}, ${xs[1].sql})`, OID.text);
});

/** SQL for substring(s FROM pattern): the first parenthesized group if any, else the whole match. */
export const regexSubstringSql = (s: string, p: string) => `lumos_regexp_substring(${s}, ${p})`;
/** SQL for substring(s SIMILAR pattern ESCAPE e). */
export const similarSubstringSql = (s: string, p: string, e: string) =>
  `lumos_regexp_substring(${s}, lumos_similar_escape(${p}, ${e}))`;

/** SQL for the ~ family (case-insensitive when `ci`), used by operators.ts. */
export const regexMatchSql = (s: string, p: string, ci: boolean) => `lumos_re_match(${s}, ${p}, '${ci ? 'i' : ''}')`;

defineSqliteFunctions((db) => {
  const det = { deterministic: true };
  const fn = (name: string, f: (...args: any[]) => unknown) => db.function(name, det, f as never);
  const s = (v: V) => (isNull(v) ? '' : asStr(v));
  fn('lumos_re_match', (x: V, p: V, f: V) =>
    isNull(x) || isNull(p) ? null : pgRegex(asStr(p), s(f)).test(asStr(x)) ? 1 : 0,
  );
  fn('lumos_regexp_replace', (x: V, p: V, r: V, start: V, nth: V, f: V) => {
    if ([x, p, r, start, nth, f].some(isNull)) return null;
    return regexpReplace(asStr(x), asStr(p), asStr(r), Number(start), Number(nth), asStr(f));
  });
  fn('lumos_regexp_match', (x: V, p: V, f: V) => {
    if (isNull(x) || isNull(p) || isNull(f)) return null;
    if (asStr(f).includes('g'))
      throw new PgError(SQLSTATE.INVALID_PARAMETER_VALUE, 'regexp_match() does not support the "global" option', {
        hint: 'Use the regexp_matches function instead.',
      });
    const m = pgRegex(asStr(p), asStr(f)).exec(asStr(x));
    return m ? JSON.stringify(groups(m)) : null;
  });
  fn('lumos_regexp_split', (x: V, p: V, f: V) =>
    isNull(x) || isNull(p) || isNull(f) ? null : JSON.stringify(regexpSplit(asStr(x), asStr(p), asStr(f))),
  );
  fn('lumos_regexp_substring', (x: V, p: V) => {
    if (isNull(x) || isNull(p)) return null;
    const m = pgRegex(asStr(p)).exec(asStr(x));
    if (!m) return null;
    return m.length > 1 ? (m[1] ?? null) : m[0];
  });
  fn('lumos_similar_escape', (p: V, e: V) =>
    isNull(p) ? null : similarToRegex(asStr(p), isNull(e) ? null : asStr(e)),
  );
  fn('lumos_like_escape', (p: V, e: V) => (isNull(p) || isNull(e) ? null : likeEscape(asStr(p), asStr(e))));
  const startCheck = (start: number) => {
    if (start < 1) throw new PgError(SQLSTATE.INVALID_PARAMETER_VALUE, `invalid value for parameter "start": ${start}`);
  };
  fn('lumos_regexp_count', (x: V, p: V, start: V, f: V) => {
    if ([x, p, start, f].some(isNull)) return null;
    startCheck(Number(start));
    const str = asStr(x);
    let k = 0;
    for (const _ of matches(pgRegex(asStr(p), asStr(f)), str, charOffset(str, Number(start)))) k++;
    return k;
  });
  const nthMatch = (x: V, p: V, start: V, nth: V, f: V): [string, RegExpExecArray | undefined] => {
    const str = asStr(x);
    startCheck(Number(start));
    if (Number(nth) < 1) throw new PgError(SQLSTATE.INVALID_PARAMETER_VALUE, `invalid value for parameter "n": ${nth}`);
    let k = 0;
    for (const m of matches(pgRegex(asStr(p), asStr(f)), str, charOffset(str, Number(start)))) {
      if (++k === Number(nth)) return [str, m];
    }
    return [str, undefined];
  };
  fn('lumos_regexp_instr', (x: V, p: V, start: V, nth: V, endopt: V, f: V, sub: V) => {
    if ([x, p, start, nth, endopt, f, sub].some(isNull)) return null;
    const [str, m] = nthMatch(x, p, start, nth, f);
    if (!m) return 0;
    const g = Number(sub);
    if (g > 0 && (m[g] === undefined || g >= m.length)) return 0;
    const text = m[g] ?? '';
    const off = g > 0 ? m.index + m[0].indexOf(text) : m.index;
    return charIndex(str, off + (Number(endopt) ? text.length : 0)) + 1;
  });
  fn('lumos_regexp_substr', (x: V, p: V, start: V, nth: V, f: V, sub: V) => {
    if ([x, p, start, nth, f, sub].some(isNull)) return null;
    const [, m] = nthMatch(x, p, start, nth, f);
    if (!m) return null;
    return m[Number(sub)] ?? null;
  });
});
