/**
 * date, time, timetz, timestamp, timestamptz text output/input (canonical values: date = days since 1970-01-01,
 * time = microseconds since midnight, timestamps = microseconds since 1970-01-01 UTC as number, or bigint outside
 * the safe integer range; +-Infinity for 'infinity'). Output follows DateStyle (ISO by default).
 */

import { PgError, SQLSTATE } from '../errors.js';
import type { CodecContext } from './context.js';
import { type DateOrder, type DtFields, dateOrderOf, daysInMonth, dtError, parseDateTime } from './dtparse.js';
import { daysFromCivil, formatOffset, localToUtcOffset, sessionZone, type Zone } from './timezone.js';
import { pad, pad2 } from './util.js';

export { daysFromCivil };
export const USECS_PER_DAY = 86_400_000_000;
const USECS_PER_DAY_N = 86_400_000_000n;
/** Largest |days| whose microsecond timestamp is still a safe integer. */
const SAFE_DAYS = Math.floor(Number.MAX_SAFE_INTEGER / USECS_PER_DAY) - 1;
const MIN_DAYS = daysFromCivil(-4713, 11, 24);
const END_DATE_DAYS = daysFromCivil(5874898, 1, 1);
const END_TS_DAYS = daysFromCivil(294277, 1, 1);

export interface TimeTz {
  /** Microseconds since midnight (local time). */
  micros: number;
  /** Zone offset in seconds east of UTC. */
  offset: number;
}

/** [year (astronomical), month, day] of a day count since 1970-01-01. */
export function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

type Style = 'ISO' | 'SQL' | 'German' | 'Postgres';
const styles = new Map<string, [Style, DateOrder]>();
function styleOf(dateStyle: string): [Style, DateOrder] {
  let s = styles.get(dateStyle);
  if (!s) {
    const u = dateStyle.toUpperCase();
    const style: Style = u.includes('SQL')
      ? 'SQL'
      : u.includes('GERMAN')
        ? 'German'
        : u.includes('POSTGRES')
          ? 'Postgres'
          : 'ISO';
    s = [style, dateOrderOf(dateStyle)];
    styles.set(dateStyle, s);
  }
  return s;
}

const MON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DOW = ['Thu', 'Fri', 'Sat', 'Sun', 'Mon', 'Tue', 'Wed'];

function yearText(y: number): string {
  return pad(y > 0 ? y : 1 - y, 4);
}

function dateBody(days: number, style: Style, order: DateOrder): string {
  const [y, m, d] = civilFromDays(days);
  const yy = yearText(y);
  switch (style) {
    case 'ISO':
      return `${yy}-${pad2(m)}-${pad2(d)}`;
    case 'SQL':
      return order === 'DMY' ? `${pad2(d)}/${pad2(m)}/${yy}` : `${pad2(m)}/${pad2(d)}/${yy}`;
    case 'German':
      return `${pad2(d)}.${pad2(m)}.${yy}`;
    default:
      return order === 'DMY' ? `${pad2(d)}-${pad2(m)}-${yy}` : `${pad2(m)}-${pad2(d)}-${yy}`;
  }
}

/** 'HH:MM:SS' plus the fraction without trailing zeros. */
export function timeBody(tod: number): string {
  const secs = Math.floor(tod / 1e6);
  const frac = tod - secs * 1e6;
  const h = Math.floor(secs / 3600);
  const mi = Math.floor((secs - h * 3600) / 60);
  const s = secs - h * 3600 - mi * 60;
  const out = `${pad2(h)}:${pad2(mi)}:${pad2(s)}`;
  if (frac === 0) return out;
  let f = String(frac + 1000000).slice(1);
  let end = 6;
  while (f.charCodeAt(end - 1) === 48) end--;
  f = f.slice(0, end);
  return `${out}.${f}`;
}

