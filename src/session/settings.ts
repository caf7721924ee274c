/**
 * Run-time settings (GUCs) of one session: the ones clients SET, SHOW and RESET, with PostgreSQL's
 * validation, canonical spelling and the subset reported to the client by ParameterStatus.
 * Transactional like PG: SET inside a transaction that rolls back is undone; SET LOCAL ends with the transaction.
 */
import { PgError, SQLSTATE } from '../../protocol/errors.js';
import type { CodecContext } from '../../protocol/types/context.js';
import { findZone } from '../../protocol/types/timezone.js';

export const SERVER_VERSION = '15.0';
export const SERVER_VERSION_NUM = '150000';

interface SettingDef {
  /** PG's canonical spelling, used by SHOW's column name and ParameterStatus. */
  name: string;
  default: string;
  /** Sent as ParameterStatus at startup and whenever it changes. */
  reported?: boolean;
  /** Fixed at server start (SET fails with 55P02). */
  readOnly?: boolean;
  /** Validate and canonicalise a new value; throw PgError to reject. */
  check?: (v: string) => string;
}

function invalid(name: string, v: string, hint?: string): PgError {
  return new PgError(SQLSTATE.INVALID_PARAMETER_VALUE, `invalid value for parameter "${name}": "${v}"`, { hint });
}

function bool(name: string) {
  return (v: string): string => {
    const s = v.trim().toLowerCase();
    if (['on', 'true', 'yes', '1', 't', 'y'].includes(s)) return 'on';
    if (['off', 'false', 'no', '0', 'f', 'n'].includes(s)) return 'off';
    throw new PgError(SQLSTATE.INVALID_PARAMETER_VALUE, `parameter "${name}" requires a Boolean value`);
  };
}

function intRange(name: string, min: number, max: number) {
  return (v: string): string => {
    const s = v.trim();
    if (!/^[+-]?\d+$/.test(s)) {
      throw new PgError(SQLSTATE.INVALID_PARAMETER_VALUE, `invalid value for parameter "${name}": "${v}"`);
    }
    const n = Number(s);
    if (n < min || n > max) {
      throw new PgError(
        SQLSTATE.INVALID_PARAMETER_VALUE,
        `${n} is outside the valid range for parameter "${name}" (${min} .. ${max})`,
      );
    }
    return String(n);
  };
}

const TIME_UNITS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, min: 60_000, h: 3_600_000, d: 86_400_000 };

/** Milliseconds from a GUC time value ('5s', '100', '1min'). */
export function parseDurationMs(name: string, v: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(us|ms|s|min|h|d)?\s*$/.exec(v);
  if (!m) {
    throw new PgError(SQLSTATE.INVALID_PARAMETER_VALUE, `invalid value for parameter "${name}": "${v}"`, {
      hint: 'Valid units for this parameter are "us", "ms", "s", "min", "h", and "d".',
    });
  }
  const ms = Math.round(Number(m[1]) * TIME_UNITS[m[2] ?? 'ms']);
  if (ms > 2147483647) {
    throw new PgError(SQLSTATE.INVALID_PARAMETER_VALUE, `${ms} ms is outside the valid range for parameter "${name}"`);
  }
  return ms;
}

/** PG's display of a millisecond GUC: the largest unit that divides it exactly. */
function formatDurationMs(ms: number): string {
  if (ms === 0) return '0';
  for (const [unit, size] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['min', 60_000],
    ['s', 1000],
  ] as const) {
    if (ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}

function duration(name: string) {
  return (v: string): string => formatDurationMs(parseDurationMs(name, v));
}

const ISOLATION_LEVELS = ['serializable', 'repeatable read', 'read committed', 'read uncommitted'];

function isolation(name: string) {
  return (v: string): string => {
    const s = v.trim().toLowerCase().replace(/\s+/g, ' ');
    if (!ISOLATION_LEVELS.includes(s)) throw invalid(name, v, `Available values: ${ISOLATION_LEVELS.join(', ')}.`);
    return s;
  };
}

const zoneCache = new Map<string, string>();

/** Canonical IANA zone name, accepting any case as PG does ('utc' -> 'UTC', 'europe/paris' -> 'Europe/Paris'). */
export function canonicalTimeZone(v: string): string | undefined {
  const key = v.trim();
  const hit = zoneCache.get(key.toLowerCase());
  if (hit) return hit;
  let resolved: string | undefined;
  const upper = key.toUpperCase();
  if (upper === 'UTC' || upper === 'GMT' || upper === 'Z' || upper === 'ZULU') resolved = upper === 'Z' ? 'UTC' : upper;
  else {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: key });
      const supported = Intl.supportedValuesOf('timeZone');
      resolved = supported.find((z) => z.toLowerCase() === key.toLowerCase()) ?? key;
    } catch {
      resolved = undefined;
    }
  }
  if (resolved) zoneCache.set(key.toLowerCase(), resolved);
  return resolved;
}

