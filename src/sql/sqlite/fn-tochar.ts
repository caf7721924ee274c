/**
 * to_char for dates, timestamps and intervals: PG's formatting templates (HH24, YYYY, Month, FM/TH modifiers,
 * "quoted" text...). Parsing (to_date/to_timestamp) is in fn-todate.ts, numeric templates in fn-tonumber.ts.
 */
import { civilFromDays, daysFromCivil } from '../../../protocol/types/datetime.js';
import { OID } from '../../../protocol/types/oids.js';
import { formatOffset } from '../../../protocol/types/timezone.js';
import { coerce, isNumberType } from './coerce.js';
import { DAY, ivIn, tzOf } from './fn-datetime.js';
import { defineScalar, defineSqliteFunctions } from './fn-registry.js';
import { numberToChar } from './fn-tonumber.js';
import { asStr, isNull, mk, textArg, type V } from './fn-util.js';
import { utcToLocal } from './functions-datetime.js';

// Longest first within a prefix, as PG's DCH_keywords table.
const KEYWORDS =
  `A.D. A.M. AD AM B.C. BC CC DAY DDD DD DY Day Dy D FF1 FF2 FF3 FF4 FF5 FF6 FX HH24 HH12 HH IDDD ID IW IYYY IYY IY I J MI MM MONTH MON MS Month Mon OF P.M. PM Q RM SSSSS SSSS SS TZH TZM TZ US WW W Y,YYY YYYY YYY YY Y a.d. a.m. ad am b.c. bc cc day ddd dd dy d ff1 ff2 ff3 ff4 ff5 ff6 fx hh24 hh12 hh iddd id iw iyyy iyy iy i j mi mm month mon ms of p.m. pm q rm sssss ssss ss tzh tzm tz us ww w y,yyy yyyy yyy yy y`.split(
    ' ',
  );
// Keywords whose case only selects the output case; the rest are case-insensitive aliases.
const CASED = new Set([
  'AD',
  'AM',
  'BC',
  'DAY',
  'DY',
  'MONTH',
  'MON',
  'PM',
  'RM',
  'TZ',
  'A.D.',
  'A.M.',
  'B.C.',
  'P.M.',
]);

type Node =
  | { kind: 'lit'; text: string }
  | { kind: 'kw'; key: string; raw: string; fm: boolean; th: '' | 'th' | 'TH'; sp: boolean };

const formatCache = new Map<string, Node[]>();
export function parseFormat(f: string): Node[] {
  let nodes = formatCache.get(f);
  if (nodes) return nodes;
  nodes = [];
  let i = 0;
  let fm = false;
  while (i < f.length) {
    if (f.startsWith('FM', i) || f.startsWith('fm', i)) {
      fm = true;
      i += 2;
      continue;
    }
    if (f.startsWith('TM', i) || f.startsWith('tm', i)) {
      i += 2;
      continue;
    }
    const kw = KEYWORDS.find((k) => f.startsWith(k, i));
    if (kw) {
      i += kw.length;
      let th: '' | 'th' | 'TH' = '';
      if (f.startsWith('TH', i) || f.startsWith('th', i)) {
        th = f.slice(i, i + 2) as 'th' | 'TH';
        i += 2;
      }
      let sp = false;
      if (f.startsWith('SP', i) || f.startsWith('sp', i)) {
        sp = true;
        i += 2;
      }
      const upper = kw.toUpperCase();
      nodes.push({ kind: 'kw', key: CASED.has(upper) ? upper : upper, raw: kw, fm, th, sp });
      fm = false;
      continue;
    }
    if (f[i] === '"') {
      let j = i + 1;
      let text = '';
      while (j < f.length && f[j] !== '"') {
        if (f[j] === '\\' && j + 1 < f.length) j++;
        text += f[j++];
      }
      nodes.push({ kind: 'lit', text });
      i = j + 1;
      continue;
    }
    if (f[i] === '\\' && f[i + 1] === '"') {
      nodes.push({ kind: 'lit', text: '"' });
      i += 2;
      continue;
    }
    nodes.push({ kind: 'lit', text: f[i++] });
  }
  if (formatCache.size > 500) formatCache.clear();
  formatCache.set(f, nodes);
  return nodes;
}

export const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
export const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII'];

function ordinal(n: number, th: string): string {
  const a = Math.abs(n) % 100;
  const s = a >= 11 && a <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][a % 10] ?? 'th');
  return th === 'TH' ? s.toUpperCase() : s;
}

/** Case as the keyword was written: MONTH -> upper, Month -> capitalized, month -> lower. */
function cased(raw: string, word: string): string {
  if (raw === raw.toUpperCase()) return word.toUpperCase();
  if (raw[0] === raw[0].toUpperCase()) return word;
  return word.toLowerCase();
}

interface Parts {
  year: number; // astronomical
  month: number;
  day: number;
  days: number; // since epoch (NaN for intervals)
  hour: number;
  min: number;
  sec: number;
  usec: number;
  tzOffset?: number; // seconds east, timestamptz only
  tzName?: string;
  interval?: boolean;
}