function dateTimeText(days: number, tod: number, ctx: CodecContext, zoneText: string | undefined): string {
  const [style, order] = styleOf(ctx.dateStyle);
  const bc = days < -719162; // before 0001-01-01
  let out: string;
  if (style === 'Postgres') {
    const [y, m, d] = civilFromDays(days);
    const dow = DOW[((days % 7) + 7) % 7];
    const md = order === 'DMY' ? `${pad2(d)} ${MON[m - 1]}` : `${MON[m - 1]} ${pad2(d)}`;
    out = `${dow} ${md} ${timeBody(tod)} ${yearText(y)}`;
    if (zoneText !== undefined) out += ` ${zoneText}`;
  } else {
    out = `${dateBody(days, style, order)} ${timeBody(tod)}`;
    if (zoneText !== undefined) out += style === 'ISO' ? zoneText : ` ${zoneText}`;
  }
  return bc ? `${out} BC` : out;
}

function toMicros(v: unknown): number | bigint {
  if (typeof v === 'number') return Number.isInteger(v) || !Number.isFinite(v) ? v : Math.round(v);
  if (typeof v === 'bigint') return v;
  if (v instanceof Date) return v.getTime() * 1000;
  return Number(v);
}

/** Split microseconds since the epoch into [days, microseconds of the day]. */
export function splitMicros(v: number | bigint): [number, number] {
  if (typeof v === 'bigint') {
    let days = v / USECS_PER_DAY_N;
    let tod = v - days * USECS_PER_DAY_N;
    if (tod < 0n) {
      days -= 1n;
      tod += USECS_PER_DAY_N;
    }
    return [Number(days), Number(tod)];
  }
  let days = Math.floor(v / USECS_PER_DAY);
  let tod = v - days * USECS_PER_DAY;
  if (tod < 0) {
    days--;
    tod += USECS_PER_DAY;
  } else if (tod >= USECS_PER_DAY) {
    days++;
    tod -= USECS_PER_DAY;
  }
  return [days, tod];
}

/** days + time of day -> microseconds (number when safe, bigint otherwise). */
export function joinMicros(days: number, tod: number): number | bigint {
  if (days > -SAFE_DAYS && days < SAFE_DAYS) return days * USECS_PER_DAY + tod;
  return BigInt(days) * USECS_PER_DAY_N + BigInt(tod);
}

export function dateToText(v: unknown, ctx: CodecContext): string {
  const days = typeof v === 'number' ? v : v instanceof Date ? Math.floor(v.getTime() / 86400000) : Number(v);
  if (days === Number.POSITIVE_INFINITY) return 'infinity';
  if (days === Number.NEGATIVE_INFINITY) return '-infinity';
  const [style, order] = styleOf(ctx.dateStyle);
  const out = dateBody(days, style, order);
  return days < -719162 ? `${out} BC` : out;
}

export function timeToText(v: unknown): string {
  return timeBody(typeof v === 'number' ? v : Number(v));
}

export function timetzToText(v: unknown): string {
  const t = v as TimeTz;
  return timeBody(t.micros) + formatOffset(t.offset);
}

export function timestampToText(v: unknown, ctx: CodecContext): string {
  const m = toMicros(v);
  if (m === Number.POSITIVE_INFINITY) return 'infinity';
  if (m === Number.NEGATIVE_INFINITY) return '-infinity';
  const [days, tod] = splitMicros(m);
  return dateTimeText(days, tod, ctx, undefined);
}

export function timestamptzToText(v: unknown, ctx: CodecContext): string {
  const m = toMicros(v);
  if (m === Number.POSITIVE_INFINITY) return 'infinity';
  if (m === Number.NEGATIVE_INFINITY) return '-infinity';
  let [days, tod] = splitMicros(m);
  const zone = sessionZone(ctx.timeZone);
  const offset = zone.fixed ?? zone.offsetAt(days * 86400 + Math.floor(tod / 1e6));
  if (offset !== 0) {
    tod += offset * 1e6;
    if (tod < 0) {
      tod += USECS_PER_DAY;
      days--;
    } else if (tod >= USECS_PER_DAY) {
      tod -= USECS_PER_DAY;
      days++;
    }
  }
  const style = styleOf(ctx.dateStyle)[0];
  const zoneText = style !== 'ISO' && offset === 0 && zone.fixed === 0 ? 'UTC' : formatOffset(offset);
  return dateTimeText(days, tod, ctx, zoneText);
}

