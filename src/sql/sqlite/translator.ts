/**
 * Translation state for one statement: the catalog it is translated against, the parameter types it
 * infers, and the session values it needs at execution. Statement- and expression-level emitters
 * (select.ts, dml.ts, ddl.ts, expr.ts) all work through one Translator.
 */
import { PgError, SQLSTATE } from '../../../protocol/errors.js';
import type { CodecContext } from '../../../protocol/types/context.js';
import { getTextDecoder } from '../../../protocol/types/index.js';
import { formatTypeName, OID, oidOfTypeName } from '../../../protocol/types/oids.js';
import type { Catalog } from '../../catalog/catalog.js';
import type { Node } from '../parse.js';
import { enumParamSql, userTypeName } from './enum-core.js';
import { sqlLiteral, toStorage } from './storage.js';

/** Values a statement reads from its session at execution time, bound as named parameters. */
export type SessionParam = 'now' | 'user' | 'database' | 'pid' | 'schema' | 'settings' | 'gucs';

export interface TranslateOptions {
  catalog: Catalog;
  searchPath: string[];
  codec: CodecContext;
  /** Parameter types given by the client in Parse (0 = let Lumos infer). */
  paramTypes: number[];
  /** This session's schema for temporary tables (pg_temp_<pid>); without it CREATE TEMP TABLE is refused. */
  tempSchema?: string;
}

export interface TypedSql {
  sql: string;
  type: number;
  typmod?: number;
}

export class Translator {
  readonly paramTypes: number[];
  readonly paramTypmods: number[] = [];
  readonly sessionParams = new Set<SessionParam>();
  /** The statement calls something that blocks (pg_sleep) and so must never run on the event loop. */
  blocking = false;
  /** The statement has a volatile function (now() excluded: it is fixed per transaction). */
  volatile = false;
  /** The statement changes state besides its rows (nextval/setval): it must run on the writer. */
  sideEffects = false;
  readonly tablesRead = new Set<string>();
  /** Arguments of set_config() calls, `name, value, is_local` SQL each (session/set-config.ts applies them). */
  readonly setConfigs: string[] = [];

  constructor(readonly opts: TranslateOptions) {
    // The session's temporary schema is searched first (PG's implicit pg_temp at the head of search_path).
    if (opts.tempSchema && !opts.searchPath.includes(opts.tempSchema))
      this.opts = { ...opts, searchPath: [opts.tempSchema, ...opts.searchPath] };
    this.paramTypes = [...opts.paramTypes];
  }

  get catalog(): Catalog {
    return this.opts.catalog;
  }

  sessionParam(p: SessionParam): string {
    this.sessionParams.add(p);
    return `$__${p}`;
  }

  param(n: number, position?: number): TypedSql {
    if (n < 1 || n > 65535)
      throw new PgError(SQLSTATE.UNDEFINED_PARAMETER, `there is no parameter $${n}`, { position });
    while (this.paramTypes.length < n) this.paramTypes.push(0);
    const type = this.paramTypes[n - 1] || OID.unknown;
    // A client may type a parameter as an enum: its value is checked against the labels like a literal.
    return { sql: type >= 16384 ? enumParamSql(this, `$${n}`, type) : `$${n}`, type };
  }

  /** Fix the type of an untyped parameter from its context (PG's parameter type inference). */
  inferParam(expr: Node, type: number, typmod = -1): void {
    const p = expr?.ParamRef;
    if (!p || type === OID.unknown || type === 0) return;
    const i = (p.number ?? 0) - 1;
    if (i < 0) return;
    while (this.paramTypes.length <= i) this.paramTypes.push(0);
    if (this.paramTypes[i] === 0) {
      this.paramTypes[i] = type;
      this.paramTypmods[i] = typmod;
    }
  }

  /** Convert a literal's text to the storage literal of `type` (PG coerces unknown literals at parse time). */
  literal(text: string, type: number, typmod = -1): string {
    if (type === OID.unknown || type === OID.text || (type === OID.varchar && typmod < 0)) return sqlLiteral(text);
    const canonical = getTextDecoder(type)(text, this.opts.codec, typmod);
    return sqlLiteral(toStorage(type, canonical, typmod));
  }

