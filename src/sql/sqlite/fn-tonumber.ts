/**
 * Numeric formatting templates: to_char(number, '9G999D99'), to_number(text, template). The value is handled
 * as exact decimal text (numeric storage), so rounding matches PG's numeric to_char.
 */
import { PgError, SQLSTATE } from '../../../protocol/errors.js';
import { OID } from '../../../protocol/types/oids.js';
import type { Node } from '../parse.js';
import { type Expr, isFloat, toTextSql } from './coerce.js';
import type { ExprCtx } from './expr.js';
import { defineScalar, defineSqliteFunctions } from './fn-registry.js';
import { asStr, isNull, mk, textArg, type V } from './fn-util.js';
import { type Dec, decRound, decToString, parseDec } from './numeric.js';

export function numberToChar(ctx: ExprCtx, v: Expr, f: Expr, _n: Node): Expr {
  // Floats go through their shortest text (PG prints float8 with up to 15 significant digits here).
  const text = isFloat(v.type) ? `lumos_float_text15(${v.sql})` : toTextSql(ctx.t, v.sql, v.type);
  return mk(`lumos_to_char_num(${text}, ${f.sql})`, OID.text);
}

defineScalar('to_number', (ctx, a, n) => {
  if (a.length !== 2) return undefined;
  const s = textArg(ctx, a[0], n);
  const f = textArg(ctx, a[1], n);
  return s && f && mk(`lumos_to_number(${s.sql}, ${f.sql})`, OID.numeric);
});

type Tok = { k: string; text?: string };

function tokens(fmt: string): { toks: Tok[]; fm: boolean } {
  const toks: Tok[] = [];
  let fm = false;
  let i = 0;
  while (i < fmt.length) {
    const rest = fmt.slice(i).toUpperCase();
    const kw = ['FM', 'EEEE', 'MI', 'PL', 'SG', 'RN', 'TH', 'S', 'D', 'G', 'V', 'L', '9', '0', '.', ','].find((k) =>
      rest.startsWith(k),
    );
    if (kw === 'FM') {
      fm = true;
      i += 2;
    } else if (kw === 'TH') {
      toks.push({ k: 'TH', text: fmt.slice(i, i + 2) });
      i += 2;
    } else if (kw) {
      toks.push({ k: kw === 'D' ? '.' : kw === 'G' ? ',' : kw });
      i += kw.length;
    } else if (fmt[i] === '"') {
      const end = fmt.indexOf('"', i + 1);
      toks.push({ k: 'lit', text: fmt.slice(i + 1, end < 0 ? undefined : end) });
      i = end < 0 ? fmt.length : end + 1;
    } else {
      toks.push({ k: 'lit', text: fmt[i] });
      i++;
    }
  }
  return { toks, fm };
}

function roman(n: number): string {
  const t: [number, string][] = [
    [1000, 'M'],
    [900, 'CM'],
    [500, 'D'],
    [400, 'CD'],
    [100, 'C'],
    [90, 'XC'],
    [50, 'L'],
    [40, 'XL'],
    [10, 'X'],
    [9, 'IX'],
    [5, 'V'],
    [4, 'IV'],
    [1, 'I'],
  ];
  let out = '';
  for (const [v, s] of t) while (n >= v) [out, n] = [out + s, n - v];
  return out;
}

function ordinal(n: bigint, th: string): string {
  const a = Number((n < 0n ? -n : n) % 100n);
  const s = a >= 11 && a <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][a % 10] ?? 'th');
  return th === 'TH' ? s.toUpperCase() : s;
}

