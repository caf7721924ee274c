/**
 * Date/time input, after PostgreSQL's ParseDateTime + DecodeDateTime (src/backend/utils/adt/datetime.c):
 * the string is split into typed fields (number, date, time, string, zone offset), then numbers are assigned to
 * year/month/day/time by position and DateOrder. Covers ISO 8601, 'Jan 5 2024', '1/5/2024', '20240105T123456',
 * AM/PM, BC, zone offsets/abbreviations/names and the special words.
 */
import { PgError, SQLSTATE } from '../errors.js';
import { DtError, F, IGNORED, isAlpha, isDigit, lex, MONTHS, SPECIALS } from './dtlex.js';
import { findZone, unknownZone, type Zone } from './timezone.js';
import { ZONE_ABBREVIATIONS } from './tz-abbrevs.js';

export type DateOrder = 'MDY' | 'DMY' | 'YMD';
export type DtSpecial = 'epoch' | 'infinity' | '-infinity' | 'now' | 'today' | 'tomorrow' | 'yesterday' | 'allballs';

export interface DtFields {
  special?: DtSpecial;
  hasDate: boolean;
  hasTime: boolean;
  year: number;
  month: number;
  day: number;
  /** Time of day in microseconds (may be exactly one day for 24:00:00). */
  time: number;
  /** Explicit offset in seconds east of UTC (numeric or abbreviation). */
  tz?: number;
  zone?: Zone;
}

const YEAR = 1;
const MONTH = 2;
const DAY = 4;
const DATE_M = 7;
const TIME = 8;
const TZ = 16;
const DOY = 32;

interface State {
  fmask: number;
  year: number;
  month: number;
  day: number;
  doy: number;
  is2digits: boolean;
  hour: number;
  minute: number;
  second: number;
  fsec: number;
}

function parseFraction(f: string): number {
  if (f === '.' || f === '') return 0;
  const v = Number(`0${f}`);
  if (Number.isNaN(v)) throw new DtError('format');
  return Math.round(v * 1e6);
}

/** DecodeNumberField: run-together yyyymmdd / yymmdd / hhmmss / hhmm with optional fraction. */
function decodeNumberField(str: string, fmask: number, st: State): number {
  const dot = str.indexOf('.');
  if (dot >= 0) {
    // Fraction: a time with seconds (hhmmss.fff) or a date with a (meaningless) fraction.
    st.fsec = parseFraction(str.slice(dot));
    str = str.slice(0, dot);
  } else if (!(fmask & DATE_M) && str.length >= 6) {
    const len = str.length;
    st.day = Number(str.slice(len - 2));
    st.month = Number(str.slice(len - 4, len - 2));
    st.year = Number(str.slice(0, len - 4));
    st.is2digits = len - 4 === 2;
    return DATE_M;
  }
  if ((fmask & TIME) === 0) {
    if (str.length === 6) {
      st.hour = Number(str.slice(0, 2));
      st.minute = Number(str.slice(2, 4));
      st.second = Number(str.slice(4));
      return TIME;
    }
    if (str.length === 4) {
      st.hour = Number(str.slice(0, 2));
      st.minute = Number(str.slice(2));
      st.second = 0;
      return TIME;
    }
  }
  throw new DtError('format');
}