  typeOid(typeName: Node): { oid: number; typmod: number } {
    const names: string[] = (typeName.names ?? []).map((n: Node) => n.String.sval);
    const base = names[names.length - 1];
    const isArray = (typeName.arrayBounds?.length ?? 0) > 0;
    const mods: number[] = (typeName.typmods ?? []).map((m: Node) => m.A_Const?.ival?.ival ?? 0);
    // pg_catalog comes first in PG's search path: a built-in name wins over a user type unless qualified.
    const schema = names.length > 1 ? names[names.length - 2] : undefined;
    let oid = schema && schema !== 'pg_catalog' ? undefined : oidOfTypeName(isArray ? `${base}[]` : base);
    if (oid === undefined && schema !== 'pg_catalog') {
      const user = this.catalog.lookupType(base, schema, this.opts.searchPath);
      if (user) return { oid: isArray ? user.arrayOid : user.oid, typmod: -1 };
      if (schema) oid = oidOfTypeName(isArray ? `${base}[]` : base);
    }
    if (oid === undefined) {
      throw new PgError(SQLSTATE.UNDEFINED_OBJECT, `type "${names.join('.')}" does not exist`, {
        position: typeName.location !== undefined ? typeName.location + 1 : undefined,
      });
    }
    if (base === 'bpchar' && mods.length === 0 && names[0] === 'pg_catalog') {
      // CHAR without length means char(1); pg_catalog.bpchar without length means unlimited.
    }
    let typmod = -1;
    if (oid === OID.varchar || oid === OID.bpchar) {
      if (mods.length) typmod = mods[0] + 4;
      else if (oid === OID.bpchar && names.length === 1 && base === 'bpchar') typmod = 5;
    } else if (oid === OID.numeric && mods.length) {
      typmod = ((mods[0] << 16) | (mods[1] ?? 0)) + 4;
    } else if ((oid === OID.timestamp || oid === OID.timestamptz || oid === OID.time) && mods.length) {
      typmod = mods[0];
    } else if (oid === OID.interval && mods.length) {
      // INTERVAL_TYPMOD(precision, range): the grammar gives [range] or [range, precision] (at most 6).
      typmod = (mods[0] << 16) | (mods.length > 1 ? Math.min(mods[1], 6) : 0xffff);
    } else if ((oid === OID.bit || oid === OID.varbit) && mods.length) {
      // bit(n) / varbit(n): the typmod is n itself (the grammar gives a bare BIT the length 1).
      if (mods[0] < 1)
        throw new PgError(SQLSTATE.INVALID_PARAMETER_VALUE, `length for type ${base} must be at least 1`, {
          position: typeName.location !== undefined ? typeName.location + 1 : undefined,
        });
      typmod = mods[0];
    }
    if (oid === undefined) oid = OID.text;
    return { oid, typmod };
  }

  error(code: string, message: string, node?: Node, extra: { hint?: string; detail?: string } = {}): PgError {
    const loc = node && typeof node === 'object' ? findLocation(node) : undefined;
    return new PgError(code, message, { ...extra, position: loc !== undefined ? loc + 1 : undefined });
  }

  typeName(oid: number): string {
    return userTypeName(this, oid) ?? formatTypeName(oid);
  }

  /** The session's codec settings as an SQL string literal, for runtime text conversions. */
  codecSql(): string {
    const c = this.opts.codec;
    return sqlLiteral(JSON.stringify({ timeZone: c.timeZone, dateStyle: c.dateStyle, intervalStyle: c.intervalStyle }));
  }

  /** The session time zone when it is not UTC (conversions between timestamp and timestamptz need it). */
  timeZone(): string | undefined {
    const tz = this.opts.codec.timeZone;
    return /^(etc\/)?(utc|uct|gmt|zulu|universal|z|gmt0|greenwich)$/i.test(tz) ? undefined : tz;
  }
}

/** The first `location` in a node (PG reports the position of the offending token). */
export function findLocation(node: Node): number | undefined {
  if (!node || typeof node !== 'object') return undefined;
  if (typeof node.location === 'number') return node.location;
  for (const v of Object.values(node)) {
    if (v && typeof v === 'object') {
      const l = findLocation(v);
      if (l !== undefined) return l;
    }
  }
  return undefined;
}

/** Unwrap libpg-query's String nodes. */
export function str(n: Node): string {
  return n?.String?.sval ?? '';
}
