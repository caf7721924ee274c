/**
 * PostgreSQL 15 built-in type OIDs, names and sizes (taken from pg_type of a real PG 15).
 * Lumos reports these in RowDescription/ParameterDescription and in its generated pg_catalog.
 */

import { invalidateUserTypeCodecs } from './util.js';

export const OID = {
  bool: 16,
  bytea: 17,
  char: 18,
  name: 19,
  int8: 20,
  int2: 21,
  int2vector: 22,
  int4: 23,
  regproc: 24,
  text: 25,
  oid: 26,
  tid: 27,
  xid: 28,
  cid: 29,
  oidvector: 30,
  json: 114,
  xml: 142,
  pg_node_tree: 194,
  point: 600,
  lseg: 601,
  path: 602,
  box: 603,
  polygon: 604,
  line: 628,
  cidr: 650,
  float4: 700,
  float8: 701,
  unknown: 705,
  circle: 718,
  macaddr8: 774,
  money: 790,
  macaddr: 829,
  inet: 869,
  aclitem: 1033,
  bpchar: 1042,
  varchar: 1043,
  date: 1082,
  time: 1083,
  timestamp: 1114,
  timestamptz: 1184,
  interval: 1186,
  timetz: 1266,
  bit: 1560,
  varbit: 1562,
  numeric: 1700,
  refcursor: 1790,
  regprocedure: 2202,
  regoper: 2203,
  regoperator: 2204,
  regclass: 2205,
  regtype: 2206,
  record: 2249,
  cstring: 2275,
  any: 2276,
  anyarray: 2277,
  void: 2278,
  trigger: 2279,
  internal: 2281,
  anyelement: 2283,
  anynonarray: 2776,
  uuid: 2950,
  pg_lsn: 3220,
  tsvector: 3614,
  tsquery: 3615,
  regconfig: 3734,
  regdictionary: 3769,
  jsonb: 3802,
  int4range: 3904,
  numrange: 3906,
  tsrange: 3908,
  tstzrange: 3910,
  daterange: 3912,
  int8range: 3926,
  jsonpath: 4072,
  regnamespace: 4089,
  regrole: 4096,
  regcollation: 4191,
  xid8: 5069,
  // arrays
  _bool: 1000,
  _bytea: 1001,
  _char: 1002,
  _name: 1003,
  _int2: 1005,
  _int2vector: 1006,
  _int4: 1007,
  _regproc: 1008,
  _text: 1009,
  _tid: 1010,
  _xid: 1011,
  _cid: 1012,
  _oidvector: 1013,
  _bpchar: 1014,
  _varchar: 1015,
  _int8: 1016,
  _point: 1017,
  _float4: 1021,
  _float8: 1022,
  _oid: 1028,
  _aclitem: 1034,
  _macaddr: 1040,
  _inet: 1041,
  _cidr: 651,
  _json: 199,
  _xml: 143,
  _money: 791,
  _timestamp: 1115,
  _date: 1182,
  _time: 1183,
  _timestamptz: 1185,
  _interval: 1187,
  _numeric: 1231,
  _cstring: 1263,
  _timetz: 1270,
  _bit: 1561,
  _varbit: 1563,
  _refcursor: 2201,
  _regclass: 2210,
  _regtype: 2211,
  _record: 2287,
  _uuid: 2951,
  _pg_lsn: 3221,
  _tsvector: 3643,
  _tsquery: 3645,
  _jsonb: 3807,
  _int4range: 3905,
  _numrange: 3907,
  _tsrange: 3909,
  _tstzrange: 3911,
  _daterange: 3913,
  _int8range: 3927,
  _jsonpath: 4073,
  _regnamespace: 4090,
  _regrole: 4097,
  _xid8: 271,
} as const;

export type TypeName = keyof typeof OID;

interface TypeInfo {
  oid: number;
  name: string;
  /** pg_type.typlen; arrays and varlena types are -1, cstring/unknown -2. */
  len: number;
  /** Element OID for arrays, 0 otherwise. */
  elem: number;
  /** Array type OID for element types, 0 if none. */
  array: number;
}

