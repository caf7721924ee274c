/**
 * Time zones as the TimeZone setting and timestamptz input name them: IANA names (through Intl, with the
 * formatter and offsets cached per zone), fixed numeric offsets ('+02' = UTC+2, SQL sign convention), POSIX
 * specs without DST ('<+02>-02', 'UTC+3': POSIX sign, west positive) and the common abbreviations (PST, CET...).
 * All offsets here are seconds EAST of UTC.
 */
import { PgError, SQLSTATE } from '../errors.js';
import { ZONE_ABBREVIATIONS } from './tz-abbrevs.js';

export interface Zone {
  /** Fixed offset in seconds east of UTC, or undefined for a zone with rules. */
  readonly fixed: number | undefined;
  offsetAt(utcSeconds: number): number;
}

class FixedZone implements Zone {
  constructor(readonly fixed: number) {}
  offsetAt(): number {
    return this.fixed;
  }
}

// Intl's Gregorian calendar switches to Julian before 1582 and Date stops at +-275760: compute offsets inside
// [1700, 275000] and reuse the boundary offsets outside (every zone is on local mean time before 1700).
const MIN_SEC = -8520336000;
const MAX_SEC = 8639000000000;
const CYCLE_SEC = 146097 * 86400;
const BUCKET = 900;

class IntlZone implements Zone {
  readonly fixed = undefined;
  private readonly fmt: Intl.DateTimeFormat;
  private readonly cache = new Map<number, number>();

  constructor(timeZone: string) {
    this.fmt = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  }

  private compute(sec: number): number {
    const parts = this.fmt.formatToParts(sec * 1000);
    let y = 0;
    let mo = 0;
    let d = 0;
    let h = 0;
    let mi = 0;
    let s = 0;
    for (const p of parts) {
      switch (p.type) {
        case 'year':
          y = Number(p.value);
          break;
        case 'month':
          mo = Number(p.value);
          break;
        case 'day':
          d = Number(p.value);
          break;
        case 'hour':
          h = Number(p.value);
          break;
        case 'minute':
          mi = Number(p.value);
          break;
        case 'second':
          s = Number(p.value);
          break;
      }
    }
    const local = daysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
    return local - sec;
  }

  offsetAt(utcSeconds: number): number {
    let sec = Math.floor(utcSeconds);
    if (sec < MIN_SEC) sec = MIN_SEC;
    // The Gregorian calendar (weekdays included) repeats every 400 years: fold far-future instants back.
    else if (sec > MAX_SEC) sec -= Math.ceil((sec - MAX_SEC) / CYCLE_SEC) * CYCLE_SEC;
    const bucket = Math.floor(sec / BUCKET);
    const hit = this.cache.get(bucket);
    if (hit !== undefined) return hit;
    const start = bucket * BUCKET;
    const a = this.compute(start);
    const b = this.compute(start + BUCKET - 1);
    if (a !== b) return this.compute(sec);
    if (this.cache.size > 20000) this.cache.clear();
    this.cache.set(bucket, a);
    return a;
  }
}

/** Days since 1970-01-01 of a proleptic Gregorian date (astronomical year numbering). */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const UTC = new FixedZone(0);
const zones = new Map<string, Zone | null>();

const UTC_NAMES = new Set(['utc', 'gmt', 'z', 'zulu', 'ut', 'etc/utc', 'etc/gmt', 'universal', 'etc/universal']);

function parsePosix(name: string): number | undefined {
  const m = /^(?:<[^>]+>|[a-z]{3,})?([+-]?)(\d{1,2})(?::(\d{2})(?::(\d{2}))?)?$/i.exec(name);
  if (!m) return undefined;
  const secs = Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
  // POSIX offsets are positive west of Greenwich.
  return m[1] === '-' ? secs : -secs;
}