function isoWeek(days: number): [number, number] {
  const dow = (((days + 4) % 7) + 7) % 7 || 7;
  const thursday = days - dow + 4;
  const [y] = civilFromDays(thursday);
  return [y, Math.floor((thursday - daysFromCivil(y, 1, 1)) / 7) + 1];
}

function formatParts(p: Parts, fmt: string): string {
  let out = '';
  const bcYear = p.year <= 0 ? 1 - p.year : p.year;
  for (const node of parseFormat(fmt)) {
    if (node.kind === 'lit') {
      out += node.text;
      continue;
    }
    const { key, raw, fm, th } = node;
    const num = (v: number, width: number) => {
      const s = fm ? String(v) : v < 0 ? `-${String(-v).padStart(width - 1, '0')}` : String(v).padStart(width, '0');
      return th ? s + ordinal(v, th) : s;
    };
    const word = (w: string, width: number) => {
      const s = cased(raw, w);
      return fm ? s : s.padEnd(width, ' ');
    };
    const doy = p.days - daysFromCivil(p.year, 1, 1) + 1;
    const dow = (((p.days + 4) % 7) + 7) % 7;
    switch (key) {
      case 'HH24':
        out += num(p.hour, 2);
        break;
      case 'HH':
      case 'HH12':
        out += num(p.interval ? p.hour % 12 : p.hour % 12 === 0 ? 12 : p.hour % 12, 2);
        break;
      case 'MI':
        out += num(p.min, 2);
        break;
      case 'SS':
        out += num(p.sec, 2);
        break;
      case 'MS':
        out += num(Math.floor(p.usec / 1000), 3);
        break;
      case 'US':
        out += num(p.usec, 6);
        break;
      case 'FF1':
      case 'FF2':
      case 'FF3':
      case 'FF4':
      case 'FF5':
      case 'FF6': {
        const k = Number(key[2]);
        out += num(Math.floor(p.usec / 10 ** (6 - k)), k);
        break;
      }
      case 'SSSS':
      case 'SSSSS':
        out += num((p.hour * 60 + p.min) * 60 + p.sec, 0);
        break;
      case 'AM':
      case 'PM':
        out += cased(raw, p.hour >= 12 ? 'PM' : 'AM');
        break;
      case 'A.M.':
      case 'P.M.':
        out += cased(raw, p.hour >= 12 ? 'P.M.' : 'A.M.');
        break;
      case 'AD':
      case 'BC':
        out += cased(raw, p.year <= 0 ? 'BC' : 'AD');
        break;
      case 'A.D.':
      case 'B.C.':
        out += cased(raw, p.year <= 0 ? 'B.C.' : 'A.D.');
        break;
      case 'Y,YYY': {
        const s = String(bcYear).padStart(4, '0');
        out += `${s.slice(0, -3)},${s.slice(-3)}`;
        break;
      }
      case 'YYYY':
        out += num(p.interval ? p.year : bcYear, 4);
        break;
      case 'YYY':
        out += num(bcYear % 1000, 3);
        break;
      case 'YY':
        out += num(bcYear % 100, 2);
        break;
      case 'Y':
        out += num(bcYear % 10, 1);
        break;
      case 'IYYY':
      case 'IYY':
      case 'IY':
      case 'I': {
        const iy = isoWeek(p.days)[0];
        const w = key.length;
        out += num(w === 4 ? iy : iy % 10 ** w, w);
        break;
      }
      case 'MONTH':
        out += p.month ? word(MONTHS[p.month - 1], 9) : '';
        break;
      case 'MON':
        out += p.month ? cased(raw, MONTHS[p.month - 1].slice(0, 3)) : '';
        break;
      case 'MM':
        out += num(p.month, 2);
        break;
      case 'DAY':
        out += word(DAYS[dow], 9);
        break;
      case 'DY':
        out += cased(raw, DAYS[dow].slice(0, 3));
        break;
      case 'DDD':
        out += num(doy, 3);
        break;
      case 'IDDD': {
        const [iy] = isoWeek(p.days);
        const jan4 = daysFromCivil(iy, 1, 4);
        const start = jan4 - ((((jan4 + 3) % 7) + 7) % 7);
        out += num(p.days - start + 1, 3);
        break;
      }
      case 'DD':
        out += num(p.day, 2);
        break;
      case 'D':
        out += num(dow + 1, 1);
        break;
      case 'ID':
        out += num(dow === 0 ? 7 : dow, 1);
        break;
      case 'W':
        out += num(Math.floor((p.day - 1) / 7) + 1, 1);
        break;
      case 'WW':
        out += num(Math.floor((doy - 1) / 7) + 1, 2);
        break;
      case 'IW':
        out += num(isoWeek(p.days)[1], 2);
        break;
      case 'CC': {
        const cc = p.year > 0 ? Math.floor((p.year - 1) / 100) + 1 : -(Math.floor(-p.year / 100) + 1);
        out += num(cc, 2);
        break;
      }
      case 'J':
        out += num(p.days + 2440588, 0);
        break;
      case 'Q':
        out += p.month ? num(Math.floor((p.month - 1) / 3) + 1, 1) : '';
        break;
      case 'RM':
        out += p.month ? (fm ? cased(raw, ROMAN[p.month - 1]) : cased(raw, ROMAN[p.month - 1]).padEnd(4, ' ')) : '';
        break;
      case 'TZ':
        out += p.tzName !== undefined ? cased(raw, p.tzName) : '';
        break;
      case 'OF':
        out += p.tzOffset !== undefined ? formatOffset(p.tzOffset) : '+00';
        break;
      case 'TZH': {
        const o = p.tzOffset ?? 0;
        out += `${o < 0 ? '-' : '+'}${String(Math.floor(Math.abs(o) / 3600)).padStart(2, '0')}`;
        break;
      }
      case 'TZM':
        out += String(Math.floor((Math.abs(p.tzOffset ?? 0) % 3600) / 60)).padStart(2, '0');
        break;
      case 'FX':
        break;
    }
  }
  return out;
}

