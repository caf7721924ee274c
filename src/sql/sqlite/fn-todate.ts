/**
 * to_date / to_timestamp(text, template): parse input by a formatting template (fn-tochar.ts's keywords),
 * in PG's lenient (non-FX) mode, with PG's errors for bad fields and out-of-range dates.
 */
import { PgError, SQLSTATE } from '../../../protocol/errors.js';
import { daysFromCivil } from '../../../protocol/types/datetime.js';
import { OID } from '../../../protocol/types/oids.js';
import { DAY, epochToTimestamp, monthDays, tzOf } from './fn-datetime.js';
import { defineScalar, defineSqliteFunctions } from './fn-registry.js';
import { DAYS, MONTHS, parseFormat } from './fn-tochar.js';
import { asStr, isNull, mk, textArg, type V } from './fn-util.js';
import { localToUtc } from './functions-datetime.js';

defineScalar('to_date', (ctx, a, n) => {
  if (a.length !== 2) return undefined;
  const s = textArg(ctx, a[0], n);
  const f = textArg(ctx, a[1], n);
  return s && f && mk(`lumos_to_date(${s.sql}, ${f.sql})`, OID.date);
});

defineScalar('to_timestamp', (ctx, a, n) => {
  if (a.length === 1) return epochToTimestamp(ctx, a, n);
  if (a.length !== 2) return undefined;
  const s = textArg(ctx, a[0], n);
  const f = textArg(ctx, a[1], n);
  return s && f && mk(`lumos_to_timestamp(${s.sql}, ${f.sql}, ${tzOf(ctx)})`, OID.timestamptz);
});

const badFormat = (m: string, detail?: string) => new PgError(SQLSTATE.INVALID_DATETIME_FORMAT, m, { detail });

interface Parsed {
  year?: number;
  month?: number;
  day?: number;
  doy?: number;
  julian?: number;
  hour: number;
  min: number;
  sec: number;
  usec: number;
  pm?: boolean;
  bc?: boolean;
  tzSeconds?: number;
}

