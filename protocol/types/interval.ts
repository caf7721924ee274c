/**
 * interval: canonical value {months, days, micros}. Output in all four IntervalStyles (EncodeInterval);
 * input after DecodeInterval (fields read right to left, units apply to the number on their left, fractional
 * units spill down: months -> 30 days -> microseconds) plus ISO 8601 'P1Y2M3DT4H5M6S'.
 */
import { PgError } from '../errors.js';
import type { CodecContext } from './context.js';
import { dtError } from './dtparse.js';
import { pad2, trimSpace } from './util.js';

export interface Interval {
  months: number;
  days: number;
  micros: number;
}

const USECS_PER_HOUR = 3_600_000_000;
const USECS_PER_MINUTE = 60_000_000;
const USECS_PER_DAY = 86_400_000_000;

/** C's rint(): round half to even. */
function rint(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function seconds(sec: number, fsec: number, fillZeros: boolean): string {
  const s = Math.abs(sec);
  let out = fillZeros ? pad2(s) : String(s);
  if (fsec !== 0) {
    let f = String(Math.abs(fsec) + 1000000).slice(1);
    let end = 6;
    while (f.charCodeAt(end - 1) === 48) end--;
    f = f.slice(0, end);
    out += `.${f}`;
  }
  return out;
}

export function intervalToText(v: unknown, ctx: CodecContext): string {
  const iv = typeof v === 'string' ? intervalFromText(v, ctx) : (v as Interval);
  const months = Number(iv.months);
  const mday = Number(iv.days);
  const micros = Number(iv.micros);
  const year = Math.trunc(months / 12);
  const mon = months % 12 || 0;
  const hour = Math.trunc(micros / USECS_PER_HOUR);
  let rest = micros - hour * USECS_PER_HOUR;
  const min = Math.trunc(rest / USECS_PER_MINUTE);
  rest -= min * USECS_PER_MINUTE;
  const sec = Math.trunc(rest / 1e6);
  const fsec = rest - sec * 1e6;
  const style = ctx.intervalStyle;
  if (style === 'postgres' || style === undefined) {
    let out = '';
    let isZero = true;
    let isBefore = false;
    const add = (value: number, unit: string) => {
      if (value === 0) return;
      out += `${isZero ? '' : ' '}${isBefore && value > 0 ? '+' : ''}${value} ${unit}${value !== 1 ? 's' : ''}`;
      isBefore = value < 0;
      isZero = false;
    };
    add(year, 'year');
    add(mon, 'mon');
    add(mday, 'day');
    if (isZero || hour !== 0 || min !== 0 || sec !== 0 || fsec !== 0) {
      const minus = hour < 0 || min < 0 || sec < 0 || fsec < 0;
      out += `${isZero ? '' : ' '}${minus ? '-' : isBefore ? '+' : ''}${pad2(Math.abs(hour))}:${pad2(Math.abs(min))}:`;
      out += seconds(sec, fsec, true);
    }
    return out;
  }
  if (style === 'iso_8601') {
    if (year === 0 && mon === 0 && mday === 0 && micros === 0) return 'PT0S';
    let out = 'P';
    if (year) out += `${year}Y`;
    if (mon) out += `${mon}M`;
    if (mday) out += `${mday}D`;
    if (hour || min || sec || fsec) out += 'T';
    if (hour) out += `${hour}H`;
    if (min) out += `${min}M`;
    if (sec || fsec) out += `${sec < 0 || fsec < 0 ? '-' : ''}${seconds(sec, fsec, false)}S`;
    return out;
  }
  if (style === 'sql_standard') {
    const neg = year < 0 || mon < 0 || mday < 0 || micros < 0;
    const pos = year > 0 || mon > 0 || mday > 0 || micros > 0;
    const hasYm = year !== 0 || mon !== 0;
    const hasDt = mday !== 0 || micros !== 0;
    const standard = !(neg && pos) && !(hasYm && hasDt);
    if (!neg && !pos) return '0';
    const time = (h: number) => `${Math.abs(h)}:${pad2(Math.abs(min))}:${seconds(sec, fsec, true)}`;
    if (!standard) {
      const ys = year < 0 || mon < 0 ? '-' : '+';
      const ds = mday < 0 ? '-' : '+';
      const ts = micros < 0 ? '-' : '+';
      return `${ys}${Math.abs(year)}-${Math.abs(mon)} ${ds}${Math.abs(mday)} ${ts}${time(hour)}`;
    }
    const sign = neg ? '-' : '';
    if (hasYm) return `${sign}${Math.abs(year)}-${Math.abs(mon)}`;
    if (mday !== 0) return `${sign}${Math.abs(mday)} ${time(hour)}`;
    return `${sign}${time(hour)}`;
  }
  // postgres_verbose
  let out = '@';
  let isZero = true;
  let isBefore = false;
  const add = (value: number, unit: string) => {
    if (value === 0) return;
    if (isZero) {
      isBefore = value < 0;
      value = Math.abs(value);
    } else if (isBefore) value = -value;
    out += ` ${value} ${unit}${value === 1 ? '' : 's'}`;
    isZero = false;
  };
  add(year, 'year');
  add(mon, 'mon');
  add(mday, 'day');
  add(hour, 'hour');
  add(min, 'min');
  if (sec !== 0 || fsec !== 0) {
    out += ' ';
    if (sec < 0 || (sec === 0 && fsec < 0)) {
      if (isZero) isBefore = true;
      else if (!isBefore) out += '-';
    } else if (isBefore) out += '-';
    out += `${seconds(sec, fsec, false)} sec${Math.abs(sec) !== 1 || fsec !== 0 ? 's' : ''}`;
    isZero = false;
  }
  if (isZero) out += ' 0';
  if (isBefore) out += ' ago';
  return out;
}

// ---- input ----

type Unit = 'us' | 'ms' | 's' | 'min' | 'h' | 'd' | 'w' | 'mon' | 'y' | 'dec' | 'c' | 'mil';

// biome-ignore format: compact table
const UNITS: Record<string, Unit> = Object.assign(Object.create(null), {
  c: 'c', cent: 'c', centuries: 'c', century: 'c', d: 'd', day: 'd', days: 'd', dec: 'dec', decade: 'dec',
  decades: 'dec', decs: 'dec', h: 'h', hour: 'h', hours: 'h', hr: 'h', hrs: 'h', m: 'min', microsecon: 'us',
  mil: 'mil', millennia: 'mil', millennium: 'mil', millisecon: 'ms', mils: 'mil', min: 'min', mins: 'min',
  minute: 'min', minutes: 'min', mon: 'mon', mons: 'mon', month: 'mon', months: 'mon', ms: 'ms', msec: 'ms',
  msecond: 'ms', mseconds: 'ms', msecs: 'ms', s: 's', sec: 's', second: 's', seconds: 's', secs: 's', us: 'us',
  usec: 'us', usecond: 'us', useconds: 'us', usecs: 'us', w: 'w', week: 'w', weeks: 'w', y: 'y', year: 'y',
  years: 'y', yr: 'y', yrs: 'y',
});

// biome-ignore format: compact table
const BIT: Record<Unit, number> = {
  us: 1, ms: 2, s: 4, min: 8, h: 16, d: 32, w: 64, mon: 128, y: 256, dec: 512, c: 1024, mil: 2048,
};
const TIME_M = BIT.h | BIT.min | BIT.s | BIT.ms | BIT.us;

class BadInterval extends Error {
  constructor(readonly kind: 'format' | 'field') {
    super(kind);
  }
}

interface Acc {
  months: number;
  days: number;
  micros: number;
}

function fractMicros(acc: Acc, frac: number, scale: number): void {
  if (frac === 0) return;
  frac *= scale;
  const whole = Math.trunc(frac);
  acc.micros += whole + rint(frac - whole);
}

function fractDays(acc: Acc, frac: number, scale: number): void {
  if (frac === 0) return;
  frac *= scale;
  const extra = Math.trunc(frac);
  acc.days += extra;
  fractMicros(acc, frac - extra, USECS_PER_DAY);
}

function addUnit(acc: Acc, unit: Unit, val: number, fval: number): void {
  switch (unit) {
    case 'us':
      acc.micros += val;
      fractMicros(acc, fval, 1);
      break;
    case 'ms':
      acc.micros += val * 1000;
      fractMicros(acc, fval, 1000);
      break;
    case 's':
      acc.micros += val * 1e6;
      fractMicros(acc, fval, 1e6);
      break;
    case 'min':
      acc.micros += val * USECS_PER_MINUTE;
      fractMicros(acc, fval, USECS_PER_MINUTE);
      break;
    case 'h':
      acc.micros += val * USECS_PER_HOUR;
      fractMicros(acc, fval, USECS_PER_HOUR);
      break;
    case 'd':
      acc.days += val;
      fractMicros(acc, fval, USECS_PER_DAY);
      break;
    case 'w':
      acc.days += val * 7;
      fractDays(acc, fval, 7);
      break;
    case 'mon':
      acc.months += val;
      fractDays(acc, fval, 30);
      break;
    default: {
      const scale = unit === 'y' ? 1 : unit === 'dec' ? 10 : unit === 'c' ? 100 : 1000;
      acc.months += val * 12 * scale + rint(fval * scale * 12);
    }
  }
}

/** 'h:m[:s[.f]]' or 'm:s.f' (also 'm:s' in a MINUTE TO SECOND interval) -> microseconds. */
function timeMicros(s: string, range: number): number {
  const m = /^(\d+):(\d+)(?::(\d+))?(\.\d*)?$/.exec(s);
  if (!m) throw new BadInterval('format');
  let h = Number(m[1]);
  let mi = Number(m[2]);
  let sec = m[3] === undefined ? 0 : Number(m[3]);
  if (m[3] === undefined && (m[4] !== undefined || range === (RANGE.minute | RANGE.second))) {
    sec = mi;
    mi = h;
    h = 0;
  }
  const fsec = m[4] === undefined || m[4] === '.' ? 0 : Math.round(Number(`0${m[4]}`) * 1e6);
  if (mi > 59 || sec > 60) throw new BadInterval('field');
  return h * USECS_PER_HOUR + mi * USECS_PER_MINUTE + sec * 1e6 + fsec;
}

function lexInterval(s: string): string[] {
  return s.match(/[+-]?\s*[0-9.][0-9.:\-/]*|[a-z]+|[^\s\w]/g) ?? [];
}

/** PG's INTERVAL_MASK bits of an interval typmod's range (datetime.h field numbers). */
export const RANGE = { month: 1 << 1, year: 1 << 2, day: 1 << 3, hour: 1 << 10, minute: 1 << 11, second: 1 << 12 };
export const INTERVAL_FULL_RANGE = 0x7fff;
export const INTERVAL_FULL_PRECISION = 0xffff;

/** The unit of a unit-less rightmost number, from the typmod's range (DecodeInterval). */
function rangeUnit(range: number): Unit {
  const { year, month, day, hour, minute } = RANGE;
  if (range === year) return 'y';
  if (range === month || range === (year | month)) return 'mon';
  if (range === day) return 'd';
  if (range === hour || range === (day | hour)) return 'h';
  if (range === minute || range === (hour | minute) || range === (day | hour | minute)) return 'min';
  return 's';
}

function decodeInterval(input: string, sqlStandard: boolean, range: number): Interval {
  const tokens = lexInterval(input.toLowerCase()).filter((t) => /[0-9a-z]/.test(t));
  if (tokens.length === 0) throw new BadInterval('format');
  const acc: Acc = { months: 0, days: 0, micros: 0 };
  let fmask = 0;
  let unit: Unit | undefined | null;
  let ago = false;
  let forceNegative = false;
  if (sqlStandard && tokens[0][0] === '-') {
    forceNegative = !tokens.slice(1).some((t) => t[0] === '-' || t[0] === '+');
  }
  for (let i = tokens.length - 1; i >= 0; i--) {
    const raw = tokens[i].replace(/\s+/g, '');
    const c = raw[0];
    let tmask = 0;
    if ((c >= 'a' && c <= 'z') || c > '\x7f') {
      if (raw === 'ago') {
        // PG's 'ago' leaves no unit for a number written just before it ('5 ago' is invalid).
        ago = true;
        unit = null;
      } else {
        const u = UNITS[raw.slice(0, 10)];
        if (!u) throw new BadInterval('format');
        unit = u;
      }
      continue;
    }
    const sign = c === '-' || c === '+' ? c : '';
    const body = sign ? raw.slice(1) : raw;
    if (body.includes(':')) {
      let t = timeMicros(body, range);
      if (sign === '-' || forceNegative) t = -t;
      acc.micros = t;
      tmask = TIME_M;
      unit = 'd';
    } else {
      const m = /^(\d+)(?:-(\d+)|(\.\d*))?$/.exec(body);
      if (!m) throw new BadInterval('format');
      let val = Number(m[1]);
      let fval = m[3] === undefined || m[3] === '.' ? 0 : Number(`0${m[3]}`);
      if (sign === '-') {
        val = -val;
        fval = -fval;
      }
      if (forceNegative) {
        if (val > 0) val = -val;
        if (fval > 0) fval = -fval;
      }
      if (unit === null && m[2] === undefined) throw new BadInterval('format');
      unit ??= rangeUnit(range);
      if (m[2] !== undefined) {
        const val2 = Number(m[2]);
        if (val2 >= 12) throw new BadInterval('field');
        val = val * 12 + (sign === '-' || forceNegative ? -val2 : val2);
        fval = 0;
        unit = 'mon';
      }
      addUnit(acc, unit, val, fval);
      tmask = unit === 's' && fval !== 0 ? BIT.s | BIT.ms | BIT.us : BIT[unit];
      if (unit === 'h') unit = 'd';
    }
    if (tmask & fmask) throw new BadInterval('format');
    fmask |= tmask;
  }
  if (fmask === 0) throw new BadInterval('format');
  if (ago) {
    acc.months = -acc.months;
    acc.days = -acc.days;
    acc.micros = -acc.micros;
  }
  return { months: acc.months || 0, days: acc.days || 0, micros: acc.micros || 0 };
}

/** ISO 8601 'P1Y2M3W4DT5H6M7.5S' (designator format). */
function decodeIso(s: string): Interval {
  const m =
    /^p(?:([-+]?[\d.]+)y)?(?:([-+]?[\d.]+)m)?(?:([-+]?[\d.]+)w)?(?:([-+]?[\d.]+)d)?(?:t(?:([-+]?[\d.]+)h)?(?:([-+]?[\d.]+)m)?(?:([-+]?[\d.]+)s)?)?$/.exec(
      s.toLowerCase(),
    );
  if (!m || s.length < 2) throw new BadInterval('format');
  const acc: Acc = { months: 0, days: 0, micros: 0 };
  const units: Unit[] = ['y', 'mon', 'w', 'd', 'h', 'min', 's'];
  for (let i = 0; i < units.length; i++) {
    const t = m[i + 1];
    if (t === undefined) continue;
    const v = Number(t);
    if (Number.isNaN(v)) throw new BadInterval('format');
    const val = Math.trunc(v);
    addUnit(acc, units[i], val, v - val);
  }
  return { months: acc.months || 0, days: acc.days || 0, micros: acc.micros || 0 };
}

/**
 * Text -> interval. With a typmod (interval YEAR, DAY TO HOUR, SECOND(p)...), its range decides the unit of a
 * unit-less number ('3 4' DAY TO HOUR is 3 days 4 hours) and the result is truncated/rounded to it.
 */
export function intervalFromText(text: string, ctx: CodecContext, typmod = -1): Interval {
  const t = trimSpace(text);
  const range = typmod < 0 ? INTERVAL_FULL_RANGE : (typmod >>> 16) & INTERVAL_FULL_RANGE;
  try {
    const iv =
      t.length > 0 && (t[0] === 'P' || t[0] === 'p')
        ? decodeIso(t)
        : decodeInterval(t, ctx.intervalStyle === 'sql_standard', range);
    return typmod < 0 ? iv : adjustIntervalForTypmod(iv, typmod);
  } catch (e) {
    if (!(e instanceof BadInterval)) throw e;
    if (e.kind === 'field') {
      throw new PgError('22015', `interval field value out of range: "${text}"`);
    }
    throw dtError(e.kind, text, 'interval');
  }
}

const SCALES = [1_000_000, 100_000, 10_000, 1000, 100, 10, 1];

/** PG's AdjustIntervalForTypmod: drop the fields below the range, round seconds to the precision. */
export function adjustIntervalForTypmod(iv: Interval, typmod: number): Interval {
  if (typmod < 0) return iv;
  const range = (typmod >>> 16) & INTERVAL_FULL_RANGE;
  const precision = typmod & INTERVAL_FULL_PRECISION;
  const { year, month, day, hour, minute } = RANGE;
  let { months, days, micros } = iv;
  const truncTo = (unit: number) => {
    micros = Math.trunc(micros / unit) * unit;
  };
  if (range === year) {
    months = Math.trunc(months / 12) * 12;
    days = 0;
    micros = 0;
  } else if (range === month || range === (year | month)) {
    days = 0;
    micros = 0;
  } else if (range === day) micros = 0;
  else if (range === hour || range === (day | hour)) truncTo(USECS_PER_HOUR);
  else if (range === minute || range === (day | hour | minute) || range === (hour | minute)) truncTo(USECS_PER_MINUTE);
  if (precision !== INTERVAL_FULL_PRECISION) {
    const scale = SCALES[Math.min(precision, 6)];
    const r = Math.floor((Math.abs(micros) + Math.floor(scale / 2)) / scale) * scale;
    micros = micros < 0 ? -r : r;
  }
  return { months: months || 0, days: days || 0, micros: micros || 0 };
}
