/**
 * PG's format_type(oid, typmod) (format_type_extended with FORMAT_TYPE_ALLOW_INVALID): SQL-standard names for the
 * built-in types that have one, type modifiers as each type's typmodout prints them (including odd ones: a varchar
 * typmod of 4 or less prints nothing, numeric's scale may be negative, an interval typmod names its fields), and
 * the quoted pg_type name when a typmod of -1 is given for bpchar/bit, which mean something else unmodified.
 */
import { PgError } from '../../../../protocol/errors.js';
import { formatTypeName, OID } from '../../../../protocol/types/oids.js';
import { INFORMATION_SCHEMA_TYPES } from './info-schema-types.js';
import { PG_KEYWORDS } from './keywords-data.js';
import { PG_TYPES } from './pg-type-data.js';

interface TypeInfo {
  name: string;
  schema: 'pg_catalog' | 'information_schema';
  /** Element type when this is a true array type (IsTrueArrayType and not plain storage), else 0. */
  elem: number;
}

const TYPES = new Map<number, TypeInfo>();
for (const r of PG_TYPES) {
  const elem = r[10] && r[9] === 'array_subscript_handler' && r[20] !== 'p' ? r[10] : 0;
  TYPES.set(r[0], { name: r[1], schema: 'pg_catalog', elem });
}
for (const r of INFORMATION_SCHEMA_TYPES) {
  const elem = r[13] && r[12] === 'array_subscript_handler' && r[23] !== 'p' ? (r[13] as number) : 0;
  TYPES.set(r[0] as number, { name: r[1] as string, schema: 'information_schema', elem });
}

/** Keywords quote_identifier quotes: all but the unreserved ones. */
const QUOTED_KEYWORDS = new Set(
  PG_KEYWORDS.split(' ')
    .filter((w) => w && !w.includes(':U'))
    .map((w) => w.slice(0, w.indexOf(':'))),
);

export function quoteIdentifier(s: string): string {
  if (/^[a-z_][a-z0-9_$]*$/.test(s) && !QUOTED_KEYWORDS.has(s)) return s;
  return `"${s.replaceAll('"', '""')}"`;
}

const VARHDRSZ = 4;

/** intervaltypmodout: the field range, then the precision unless it is the full one. */
function intervalTypmod(typmod: number): string {
  const range = (typmod >>> 16) & 0x7fff;
  const precision = typmod & 0xffff;
  const M = { month: 1 << 1, year: 1 << 2, day: 1 << 3, hour: 1 << 10, minute: 1 << 11, second: 1 << 12 };
  const fields = new Map<number, string>([
    [M.year, ' year'],
    [M.month, ' month'],
    [M.day, ' day'],
    [M.hour, ' hour'],
    [M.minute, ' minute'],
    [M.second, ' second'],
    [M.year | M.month, ' year to month'],
    [M.day | M.hour, ' day to hour'],
    [M.day | M.hour | M.minute, ' day to minute'],
    [M.day | M.hour | M.minute | M.second, ' day to second'],
    [M.hour | M.minute, ' hour to minute'],
    [M.hour | M.minute | M.second, ' hour to second'],
    [M.minute | M.second, ' minute to second'],
    [0x7fff, ''],
  ]);
  const f = fields.get(range);
  // PG raises this with elog(ERROR): an internal error, SQLSTATE XX000.
  if (f === undefined) throw new PgError('XX000', `invalid INTERVAL typmod: 0x${typmod.toString(16)}`);
  return precision === 0xffff ? f : `${f}(${precision})`;
}

/** PG's format_type(oid, typmod); typmod null when not given. '???' for an OID that is no type. */
export function formatType(oid: number, typmod: number | null): string {
  if (oid === 0) return '-';
  const info = TYPES.get(oid);
  const withMod = typmod !== null && typmod >= 0;
  if (!info) {
    // User types (enums, registered with the type codecs): unqualified, as Lumos knows them.
    const name = formatTypeName(oid);
    return name === '???' || !withMod ? name : `${name}(${typmod})`;
  }
  if (info.elem) return `${formatType(info.elem, typmod)}[]`;
  const mod = typmod ?? -1;
  switch (oid) {
    case OID.bool:
      return 'boolean';
    case OID.int2:
      return 'smallint';
    case OID.int4:
      return 'integer';
    case OID.int8:
      return 'bigint';
    case OID.float4:
      return 'real';
    case OID.float8:
      return 'double precision';
    case OID.bpchar:
      // bpchar without a length is not character(1), which "character" would mean.
      if (typmod !== null && !withMod) break;
      return `character${mod > VARHDRSZ ? `(${mod - VARHDRSZ})` : ''}`;
    case OID.varchar:
      return `character varying${mod > VARHDRSZ ? `(${mod - VARHDRSZ})` : ''}`;
    case OID.numeric: {
      if (mod < VARHDRSZ) return 'numeric';
      const t = mod - VARHDRSZ;
      return `numeric(${(t >> 16) & 0xffff},${((t & 0x7ff) ^ 1024) - 1024})`;
    }
    case OID.interval:
      return withMod ? `interval${intervalTypmod(mod)}` : 'interval';
    case OID.time:
      return withMod ? `time(${mod}) without time zone` : 'time without time zone';
    case OID.timetz:
      return withMod ? `time(${mod}) with time zone` : 'time with time zone';
    case OID.timestamp:
      return withMod ? `timestamp(${mod}) without time zone` : 'timestamp without time zone';
    case OID.timestamptz:
      return withMod ? `timestamp(${mod}) with time zone` : 'timestamp with time zone';
    case OID.bit:
      // bit without a length is not bit(1), which "bit" would mean.
      if (typmod !== null && !withMod) break;
      return withMod ? `bit(${mod})` : 'bit';
    case OID.varbit:
      return withMod ? `bit varying(${mod})` : 'bit varying';
  }
  // information_schema is not on the search path, so its types print qualified.
  const name = `${info.schema === 'pg_catalog' ? '' : `${info.schema}.`}${quoteIdentifier(info.name)}`;
  return withMod ? `${name}(${mod})` : name;
}