// typlen of the non-array types; everything unlisted is a varlena (-1).
const TYPLEN: Partial<Record<TypeName, number>> = {
  bool: 1,
  char: 1,
  name: 64,
  int8: 8,
  int2: 2,
  int4: 4,
  regproc: 4,
  oid: 4,
  tid: 6,
  xid: 4,
  cid: 4,
  point: 16,
  lseg: 32,
  box: 32,
  line: 24,
  float4: 4,
  float8: 8,
  unknown: -2,
  circle: 24,
  macaddr8: 8,
  money: 8,
  macaddr: 6,
  aclitem: 12,
  date: 4,
  time: 8,
  timestamp: 8,
  timestamptz: 8,
  interval: 16,
  timetz: 12,
  regprocedure: 4,
  regoper: 4,
  regoperator: 4,
  regclass: 4,
  regtype: 4,
  cstring: -2,
  any: 4,
  void: 4,
  trigger: 4,
  internal: 8,
  anyelement: 4,
  anynonarray: 4,
  uuid: 16,
  pg_lsn: 8,
  regconfig: 4,
  regdictionary: 4,
  regnamespace: 4,
  regrole: 4,
  regcollation: 4,
  xid8: 8,
};

const BY_OID = new Map<number, TypeInfo>();
const BY_NAME = new Map<string, number>();

for (const key of Object.keys(OID) as TypeName[]) {
  const oid = OID[key];
  BY_OID.set(oid, { oid, name: key, len: key.startsWith('_') ? -1 : (TYPLEN[key] ?? -1), elem: 0, array: 0 });
  BY_NAME.set(key, oid);
}
for (const info of BY_OID.values()) {
  if (!info.name.startsWith('_')) continue;
  const elem = BY_NAME.get(info.name.slice(1));
  if (elem === undefined) continue;
  info.elem = elem;
  (BY_OID.get(elem) as TypeInfo).array = info.oid;
}
// int2vector/oidvector (pg_index.indkey, pg_proc.proargtypes...) are one-dimensional arrays of int2/oid to
// everything but their text form (space-separated, see vectorToText); their element types keep _int2/_oid.
(BY_OID.get(OID.int2vector) as TypeInfo).elem = OID.int2;
(BY_OID.get(OID.oidvector) as TypeInfo).elem = OID.oid;

// SQL spellings the grammar and format_type use; keys are lower case with single spaces.
const ALIASES: Record<string, number> = {
  boolean: OID.bool,
  integer: OID.int4,
  int: OID.int4,
  smallint: OID.int2,
  bigint: OID.int8,
  serial: OID.int4,
  serial4: OID.int4,
  bigserial: OID.int8,
  serial8: OID.int8,
  smallserial: OID.int2,
  serial2: OID.int2,
  real: OID.float4,
  float: OID.float8,
  'double precision': OID.float8,
  decimal: OID.numeric,
  dec: OID.numeric,
  character: OID.bpchar,
  char: OID.bpchar,
  'character varying': OID.varchar,
  'char varying': OID.varchar,
  nchar: OID.bpchar,
  'national character': OID.bpchar,
  'national character varying': OID.varchar,
  '"char"': OID.char,
  'time without time zone': OID.time,
  'time with time zone': OID.timetz,
  'timestamp without time zone': OID.timestamp,
  'timestamp with time zone': OID.timestamptz,
  'bit varying': OID.varbit,
  '"any"': OID.any,
};

// format_type() output for the common types (error messages, regtype output, information_schema).
const FORMAT_NAMES: Partial<Record<number, string>> = {
  [OID.bool]: 'boolean',
  [OID.char]: '"char"',
  [OID.int8]: 'bigint',
  [OID.int2]: 'smallint',
  [OID.int4]: 'integer',
  [OID.float4]: 'real',
  [OID.float8]: 'double precision',
  [OID.bpchar]: 'character',
  [OID.varchar]: 'character varying',
  [OID.time]: 'time without time zone',
  [OID.timetz]: 'time with time zone',
  [OID.timestamp]: 'timestamp without time zone',
  [OID.timestamptz]: 'timestamp with time zone',
  [OID.varbit]: 'bit varying',
  [OID.any]: '"any"',
};

/**
 * A user-defined type (an enum) and its array type, registered by the catalog (src/catalog) so that
 * arrayOidOf/elementOidOf/isArrayOid and the array codecs know them. The scalar keeps the codecs of unknown
 * OIDs (text as is), which is an enum's text and binary form: its label. Names here are unqualified: callers
 * that know the search path (Translator.typeName) print them qualified where PG would.
 */
export function registerUserType(oid: number, name: string, arrayOid: number): void {
  if (oid < 16384 || arrayOid < 16384) return;
  BY_OID.set(oid, { oid, name, len: 4, elem: 0, array: arrayOid });
  BY_OID.set(arrayOid, { oid: arrayOid, name: `_${name}`, len: -1, elem: oid, array: 0 });
  userTypes.set(oid, { oid, name, arrayOid });
}