/** DecodeNumber: one numeric field, placed by what has been seen so far. Returns the mask it set. */
function decodeNumber(str: string, haveTextMonth: boolean, fmask: number, st: State, order: DateOrder): number {
  const m = /^(\d+)(\.\d*)?$/.exec(str);
  if (!m) throw new DtError('format');
  const flen = str.length;
  const val = Number(m[1]);
  if (m[2] !== undefined) {
    if (m[1].length > 2) return decodeNumberField(str, fmask | DATE_M, st);
    st.fsec = parseFraction(m[2]);
  }
  if (flen === 3 && (fmask & DATE_M) === YEAR && val >= 1 && val <= 366) {
    st.doy = val;
    return DOY | MONTH | DAY;
  }
  let mask: number;
  switch (fmask & DATE_M) {
    case 0:
      if (flen >= 3 || order === 'YMD') mask = YEAR;
      else if (order === 'DMY') mask = DAY;
      else mask = MONTH;
      break;
    case YEAR:
      mask = MONTH;
      break;
    case MONTH:
      if (haveTextMonth) mask = flen >= 3 || order === 'YMD' ? YEAR : DAY;
      else mask = DAY;
      break;
    case YEAR | MONTH:
      if (haveTextMonth && flen >= 3 && st.is2digits) {
        st.day = st.year;
        st.year = val;
        st.is2digits = false;
        return DAY;
      }
      mask = DAY;
      break;
    case DAY:
      mask = MONTH;
      break;
    case MONTH | DAY:
      mask = YEAR;
      break;
    case DATE_M:
      return decodeNumberField(str, fmask, st);
    default:
      throw new DtError('format');
  }
  if (mask === YEAR) {
    st.year = val;
    st.is2digits = flen <= 2;
  } else if (mask === MONTH) st.month = val;
  else st.day = val;
  return mask;
}

function decodeDate(str: string, fmask: number, st: State, order: DateOrder): number {
  const parts = str.match(/[0-9]+|[a-z\x80-\uffff]+/g) ?? [];
  if (parts.length === 0) throw new DtError('format');
  let tmask = 0;
  let haveTextMonth = false;
  const numeric: string[] = [];
  for (const p of parts) {
    if (isDigit(p[0])) {
      numeric.push(p);
      continue;
    }
    if (IGNORED.has(p)) continue;
    const mon = MONTHS[p];
    if (mon === undefined || (fmask & MONTH) !== 0) throw new DtError('format');
    st.month = mon;
    haveTextMonth = true;
    fmask |= MONTH;
    tmask |= MONTH;
  }
  for (const p of numeric) {
    const dmask = decodeNumber(p, haveTextMonth, fmask, st, order);
    if (fmask & dmask) throw new DtError('format');
    fmask |= dmask;
    tmask |= dmask;
  }
  if ((fmask & ~(DOY | TZ)) !== DATE_M) throw new DtError('format');
  return tmask;
}

function decodeTime(str: string, st: State): void {
  const m = /^(\d+):(\d+)(?::(\d+))?(\.\d*)?$/.exec(str);
  if (!m) throw new DtError('format');
  if (m[3] === undefined && m[4] !== undefined) {
    // mm:ss.fff
    st.hour = 0;
    st.minute = Number(m[1]);
    st.second = Number(m[2]);
  } else {
    st.hour = Number(m[1]);
    st.minute = Number(m[2]);
    st.second = m[3] === undefined ? 0 : Number(m[3]);
  }
  st.fsec = m[4] === undefined ? 0 : parseFraction(m[4]);
  if (st.minute > 59 || st.second > 60 || st.fsec > 1e6) throw new DtError('field');
}

/** DecodeTimezone: '+hh', '+hhmm', '+hh:mm[:ss]' -> seconds east. */
function decodeTimezone(str: string): number {
  const m = /^([+-])(\d+)(?::(\d+)(?::(\d+))?|)$/.exec(str);
  if (!m) throw new DtError('format');
  let hr = Number(m[2]);
  let min = m[3] === undefined ? 0 : Number(m[3]);
  const sec = m[4] === undefined ? 0 : Number(m[4]);
  if (m[3] === undefined && str.length > 3) {
    min = hr % 100;
    hr = Math.floor(hr / 100);
  }
  if (hr > 15 || min >= 60 || sec >= 60) throw new DtError('tz');
  const tz = hr * 3600 + min * 60 + sec;
  return m[1] === '-' ? -tz : tz;
}

// biome-ignore format: compact table
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (y: number) => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
export function daysInMonth(y: number, m: number): number {
  return m === 2 && isLeap(y) ? 29 : DAYS_IN_MONTH[m - 1];
}