// ---- input ----

function nowMicros(): number {
  return Date.now() * 1000;
}

function localDays(zone: Zone): number {
  const now = Date.now() / 1000;
  return Math.floor((now + zone.offsetAt(now)) / 86400);
}

function relativeDay(f: DtFields, zone: Zone): number | undefined {
  if (f.special === 'today') return localDays(zone);
  if (f.special === 'tomorrow') return localDays(zone) + 1;
  if (f.special === 'yesterday') return localDays(zone) - 1;
  return undefined;
}

function outOfRange(what: string, input: string) {
  return new PgError(SQLSTATE.DATETIME_FIELD_OVERFLOW, `${what} out of range: "${input}"`);
}

// Fast paths for the ISO 8601 forms clients send; anything else (or out of range) takes the full parser.
const ISO_DATE = /^(\d{4})-(\d\d)-(\d\d)$/;
const ISO_TIME = /^(\d\d):(\d\d)(?::(\d\d)(?:\.(\d{1,6}))?)?$/;
const ISO_TS =
  /^(\d{4})-(\d\d)-(\d\d)(?:[ T](\d\d):(\d\d)(?::(\d\d)(?:\.(\d{1,6}))?)?(?:(Z)|([+-])(\d\d)(?::?(\d\d))?)?)?$/;

function isoDays(y: string, m: string, d: string): number | undefined {
  const year = Number(y);
  const month = Number(m);
  const day = Number(d);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return daysFromCivil(year, month, day);
}

function isoTime(h: string, mi: string, sec: string | undefined, frac: string | undefined): number | undefined {
  const hour = Number(h);
  const min = Number(mi);
  const s = sec === undefined ? 0 : Number(sec);
  if (hour > 23 || min > 59 || s > 59) return undefined;
  const f = frac === undefined ? 0 : Number(frac) * 10 ** (6 - frac.length);
  return ((hour * 60 + min) * 60 + s) * 1e6 + f;
}

export function dateFromText(text: string, ctx: CodecContext): number {
  const iso = ISO_DATE.exec(text);
  if (iso) {
    const days = isoDays(iso[1], iso[2], iso[3]);
    if (days !== undefined) return days;
  }
  const f = parseDateTime(text, 'date', dateOrderOf(ctx.dateStyle));
  const zone = sessionZone(ctx.timeZone);
  switch (f.special) {
    case 'epoch':
      return 0;
    case 'infinity':
      return Number.POSITIVE_INFINITY;
    case '-infinity':
      return Number.NEGATIVE_INFINITY;
    case 'now':
      return localDays(zone);
    case 'allballs':
      throw dtError('format', text, 'date');
  }
  const rel = relativeDay(f, zone);
  if (rel !== undefined) return rel;
  if (!f.hasDate) throw dtError('format', text, 'date');
  const days = daysFromCivil(f.year, f.month, f.day);
  if (days < MIN_DAYS || days >= END_DATE_DAYS) throw outOfRange('date', text);
  return days;
}

export function timeFromText(text: string, ctx: CodecContext): number {
  const iso = ISO_TIME.exec(text);
  if (iso) {
    const t = isoTime(iso[1], iso[2], iso[3], iso[4]);
    if (t !== undefined) return t;
  }
  const f = parseDateTime(text, 'time', dateOrderOf(ctx.dateStyle), true);
  if (f.special === 'allballs') return 0;
  if (f.special === 'now') {
    const zone = sessionZone(ctx.timeZone);
    const now = nowMicros();
    return splitMicros(now + zone.offsetAt(now / 1e6) * 1e6)[1];
  }
  if (f.special || !f.hasTime) throw dtError('format', text, 'time');
  return f.time;
}