function timeZone(v: string): string {
  const t = v.trim();
  // A bare number is hours east of UTC; PG shows it as the equivalent POSIX zone ('<+05:30>-05:30').
  if (/^[+-]?(?:\d+\.?\d*|\.\d+)$/.test(t)) {
    const secs = Math.round(Number(t) * 3600);
    const hh = String(Math.floor(Math.abs(secs) / 3600)).padStart(2, '0');
    const mm = Math.floor((Math.abs(secs) % 3600) / 60);
    const off = mm ? `${hh}:${String(mm).padStart(2, '0')}` : hh;
    return secs >= 0 ? `<+${off}>-${off}` : `<-${off}>+${off}`;
  }
  const z = canonicalTimeZone(t);
  if (z) return z;
  // POSIX forms ('+02:00', 'UTC+3', '<+02>-02'): kept as written, interpreted by the codecs like PG.
  if (findZone(t)) return t;
  throw invalid('TimeZone', v);
}

function dateStyle(v: string): string {
  let style = 'ISO';
  let order = 'MDY';
  for (const part of v.split(',').map((p) => p.trim().toUpperCase())) {
    if (part === 'ISO') style = 'ISO';
    else if (['MDY', 'US', 'NONEURO', 'NONEUROPEAN'].includes(part)) order = 'MDY';
    else if (['DMY', 'EURO', 'EUROPEAN'].includes(part)) order = 'DMY';
    else if (part === 'YMD') order = 'YMD';
    else if (['SQL', 'POSTGRES', 'GERMAN'].includes(part)) {
      throw new PgError(SQLSTATE.FEATURE_NOT_SUPPORTED, `DateStyle "${part}" is not supported by Lumos`, {
        hint: 'Lumos formats dates in the ISO style only.',
      });
    } else if (part !== 'DEFAULT') throw invalid('DateStyle', v);
  }
  return `${style}, ${order}`;
}

function encoding(name: string) {
  return (v: string): string => {
    const s = v.trim().toUpperCase().replace(/[-_]/g, '');
    if (s === 'UTF8' || s === 'UNICODE') return 'UTF8';
    if (s === 'SQLASCII') return 'SQL_ASCII';
    throw new PgError(SQLSTATE.FEATURE_NOT_SUPPORTED, `encoding "${v}" is not supported by Lumos for ${name}`, {
      hint: 'Use UTF8.',
    });
  };
}

function oneOf(name: string, values: string[], unsupportedHint?: string) {
  return (v: string): string => {
    const s = v.trim().toLowerCase();
    if (values.includes(s)) return s;
    if (unsupportedHint)
      throw new PgError(SQLSTATE.FEATURE_NOT_SUPPORTED, `${name} "${v}" is not supported by Lumos`, {
        hint: unsupportedHint,
      });
    throw invalid(name, v);
  };
}

function searchPath(v: string): string {
  return v
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .join(', ');
}