function decode(input: string, order: DateOrder, timeOnly: boolean): DtFields {
  const [types, fields] = lex(input.toLowerCase());
  if (fields.length === 0) throw new DtError('format');
  const st: State = {
    fmask: 0,
    year: 0,
    month: 0,
    day: 0,
    doy: 0,
    is2digits: false,
    hour: 0,
    minute: 0,
    second: 0,
    fsec: 0,
  };
  let fmask = 0;
  let haveTextMonth = false;
  let isoTime = false;
  let bc = false;
  let mer: 'am' | 'pm' | undefined;
  let special: DtSpecial | undefined;
  const out: DtFields = { hasDate: false, hasTime: false, year: 0, month: 0, day: 0, time: 0 };
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i];
    let tmask = 0;
    switch (types[i]) {
      case F.Date:
        if (isoTime) throw new DtError('format');
        if (
          timeOnly &&
          !(i === 0 && fields.length >= 2 && (types[fields.length - 1] === F.Date || types[1] === F.Time))
        ) {
          // DecodeTimeOnly takes a leading date only before a time (or with a trailing zone name).
          if (!isAlpha(f[0])) throw new DtError('format');
          const z = findZone(f);
          if (!z) throw unknownZone(f);
          out.zone = z;
          tmask = TZ;
        } else if ((fmask & (MONTH | DAY)) === (MONTH | DAY) && !timeOnly) {
          if (!isAlpha(f[0])) throw new DtError('format');
          const z = findZone(f);
          if (!z) throw unknownZone(f);
          out.zone = z;
          tmask = TZ;
        } else tmask = decodeDate(f, fmask, st, order);
        break;
      case F.Time:
        isoTime = false;
        decodeTime(f, st);
        tmask = TIME;
        break;
      case F.Tz:
        out.tz = decodeTimezone(f);
        tmask = TZ;
        break;
      case F.Number:
        if (isoTime || timeOnly) {
          isoTime = false;
          tmask = decodeNumberField(f, fmask | DATE_M, st);
        } else {
          const dot = f.indexOf('.');
          if (dot >= 0 && !(fmask & DATE_M)) tmask = decodeDate(f, fmask, st, order);
          else if (dot > 2) tmask = decodeNumberField(f, fmask, st);
          else if (f.length >= 6 && (!(fmask & DATE_M) || !(fmask & TIME))) tmask = decodeNumberField(f, fmask, st);
          else tmask = decodeNumber(f, haveTextMonth, fmask, st, order);
        }
        break;
      case F.String: {
        const abbrev = ZONE_ABBREVIATIONS[f];
        if (abbrev !== undefined) {
          out.tz = abbrev;
          tmask = TZ;
        } else if (f in MONTHS) {
          // A number already taken as the month becomes the day ('05 jan 2024').
          if (fmask & MONTH && !haveTextMonth && !(fmask & DAY) && st.month >= 1 && st.month <= 31) {
            st.day = st.month;
            tmask = DAY;
          } else tmask = MONTH;
          st.month = MONTHS[f];
          haveTextMonth = true;
        } else if (IGNORED.has(f)) continue;
        else if (f === 'am' || f === 'pm') {
          if (mer) throw new DtError('format');
          mer = f;
          continue;
        } else if (f === 'ad' || f === 'bc') {
          bc = f === 'bc';
          continue;
        } else if (f === 't') {
          isoTime = true;
          continue;
        } else if (SPECIALS.has(f)) {
          special = f as DtSpecial;
          if (f === 'today' || f === 'tomorrow' || f === 'yesterday') tmask = DATE_M;
          else if (f === 'allballs') tmask = TIME;
          else tmask = DATE_M | TIME | TZ;
        } else {
          const z = findZone(f);
          if (!z) throw new DtError('format');
          out.zone = z;
          tmask = TZ;
        }
        break;
      }
      case F.Special:
        if (f !== '-infinity' && f !== '+infinity') throw new DtError('format');
        special = f === '-infinity' ? '-infinity' : 'infinity';
        tmask = DATE_M | TIME | TZ;
        break;
    }
    if (tmask & fmask) throw new DtError('format');
    fmask |= tmask;
  }
  if (special) {
    out.special = special;
    if (special !== 'today' && special !== 'tomorrow' && special !== 'yesterday' && special !== 'allballs') return out;
  }
  // ValidateDate (the relative days 'today', 'tomorrow', 'yesterday' carry no date fields)
  if (special) fmask &= ~DATE_M;
  if (fmask & YEAR) {
    if (bc) {
      if (st.year <= 0) throw new DtError('field');
      st.year = 1 - st.year;
    } else if (st.is2digits) {
      if (st.year < 70) st.year += 2000;
      else if (st.year < 100) st.year += 1900;
    } else if (st.year <= 0) throw new DtError('field');
  }
  if (fmask & DOY) {
    let doy = st.doy;
    st.month = 1;
    while (st.month < 12 && doy > daysInMonth(st.year, st.month)) doy -= daysInMonth(st.year, st.month++);
    st.day = doy;
  } else {
    if (fmask & MONTH && (st.month < 1 || st.month > 12)) throw new DtError('md');
    if (fmask & DAY && (st.day < 1 || st.day > 31)) throw new DtError('md');
  }
  if ((fmask & DATE_M) === DATE_M && st.day > daysInMonth(st.year, st.month)) throw new DtError('field');
  if (mer !== undefined && st.hour > 12) throw new DtError('field');
  if (mer === 'am' && st.hour === 12) st.hour = 0;
  else if (mer === 'pm' && st.hour !== 12) st.hour += 12;
  const time = ((st.hour * 60 + st.minute) * 60 + st.second) * 1e6 + st.fsec;
  if (st.hour > 24 || time > 86_400_000_000) throw new DtError('field');
  out.hasDate = (fmask & DATE_M) === DATE_M;
  out.hasTime = (fmask & TIME) !== 0;
  if ((fmask & DATE_M) !== 0 && !out.hasDate) throw new DtError('format');
  // A named zone needs a date to pick its offset (PG rejects '12:00 America/New_York'::timetz).
  if (timeOnly && out.zone && !out.hasDate) throw new DtError('format');
  out.year = st.year;
  out.month = st.month;
  out.day = st.day;
  out.time = time;
  return out;
}