/** Parse `s` by template `fmt` (PG's non-FX mode: separators and spaces are lenient). */
function parseByFormat(s: string, fmt: string): Parsed {
  const r: Parsed = { hour: 0, min: 0, sec: 0, usec: 0 };
  const nodes = parseFormat(fmt);
  let i = 0;
  for (let k = 0; k < nodes.length; k++) {
    const node = nodes[k];
    if (node.kind === 'lit') {
      // A literal (or separator) in the template skips one character of input, if not a digit/letter mismatch.
      if (/\s/.test(node.text)) {
        while (i < s.length && /\s/.test(s[i])) i++;
      } else if (i < s.length && !/[0-9A-Za-z]/.test(s[i])) i++;
      else if (i < s.length && s[i] === node.text) i++;
      continue;
    }
    while (i < s.length && /\s/.test(s[i])) i++;
    const next = nodes[k + 1];
    const fixedWidth = next && next.kind === 'kw';
    const readInt = (width: number, name: string): number => {
      let j = i;
      if (s[j] === '-' || s[j] === '+') j++;
      const limit = fixedWidth ? i + width + (j - i) : s.length;
      while (j < s.length && j < limit && /[0-9]/.test(s[j])) j++;
      const text = s.slice(i, j);
      if (!/\d/.test(text)) {
        throw badFormat(`invalid value "${s.slice(i, i + width)}" for "${name}"`, 'Value must be an integer.');
      }
      i = j;
      return Number(text);
    };
    const readWord = (list: string[], name: string, len?: number): number => {
      const rest = s.slice(i).toLowerCase();
      for (let w = 0; w < list.length; w++) {
        const cand = (len ? list[w].slice(0, len) : list[w]).toLowerCase();
        if (rest.startsWith(cand)) {
          i += cand.length;
          return w;
        }
      }
      throw badFormat(
        `invalid value "${s.slice(i, i + (len ?? 9))}" for "${name}"`,
        'The given value did not match any of the allowed values for this field.',
      );
    };
    switch (node.key) {
      case 'YYYY':
      case 'IYYY':
        r.year = readInt(4, node.raw);
        break;
      case 'YYY':
        r.year = 2000 + readInt(3, node.raw);
        break;
      case 'YY': {
        const y = readInt(2, node.raw);
        r.year = y < 70 ? 2000 + y : 1900 + y;
        break;
      }
      case 'Y,YYY': {
        const m = /^(\d{1,3}),(\d{3})/.exec(s.slice(i));
        if (!m) throw badFormat(`invalid input string for "Y,YYY"`);
        r.year = Number(m[1]) * 1000 + Number(m[2]);
        i += m[0].length;
        break;
      }
      case 'MM':
        r.month = readInt(2, node.raw);
        break;
      case 'MONTH':
        r.month = readWord(MONTHS, node.raw) + 1;
        break;
      case 'MON':
        r.month = readWord(MONTHS, node.raw, 3) + 1;
        break;
      case 'DAY':
        readWord(DAYS, node.raw);
        break;
      case 'DY':
        readWord(DAYS, node.raw, 3);
        break;
      case 'DD':
        r.day = readInt(2, node.raw);
        break;
      case 'DDD':
        r.doy = readInt(3, node.raw);
        break;
      case 'J':
        r.julian = readInt(7, node.raw);
        break;
      case 'HH':
      case 'HH12':
      case 'HH24':
        r.hour = readInt(2, node.raw);
        if (node.key !== 'HH24' && (r.hour < 1 || r.hour > 12))
          throw badFormat(
            `hour "${r.hour}" is invalid for the 12-hour clock`,
            'Use the 24-hour clock, or give an hour between 1 and 12.',
          );
        break;
      case 'MI':
        r.min = readInt(2, node.raw);
        break;
      case 'SS':
        r.sec = readInt(2, node.raw);
        break;
      case 'MS': {
        const j0 = i;
        const v = readInt(3, node.raw);
        r.usec = v * 10 ** (3 - (i - j0)) * 1000;
        break;
      }
      case 'US': {
        const j0 = i;
        const v = readInt(6, node.raw);
        r.usec = v * 10 ** (6 - (i - j0));
        break;
      }
      case 'AM':
      case 'PM':
      case 'A.M.':
      case 'P.M.': {
        const m = /^(a\.?m\.?|p\.?m\.?)/i.exec(s.slice(i));
        if (!m) throw badFormat(`invalid value "${s.slice(i, i + 2)}" for "${node.raw}"`);
        r.pm = m[0][0].toLowerCase() === 'p';
        i += m[0].length;
        break;
      }
      case 'AD':
      case 'BC':
      case 'A.D.':
      case 'B.C.': {
        const m = /^(a\.?d\.?|b\.?c\.?)/i.exec(s.slice(i));
        if (m) {
          r.bc = m[0][0].toLowerCase() === 'b';
          i += m[0].length;
        }
        break;
      }
      case 'TZH': {
        const v = readInt(2, node.raw);
        r.tzSeconds = v * 3600;
        break;
      }
      case 'TZM': {
        const v = readInt(2, node.raw);
        r.tzSeconds = (r.tzSeconds ?? 0) + Math.sign(r.tzSeconds || 1) * v * 60;
        break;
      }
      default:
        throw new PgError(
          SQLSTATE.FEATURE_NOT_SUPPORTED,
          `formatting field "${node.raw}" is not supported in input by Lumos`,
        );
    }
  }
  return r;
}

function parsedDays(r: Parsed, s: string): number {
  if (r.julian !== undefined) return r.julian - 2440588;
  let y = r.year ?? 1;
  if (r.bc) y = -y + 1;
  if (r.doy !== undefined && r.month === undefined) return daysFromCivil(y, 1, 1) + r.doy - 1;
  const m = r.month ?? 1;
  const d = r.day ?? 1;
  if (m < 1 || m > 12 || d < 1 || d > monthDays(y, m))
    throw new PgError(SQLSTATE.DATETIME_FIELD_OVERFLOW, `date/time field value out of range: "${s}"`);
  return daysFromCivil(y, m, d);
}

defineSqliteFunctions((db) => {
  const det = { deterministic: true };
  const fn = (name: string, f: (...args: any[]) => unknown) => db.function(name, det, f as never);
  fn('lumos_to_date', (s: V, f: V) => {
    if (isNull(s) || isNull(f)) return null;
    const r = parseByFormat(asStr(s), asStr(f));
    return parsedDays(r, asStr(s));
  });
  fn('lumos_to_timestamp', (s: V, f: V, tz: V) => {
    if (isNull(s) || isNull(f)) return null;
    const r = parseByFormat(asStr(s), asStr(f));
    let hour = r.hour;
    if (r.pm !== undefined) hour = (hour % 12) + (r.pm ? 12 : 0);
    if (hour > 24 || r.min > 59 || r.sec > 60)
      throw new PgError(SQLSTATE.DATETIME_FIELD_OVERFLOW, `date/time field value out of range: "${asStr(s)}"`);
    const local = parsedDays(r, asStr(s)) * DAY + ((hour * 60 + r.min) * 60 + r.sec) * 1e6 + r.usec;
    if (r.tzSeconds !== undefined) return local - r.tzSeconds * 1e6;
    return localToUtc(local, asStr(tz));
  });
});