const DEFS: SettingDef[] = [
  { name: 'server_version', default: SERVER_VERSION, reported: true, readOnly: true },
  { name: 'server_version_num', default: SERVER_VERSION_NUM, readOnly: true },
  { name: 'server_encoding', default: 'UTF8', reported: true, readOnly: true },
  { name: 'client_encoding', default: 'UTF8', reported: true, check: encoding('client_encoding') },
  { name: 'DateStyle', default: 'ISO, MDY', reported: true, check: dateStyle },
  {
    name: 'IntervalStyle',
    default: 'postgres',
    reported: true,
    check: oneOf('IntervalStyle', ['postgres', 'postgres_verbose', 'sql_standard', 'iso_8601']),
  },
  { name: 'TimeZone', default: 'Etc/UTC', reported: true, check: timeZone },
  { name: 'integer_datetimes', default: 'on', reported: true, readOnly: true },
  {
    name: 'standard_conforming_strings',
    default: 'on',
    reported: true,
    check: oneOf('standard_conforming_strings', ['on'], 'Lumos supports standard_conforming_strings = on only.'),
  },
  { name: 'application_name', default: '', reported: true },
  { name: 'is_superuser', default: 'on', reported: true, readOnly: true },
  { name: 'session_authorization', default: 'postgres', reported: true, readOnly: true },
  {
    name: 'default_transaction_read_only',
    default: 'off',
    reported: true,
    check: bool('default_transaction_read_only'),
  },
  { name: 'in_hot_standby', default: 'off', reported: true, readOnly: true },
  { name: 'search_path', default: '"$user", public', check: searchPath },
  { name: 'extra_float_digits', default: '1', check: intRange('extra_float_digits', -15, 3) },
  { name: 'statement_timeout', default: '0', check: duration('statement_timeout') },
  { name: 'lock_timeout', default: '0', check: duration('lock_timeout') },
  { name: 'idle_in_transaction_session_timeout', default: '0', check: duration('idle_in_transaction_session_timeout') },
  { name: 'transaction_isolation', default: 'read committed', check: isolation('transaction_isolation') },
  {
    name: 'default_transaction_isolation',
    default: 'read committed',
    check: isolation('default_transaction_isolation'),
  },
  { name: 'transaction_read_only', default: 'off', check: bool('transaction_read_only') },
  { name: 'bytea_output', default: 'hex', check: oneOf('bytea_output', ['hex', 'escape']) },
  {
    name: 'client_min_messages',
    default: 'notice',
    check: oneOf('client_min_messages', [
      'debug5',
      'debug4',
      'debug3',
      'debug2',
      'debug1',
      'log',
      'notice',
      'warning',
      'error',
    ]),
  },
  { name: 'lc_messages', default: 'C.UTF-8' },
  { name: 'lc_monetary', default: 'C.UTF-8' },
  { name: 'lc_numeric', default: 'C.UTF-8' },
  { name: 'lc_time', default: 'C.UTF-8' },
  { name: 'lc_collate', default: 'C.UTF-8', readOnly: true },
  { name: 'lc_ctype', default: 'C.UTF-8', readOnly: true },
  { name: 'max_identifier_length', default: '63', readOnly: true },
  { name: 'max_index_keys', default: '32', readOnly: true },
  { name: 'max_function_args', default: '100', readOnly: true },
  { name: 'max_connections', default: '100', readOnly: true },
  { name: 'block_size', default: '8192', readOnly: true },
  { name: 'timezone_abbreviations', default: 'Default' },
  {
    name: 'synchronous_commit',
    default: 'on',
    check: oneOf('synchronous_commit', ['on', 'off', 'local', 'remote_write', 'remote_apply']),
  },
  { name: 'row_security', default: 'on', check: bool('row_security') },
  { name: 'jit', default: 'off', check: bool('jit') },
  { name: 'work_mem', default: '4MB' },
  { name: 'maintenance_work_mem', default: '64MB' },
  { name: 'geqo', default: 'on', check: bool('geqo') },
  { name: 'enable_seqscan', default: 'on', check: bool('enable_seqscan') },
  { name: 'check_function_bodies', default: 'on', check: bool('check_function_bodies') },
  { name: 'escape_string_warning', default: 'on', check: bool('escape_string_warning') },
  { name: 'xmloption', default: 'content' },
  { name: 'password_encryption', default: 'scram-sha-256' },
];

const BY_LOWER = new Map(DEFS.map((d) => [d.name.toLowerCase(), d]));

/** The canonical name of a setting, or undefined when PostgreSQL would not know it (custom `a.b` names pass). */
export function settingName(name: string): string | undefined {
  const lower = name.toLowerCase();
  if (lower === 'timezone' || lower === 'time zone') return 'TimeZone';
  const def = BY_LOWER.get(lower);
  if (def) return def.name;
  return lower.includes('.') ? lower : undefined;
}

export type ReportFn = (name: string, value: string) => void;

export class Settings {
  private values = new Map<string, string>();
  /** Values saved at transaction start, restored on rollback. */
  private txnSaved?: Map<string, string>;
  /** Values to restore at transaction end (SET LOCAL). */
  private localSaved?: Map<string, string>;
  private codecCache?: CodecContext;
  /** What RESET restores: startup-packet values and server defaults, else the built-in default. */
  private readonly resetValues = new Map<string, string>();
  private timeoutCache?: number;
  /** Settings changed by SET (or set_config) since the last RESET: pg_settings.source 'session'. */
  private sessionSet = new Set<string>();
  private txnSessionSet?: Set<string>;

  constructor(private readonly report: ReportFn) {
    for (const d of DEFS) this.values.set(d.name, d.default);
  }

  static reportedNames(): string[] {
    return DEFS.filter((d) => d.reported).map((d) => d.name);
  }

  get(name: string): string {
    const canonical = settingName(name);
    if (!canonical || !this.values.has(canonical)) {
      throw new PgError(SQLSTATE.UNDEFINED_GUC, `unrecognized configuration parameter "${name.toLowerCase()}"`);
    }
    return this.values.get(canonical) as string;
  }

  /** Like get(), but undefined instead of an error (current_setting(name, true)). */
  tryGet(name: string): string | undefined {
    const canonical = settingName(name);
    return canonical ? this.values.get(canonical) : undefined;
  }