export function toCharNum(value: string, fmt: string): string {
  const { toks, fm } = tokens(fmt);
  let d = parseDec(value) as Dec;
  if (d.nan) return ' NaN';
  if (toks.some((t) => t.k === 'RN')) {
    const r = Number(decToString(decRound(d, 0)));
    if (r < 1 || r > 3999) return '#'.repeat(15);
    return fm ? roman(r) : roman(r).padStart(15, ' ');
  }
  const point = toks.findIndex((t) => t.k === '.');
  const vAt = toks.findIndex((t) => t.k === 'V');
  const isDigit = (t: Tok) => t.k === '9' || t.k === '0';
  const pre = toks.filter((t, i) => isDigit(t) && (point < 0 || i < point) && (vAt < 0 || i < vAt)).length;
  const vDigits = vAt < 0 ? 0 : toks.filter((t, i) => isDigit(t) && i > vAt).length;
  const post = point < 0 ? 0 : toks.filter((t, i) => isDigit(t) && i > point).length;
  if (vDigits) {
    // V shifts the value left by the number of digits after it.
    d =
      d.scale >= vDigits
        ? { ...d, scale: d.scale - vDigits }
        : { ...d, digits: d.digits * 10n ** BigInt(vDigits - d.scale), scale: 0 };
  }
  if (toks.some((t) => t.k === 'EEEE')) return sci(d, post, fm);
  d = decRound(d, post);
  const neg = d.neg && d.digits !== 0n;
  const abs = decToString({ ...d, neg: false });
  let [ip, fp = ''] = abs.split('.');
  fp = fp.padEnd(post, '0');
  if (ip === '0') ip = d.digits === 0n ? '0' : '';
  // vDigits were shifted into the integer part above.
  const hasS = toks.some((t) => t.k === 'S');
  const noDefault = hasS || toks.some((t) => t.k === 'MI' || t.k === 'SG');
  const overflow = ip.length > pre;
  const firstZero = toks.findIndex((t) => t.k === '0');
  let out = '';
  let started = false;
  let k = 0;
  const startNumber = () => {
    if (started) return;
    started = true;
    if (hasS && toks.findIndex((t) => t.k === 'S') < toks.findIndex(isDigit)) out += neg ? '-' : '+';
    else if (!noDefault) out += neg ? '-' : fm ? '' : ' ';
  };
  let fracIndex = 0;
  const lastFracKeep = (() => {
    // In FM mode trailing zeros at '9' positions of the fraction are dropped.
    if (!fm) return post;
    let keep = post;
    const fracToks = toks.filter((t, i) => isDigit(t) && i > point);
    while (keep > 0 && fracToks[keep - 1].k === '9' && fp[keep - 1] === '0') keep--;
    return keep;
  })();
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    const inFrac = point >= 0 && i > point;
    if (isDigit(t) && !inFrac) {
      const idx = k - (pre - ip.length);
      k++;
      if (overflow) {
        startNumber();
        out += '#';
      } else if (idx >= 0) {
        startNumber();
        out += ip[idx];
      } else if (firstZero >= 0 && i >= firstZero) {
        startNumber();
        out += '0';
      } else if (!fm) out += ' ';
    } else if (isDigit(t)) {
      if (fracIndex < lastFracKeep) out += overflow ? '#' : fp[fracIndex];
      fracIndex++;
    } else if (t.k === '.') {
      startNumber();
      out += '.';
    } else if (t.k === ',') {
      if (started) out += ',';
      else if (!fm) out += ' ';
    } else if (t.k === 'S') {
      if (started && i > toks.findIndex(isDigit)) out += neg ? '-' : '+';
    } else if (t.k === 'MI') out += neg ? '-' : fm ? '' : ' ';
    else if (t.k === 'PL') out += neg ? (fm ? '' : ' ') : '+';
    else if (t.k === 'SG') out += neg ? '-' : '+';
    else if (t.k === 'L') out += fm ? '' : ' ';
    else if (t.k === 'TH') out += neg || overflow ? '' : ordinal(BigInt(ip || '0'), t.text ?? 'th');
    else if (t.k === 'lit') out += t.text ?? '';
  }
  if (!started) startNumber();
  return out;
}

function sci(d: Dec, post: number, fm: boolean): string {
  if (d.digits === 0n) return `${fm ? '' : ' '}${(0).toFixed(post)}e+00`;
  const digits = d.digits.toString();
  let exp = digits.length - 1 - d.scale;
  let m = decRound({ neg: false, digits: d.digits, scale: digits.length - 1 }, post);
  if (decToString(m).startsWith('10')) {
    exp++;
    m = decRound({ neg: false, digits: d.digits, scale: digits.length }, post);
  }
  const e = `e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return `${d.neg ? '-' : fm ? '' : ' '}${decToString(m)}${e}`;
}

/** to_number: keep digits, the decimal point and the sign; PG ignores other template characters. */
function toNumber(s: string, fmt: string): string {
  const { toks } = tokens(fmt);
  const hasPoint = toks.some((t) => t.k === '.');
  let neg = false;
  let digits = '';
  let seenPoint = false;
  for (const c of s) {
    if (c >= '0' && c <= '9') digits += c;
    else if (c === '.' && hasPoint && !seenPoint) {
      digits += '.';
      seenPoint = true;
    } else if (c === '-' || c === '(') neg = true;
  }
  if (!/\d/.test(digits))
    throw new PgError(SQLSTATE.INVALID_TEXT_REPRESENTATION, `invalid input syntax for type numeric: " "`);
  const d = parseDec(digits) as Dec;
  return decToString({ ...d, neg: neg && d.digits !== 0n });
}

defineSqliteFunctions((db) => {
  const det = { deterministic: true };
  db.function('lumos_to_char_num', det, ((v: V, f: V) =>
    isNull(v) || isNull(f) ? null : toCharNum(asStr(v), asStr(f))) as never);
  db.function('lumos_float_text15', det, ((v: V) => {
    if (isNull(v)) return null;
    const x = Number(v);
    if (!Number.isFinite(x)) return Number.isNaN(x) ? 'NaN' : x > 0 ? 'Infinity' : '-Infinity';
    const s = Number(x.toPrecision(15)).toString();
    return s.includes('e') ? decToString(parseDec(s) as Dec) : s;
  }) as never);
  db.function('lumos_to_number', det, ((s: V, f: V) =>
    isNull(s) || isNull(f) ? null : toNumber(asStr(s), asStr(f))) as never);
});