/** Parse date/time input; errors are PgErrors naming `typeName` as PG does. */
export function parseDateTime(input: string, typeName: string, order: DateOrder, timeOnly = false): DtFields {
  try {
    return decode(input, order, timeOnly);
  } catch (e) {
    if (!(e instanceof DtError)) throw e;
    throw dtError(e.kind, input, typeName);
  }
}

export function dtError(kind: 'format' | 'field' | 'md' | 'tz', input: string, typeName: string): PgError {
  switch (kind) {
    case 'field':
      return new PgError(SQLSTATE.DATETIME_FIELD_OVERFLOW, `date/time field value out of range: "${input}"`);
    case 'md':
      return new PgError(SQLSTATE.DATETIME_FIELD_OVERFLOW, `date/time field value out of range: "${input}"`, {
        hint: 'Perhaps you need a different "datestyle" setting.',
      });
    case 'tz':
      return new PgError(
        SQLSTATE.INVALID_TIME_ZONE_DISPLACEMENT_VALUE,
        `time zone displacement out of range: "${input}"`,
      );
    default:
      return new PgError(SQLSTATE.INVALID_DATETIME_FORMAT, `invalid input syntax for type ${typeName}: "${input}"`);
  }
}

/** DateOrder from a DateStyle setting such as 'ISO, MDY' or 'German'. */
export function dateOrderOf(dateStyle: string): DateOrder {
  const s = dateStyle.toUpperCase();
  if (s.includes('YMD')) return 'YMD';
  if (s.includes('DMY') || /\bEURO/.test(s)) return 'DMY';
  if (s.includes('MDY') || s.includes('US') || s.includes('NONEURO')) return 'MDY';
  if (s.includes('GERMAN')) return 'DMY';
  return 'MDY';
}