// PG prints zone abbreviations (CET, EST, JST...); Intl only knows each one under some English locale.
const ABBREV_LOCALES = ['en-US', 'en-GB', 'en-AU', 'en-IN', 'ja-JP'];
const abbrevFormat = new Map<string, Intl.DateTimeFormat[]>();
function zoneAbbrev(zone: string, utcMicros: number, offset: number): string {
  if (/^(etc\/)?(utc|uct|zulu|universal)$/i.test(zone)) return 'UTC';
  let fs = abbrevFormat.get(zone);
  if (!fs) {
    try {
      fs = ABBREV_LOCALES.map((l) => new Intl.DateTimeFormat(l, { timeZone: zone, timeZoneName: 'short' }));
    } catch {
      fs = [];
    }
    abbrevFormat.set(zone, fs);
  }
  for (const f of fs) {
    const name = f.formatToParts(utcMicros / 1000).find((x) => x.type === 'timeZoneName')?.value ?? '';
    if (/^[A-Z]{2,5}$/.test(name) && (name !== 'GMT' || offset === 0)) return name;
  }
  return formatOffset(offset);
}

function tsParts(local: number): Parts {
  const days = Math.floor(local / DAY);
  let tod = local - days * DAY;
  const [year, month, day] = civilFromDays(days);
  const hour = Math.floor(tod / 3_600_000_000);
  tod -= hour * 3_600_000_000;
  const min = Math.floor(tod / 60e6);
  tod -= min * 60e6;
  const sec = Math.floor(tod / 1e6);
  return { year, month, day, days, hour, min, sec, usec: tod - sec * 1e6 };
}

function intervalParts(v: V): Parts {
  const x = ivIn(v);
  let t = x.micros;
  const hour = Math.trunc(t / 3_600_000_000);
  t -= hour * 3_600_000_000;
  const min = Math.trunc(t / 60e6);
  t -= min * 60e6;
  const sec = Math.trunc(t / 1e6);
  return {
    year: Math.trunc(x.months / 12),
    month: x.months % 12,
    day: x.days,
    days: x.days,
    hour,
    min,
    sec,
    usec: t - sec * 1e6,
    interval: true,
  };
}

defineScalar('to_char', (ctx, a, n) => {
  if (a.length !== 2) return undefined;
  const f = textArg(ctx, a[1], n);
  if (!f) return undefined;
  let v = a[0];
  if (v.type === OID.unknown) return undefined;
  if (isNumberType(v.type)) return numberToChar(ctx, v, f, n);
  if (v.type === OID.date) v = coerce(ctx.t, v, OID.timestamp, -1, 'implicit', n);
  if (v.type === OID.timestamp) return mk(`lumos_to_char_ts(${v.sql}, ${f.sql}, NULL)`, OID.text);
  if (v.type === OID.timestamptz) return mk(`lumos_to_char_ts(${v.sql}, ${f.sql}, ${tzOf(ctx)})`, OID.text);
  if (v.type === OID.interval) return mk(`lumos_to_char_iv(${v.sql}, ${f.sql})`, OID.text);
  return undefined;
});

defineSqliteFunctions((db) => {
  const det = { deterministic: true };
  const fn = (name: string, f: (...args: any[]) => unknown) => db.function(name, det, f as never);
  fn('lumos_to_char_ts', (v: V, f: V, tz: V) => {
    if (isNull(v) || isNull(f)) return null;
    const u = Number(v);
    if (isNull(tz)) return formatParts(tsParts(u), asStr(f));
    const zone = asStr(tz);
    const local = utcToLocal(u, zone);
    const offset = Math.round((local - u) / 1e6);
    return formatParts({ ...tsParts(local), tzOffset: offset, tzName: zoneAbbrev(zone, u, offset) }, asStr(f));
  });
  fn('lumos_to_char_iv', (v: V, f: V) => (isNull(v) || isNull(f) ? null : formatParts(intervalParts(v), asStr(f))));
});