/** Resolve a zone name; undefined when PG would not recognise it. */
export function findZone(name: string): Zone | undefined {
  let z = zones.get(name);
  if (z !== undefined) return z ?? undefined;
  z = null;
  const lower = name.trim().toLowerCase();
  if (UTC_NAMES.has(lower)) z = UTC;
  else if (/^[+-]?(?:\d+\.?\d*|\.\d+)$/.test(lower)) {
    // SET TIME ZONE '+02' / '-5.5': hours east of UTC (SQL sign convention).
    z = new FixedZone(Math.round(Number(lower) * 3600));
  } else if (/^[a-z]/.test(lower)) {
    try {
      const resolved = new Intl.DateTimeFormat('en-US', { timeZone: name.trim() }).resolvedOptions().timeZone;
      z = resolved === 'UTC' || resolved === 'Etc/UTC' ? UTC : new IntlZone(resolved);
    } catch {
      z = null;
    }
  }
  if (z === null) {
    const posix = parsePosix(name.trim());
    if (posix !== undefined) z = new FixedZone(posix);
  }
  if (zones.size > 1000) zones.clear();
  zones.set(name, z);
  return z ?? undefined;
}

/** The session zone; an unusable setting falls back to UTC (PG validates it on SET). */
export function sessionZone(name: string): Zone {
  return findZone(name) ?? UTC;
}

/**
 * A zone given as an argument (AT TIME ZONE, timezone(), make_timestamptz, date_trunc): PG looks the name up in
 * its abbreviations first ('CET' is +01 all year there, unlike the zone CET), then as a zone, else 22023.
 * Returns a name findZone resolves: the zone's own name, or a POSIX form for an abbreviation.
 */
export function argumentZoneName(name: string): string {
  const trimmed = name.trim();
  const abbrev = ZONE_ABBREVIATIONS[trimmed.toLowerCase()];
  if (abbrev !== undefined) return posixZone(trimmed, -abbrev);
  // A bare number is a POSIX offset here (hours WEST of UTC; PG's parser stops at a '.'), unlike in SET TIME ZONE.
  const m = /^([+-]?)(\d+)(?:\.\d*)?$/.exec(trimmed);
  if (m) return posixZone(trimmed, (m[1] === '-' ? -1 : 1) * Number(m[2]) * 3600);
  if (findZone(name) === undefined) throw unknownZone(name);
  return name;
}

/** A POSIX zone string findZone reads as a fixed offset; `west` in seconds, positive west of Greenwich. */
function posixZone(label: string, west: number): string {
  const a = Math.abs(west);
  const hms = [Math.floor(a / 3600), Math.floor((a % 3600) / 60), a % 60].map((x) => String(x).padStart(2, '0'));
  return `<${label.replaceAll('>', '')}>${west < 0 ? '-' : '+'}${hms.join(':')}`;
}

export function unknownZone(name: string): PgError {
  return new PgError(SQLSTATE.INVALID_PARAMETER_VALUE, `time zone "${name}" not recognized`);
}

/**
 * UTC seconds of a local wall-clock time in `zone`. Ambiguous times (fall back) take the later, standard
 * interpretation and skipped times (spring forward) the offset before the transition, as PG does.
 */
export function localToUtcOffset(zone: Zone, localSeconds: number): number {
  if (zone.fixed !== undefined) return zone.fixed;
  const before = zone.offsetAt(localSeconds - 86400);
  const after = zone.offsetAt(localSeconds + 86400);
  const okBefore = zone.offsetAt(localSeconds - before) === before;
  const okAfter = zone.offsetAt(localSeconds - after) === after;
  if (okBefore && okAfter) return Math.min(before, after);
  if (okAfter) return after;
  if (okBefore) return before;
  const mid = zone.offsetAt(localSeconds);
  if (zone.offsetAt(localSeconds - mid) === mid) return mid;
  return before;
}

/** '+01', '+05:30', '-03:00:00'... as PG appends to timestamptz/timetz output. */
export function formatOffset(offset: number): string {
  const sign = offset < 0 ? '-' : '+';
  let a = offset < 0 ? -offset : offset;
  const h = Math.floor(a / 3600);
  a -= h * 3600;
  const m = Math.floor(a / 60);
  const s = a - m * 60;
  let out = sign + (h < 10 ? `0${h}` : String(h));
  if (m !== 0 || s !== 0) out += m < 10 ? `:0${m}` : `:${m}`;
  if (s !== 0) out += s < 10 ? `:0${s}` : `:${s}`;
  return out;
}