  /** Apply a startup-packet parameter; unknown ones are errors like in PG (FATAL at the caller). */
  set(name: string, value: string, opts: { local?: boolean; inTransaction?: boolean; startup?: boolean } = {}): void {
    const canonical = settingName(name);
    if (!canonical) {
      throw new PgError(SQLSTATE.UNDEFINED_GUC, `unrecognized configuration parameter "${name.toLowerCase()}"`);
    }
    const def = BY_LOWER.get(canonical.toLowerCase());
    if (def?.readOnly && !opts.startup) {
      if (value === this.values.get(canonical)) return;
      throw new PgError(SQLSTATE.CANT_CHANGE_RUNTIME_PARAM, `parameter "${canonical}" cannot be changed`);
    }
    const v = def?.check ? def.check(value) : value;
    if (opts.local) {
      if (!opts.inTransaction) return; // PG: SET LOCAL outside a transaction has no effect (a WARNING).
      this.localSaved ??= new Map();
      if (!this.localSaved.has(canonical)) this.localSaved.set(canonical, this.values.get(canonical) ?? '');
    }
    // Values from the startup packet (and server-wide defaults) are what RESET returns to, as in PG.
    if (opts.startup) this.resetValues.set(canonical, v);
    else this.sessionSet.add(canonical);
    this.assign(canonical, v);
  }

  reset(name: string): void {
    const canonical = settingName(name);
    const def = canonical ? BY_LOWER.get(canonical.toLowerCase()) : undefined;
    if (!canonical)
      throw new PgError(SQLSTATE.UNDEFINED_GUC, `unrecognized configuration parameter "${name.toLowerCase()}"`);
    if (def?.readOnly)
      throw new PgError(SQLSTATE.CANT_CHANGE_RUNTIME_PARAM, `parameter "${canonical}" cannot be changed`);
    this.sessionSet.delete(canonical);
    this.assign(canonical, this.resetValues.get(canonical) ?? def?.default ?? '');
  }

  resetAll(): void {
    this.sessionSet.clear();
    for (const d of DEFS) if (!d.readOnly) this.assign(d.name, this.resetValues.get(d.name) ?? d.default);
    for (const [name, value] of this.resetValues) if (name.includes('.')) this.assign(name, value);
  }

  private assign(name: string, value: string): void {
    if (this.values.get(name) === value) return;
    this.values.set(name, value);
    this.codecCache = undefined;
    this.timeoutCache = undefined;
    if (BY_LOWER.get(name.toLowerCase())?.reported) this.report(name, value);
  }

  beginTransaction(): void {
    this.txnSaved = new Map(this.values);
    this.txnSessionSet = new Set(this.sessionSet);
  }

  endTransaction(committed: boolean): void {
    const restore = committed ? this.localSaved : this.txnSaved;
    if (restore) for (const [k, v] of restore) this.assign(k, v);
    if (!committed && this.txnSessionSet) this.sessionSet = this.txnSessionSet;
    this.txnSaved = undefined;
    this.txnSessionSet = undefined;
    this.localSaved = undefined;
  }

  all(): { name: string; setting: string }[] {
    return [...this.values.entries()]
      .map(([name, setting]) => ({ name, setting }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /**
   * What pg_settings shows of each setting: [name, setting, source, reset_val] (PG's source words: 'session'
   * after SET, 'client' for startup-packet values, else 'default').
   */
  describe(): [string, string, string, string][] {
    return [...this.values.entries()].map(([name, v]) => {
      const def = BY_LOWER.get(name.toLowerCase());
      const source = this.sessionSet.has(name) ? 'session' : this.resetValues.has(name) ? 'client' : 'default';
      return [name, v, source, this.resetValues.get(name) ?? def?.default ?? v];
    });
  }

  /** The codec context that results and parameters of this session are encoded with. */
  codec(): CodecContext {
    if (this.codecCache) return this.codecCache;
    this.codecCache = {
      timeZone: this.get('TimeZone'),
      dateStyle: this.get('DateStyle'),
      intervalStyle: this.get('IntervalStyle'),
      extraFloatDigits: Number(this.get('extra_float_digits')),
      byteaOutput: this.get('bytea_output') as CodecContext['byteaOutput'],
    };
    return this.codecCache;
  }

  statementTimeoutMs(): number {
    this.timeoutCache ??= parseDurationMs('statement_timeout', this.get('statement_timeout'));
    return this.timeoutCache;
  }

  /** Schemas to resolve unqualified names in ("$user" is skipped: Lumos has no per-user schemas). */
  searchPath(): string[] {
    return this.get('search_path')
      .split(',')
      .map((s) => s.trim().replace(/^"(.*)"$/, '$1'))
      .filter((s) => s !== '' && s !== '$user');
  }
}