export function timetzFromText(text: string, ctx: CodecContext): TimeTz {
  const typeName = 'time with time zone';
  const f = parseDateTime(text, typeName, dateOrderOf(ctx.dateStyle), true);
  const zone = f.zone ?? sessionZone(ctx.timeZone);
  if (f.special === 'allballs') return { micros: 0, offset: 0 };
  if (f.special === 'now') {
    const now = nowMicros();
    const offset = zone.offsetAt(now / 1e6);
    return { micros: splitMicros(now + offset * 1e6)[1], offset };
  }
  if (f.special || !f.hasTime) throw dtError('format', text, typeName);
  if (f.tz !== undefined) return { micros: f.time, offset: f.tz };
  // PG's DetermineTimeZoneOffset gives up (offset 0) outside the Julian-day range.
  if (f.hasDate && (f.year < -4713 || (f.year === -4713 && f.month < 11))) return { micros: f.time, offset: 0 };
  const days = f.hasDate ? daysFromCivil(f.year, f.month, f.day) : localDays(zone);
  return { micros: f.time, offset: localToUtcOffset(zone, days * 86400 + Math.floor(f.time / 1e6)) };
}

function isoTimestamp(text: string, ctx: CodecContext, withTz: boolean): number | bigint | undefined {
  const m = ISO_TS.exec(text);
  if (!m) return undefined;
  let days = isoDays(m[1], m[2], m[3]);
  const time = m[4] === undefined ? 0 : isoTime(m[4], m[5], m[6], m[7]);
  if (days === undefined || time === undefined) return undefined;
  let tod = time;
  if (withTz) {
    let offset: number;
    if (m[8] !== undefined) offset = 0;
    else if (m[9] !== undefined) {
      const hh = Number(m[10]);
      if (hh > 15 || (m[11] !== undefined && Number(m[11]) > 59)) return undefined;
      offset = (hh * 3600 + Number(m[11] ?? 0) * 60) * (m[9] === '-' ? -1 : 1);
    } else offset = localToUtcOffset(sessionZone(ctx.timeZone), days * 86400 + Math.floor(tod / 1e6));
    tod -= offset * 1e6;
    if (tod < 0) {
      tod += USECS_PER_DAY;
      days--;
    } else if (tod >= USECS_PER_DAY) {
      tod -= USECS_PER_DAY;
      days++;
    }
  }
  return joinMicros(days, tod);
}

function timestampCommon(text: string, ctx: CodecContext, withTz: boolean): number | bigint {
  const fast = isoTimestamp(text, ctx, withTz);
  if (fast !== undefined) return fast;
  const typeName = withTz ? 'timestamp with time zone' : 'timestamp';
  const f = parseDateTime(text, typeName, dateOrderOf(ctx.dateStyle));
  const session = sessionZone(ctx.timeZone);
  switch (f.special) {
    case 'epoch':
      return 0;
    case 'infinity':
      return Number.POSITIVE_INFINITY;
    case '-infinity':
      return Number.NEGATIVE_INFINITY;
    case 'now': {
      const now = nowMicros();
      return withTz ? now : now + session.offsetAt(now / 1e6) * 1e6;
    }
    case 'allballs':
      throw dtError('format', text, typeName);
  }
  let days = relativeDay(f, session);
  if (days === undefined) {
    if (!f.hasDate) throw dtError('format', text, typeName);
    // IS_VALID_JULIAN looks at year and month only; the exact limit applies to the UTC result below.
    if (f.year < -4713 || (f.year === -4713 && f.month < 11) || f.year > 294277) throw outOfRange('timestamp', text);
    days = daysFromCivil(f.year, f.month, f.day);
  }
  let tod = f.time;
  if (withTz) {
    const offset = f.tz ?? localToUtcOffset(f.zone ?? session, days * 86400 + Math.floor(tod / 1e6));
    tod -= offset * 1e6;
  }
  // Normalise the time of day into [0, 1 day).
  while (tod < 0) {
    tod += USECS_PER_DAY;
    days--;
  }
  while (tod >= USECS_PER_DAY) {
    tod -= USECS_PER_DAY;
    days++;
  }
  if (days < MIN_DAYS || days >= END_TS_DAYS) throw outOfRange('timestamp', text);
  return joinMicros(days, tod);
}

export function timestampFromText(text: string, ctx: CodecContext): number | bigint {
  return timestampCommon(text, ctx, false);
}

export function timestamptzFromText(text: string, ctx: CodecContext): number | bigint {
  return timestampCommon(text, ctx, true);
}