/** The registered user types by OID (what syncUserTypes replaces). */
const userTypes = new Map<number, { oid: number; name: string; arrayOid: number }>();

/**
 * Make the registered user types exactly `types` (a catalog's): types of rolled-back or dropped CREATE TYPEs go,
 * so their OIDs, which a later object may reuse, mean nothing stale; memoized codecs of user OIDs are dropped
 * when anything changed.
 */
export function syncUserTypes(types: readonly { oid: number; name: string; arrayOid: number }[]): void {
  const same =
    types.length === userTypes.size &&
    types.every((t) => {
      const u = userTypes.get(t.oid);
      return u !== undefined && u.name === t.name && u.arrayOid === t.arrayOid;
    });
  if (same) return;
  for (const u of userTypes.values()) {
    BY_OID.delete(u.oid);
    BY_OID.delete(u.arrayOid);
  }
  userTypes.clear();
  for (const t of types) registerUserType(t.oid, t.name, t.arrayOid);
  invalidateUserTypeCodecs();
}

/** Array type OID of an element type, or 0 if it has none. */
export function arrayOidOf(elemOid: number): number {
  return BY_OID.get(elemOid)?.array ?? 0;
}

/** Element type OID of an array type, or 0 if `arrayOid` is not an array type. */
export function elementOidOf(arrayOid: number): number {
  return BY_OID.get(arrayOid)?.elem ?? 0;
}

export function isArrayOid(oid: number): boolean {
  return elementOidOf(oid) !== 0;
}

/** pg_type.typname, e.g. 'int4' or '_int4'; undefined for OIDs Lumos does not know. */
export function typeNameOf(oid: number): string | undefined {
  return BY_OID.get(oid)?.name;
}

/** format_type(oid, NULL): 'integer', 'character varying', 'integer[]'... */
export function formatTypeName(oid: number): string {
  const info = BY_OID.get(oid);
  if (!info) return '???';
  if (info.elem) return `${formatTypeName(info.elem)}[]`;
  return FORMAT_NAMES[oid] ?? info.name;
}

/** pg_type.typlen for RowDescription's type size; -1 for unknown OIDs. */
export function typeSize(oid: number): number {
  return BY_OID.get(oid)?.len ?? -1;
}

/**
 * OID for a type name as written in SQL: PG names, SQL aliases ('double precision', 'character varying'),
 * modifiers ('varchar(20)', 'numeric(10,2)', 'timestamp(3) with time zone'), 'pg_catalog.' prefix and
 * array forms ('int4[]', '_int4', 'integer array'). Case-insensitive. Returns undefined when unknown.
 */
export function oidOfTypeName(name: string): number | undefined {
  let s = name.trim().toLowerCase().replace(/\s+/g, ' ');
  let arrayDims = 0;
  for (;;) {
    const m = /\s*\[\s*\d*\s*\]$/.exec(s);
    if (!m) break;
    s = s.slice(0, m.index);
    arrayDims++;
  }
  if (s.endsWith(' array')) {
    s = s.slice(0, -6);
    arrayDims++;
  }
  // float(p) is real up to 24 bits of precision.
  const fp = /^float\s*\(\s*(\d+)\s*\)$/.exec(s);
  if (fp) s = Number(fp[1]) <= 24 ? 'real' : 'float';
  // Type modifiers do not change the OID: varchar(20), timestamp(3) with time zone.
  s = s.replace(/\s*\([^)]*\)/g, '').trim();
  if (s.startsWith('interval ')) s = 'interval';
  let oid: number | undefined;
  // The parser qualifies SQL-standard types (pg_catalog.bpchar), so a qualified 'char' is the 1-byte "char".
  if (s.startsWith('pg_catalog.')) {
    s = s.slice(11);
    oid = BY_NAME.get(s);
  }
  oid ??= ALIASES[s] ?? BY_NAME.get(s);
  if (oid === undefined && s.startsWith('"') && s.endsWith('"')) oid = BY_NAME.get(s.slice(1, -1));
  if (oid === undefined) return undefined;
  if (arrayDims > 0) {
    if (elementOidOf(oid)) return oid; // '_int4[]' is still _int4 in PG
    const arr = arrayOidOf(oid);
    return arr || undefined;
  }
  return oid;
}
