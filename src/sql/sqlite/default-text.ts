/**
 * The text PostgreSQL shows for a column DEFAULT (pg_get_expr(adbin), information_schema.columns.column_default),
 * rebuilt from the raw parse tree. PG stores the default after coercing it to the column type, so a string
 * literal becomes a constant of that type and ruleutils' get_const_expr decides how it is labelled: `0`,
 * `'-1'::integer`, `1.5`, `'0'::numeric`, `true`, `'x'::text`, `'y'::character varying`; implicit casts are not
 * shown (`now()` on a timestamp column). ORMs compare these strings (knex columnInfo, Sequelize describeTable).
 */
import { bitFromText } from '../../../protocol/types/bitstring.js';
import { OID } from '../../../protocol/types/oids.js';
import type { Node } from '../parse.js';
import { formatType } from './pg-catalog/model.js';
import { str, type Translator } from './translator.js';

const quote = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** format_type(oid, -1), as ruleutils labels constants. */
function typeLabel(oid: number): string {
  // bpchar with typmod -1 is not character(1): PG prints it as bpchar.
  return oid === OID.bpchar ? 'bpchar' : formatType(oid, -1);
}

const TRUE_WORDS = new Set(['t', 'true', 'y', 'yes', 'on', '1']);

/** A constant of type `oid` whose output text is `v`, labelled the way get_const_expr does. */
function constText(v: string, oid: number): string {
  switch (oid) {
    case OID.bool:
      return TRUE_WORDS.has(v.trim().toLowerCase()) ? 'true' : 'false';
    case OID.int4:
      return /^\d+$/.test(v) ? v : `${quote(v)}::integer`;
    case OID.numeric:
      // Unlabelled only when it reads back as numeric: digits with a point or an exponent.
      return /^\d[\d.eE+-]*$/.test(v) && /[.eE]/.test(v) ? v : `${quote(v)}::numeric`;
    case OID.unknown:
      return quote(v);
    default:
      return `${quote(v)}::${typeLabel(oid)}`;
  }
}

/** Output text of a string literal converted to a few common types (others keep their input text). */
function normalise(v: string, oid: number): string {
  if ((oid === OID.int2 || oid === OID.int4 || oid === OID.int8) && /^\s*[+-]?\d+\s*$/.test(v))
    return BigInt(v.trim()).toString();
  // PG shows the stored bits of a bit-string default ('x0F' is '00001111'); bad input fails elsewhere.
  if (oid === OID.bit || oid === OID.varbit) {
    try {
      return bitFromText(v);
    } catch {
      return v;
    }
  }
  return v;
}

const SVF: Record<string, string> = {
  SVFOP_CURRENT_DATE: 'CURRENT_DATE',
  SVFOP_CURRENT_TIME: 'CURRENT_TIME',
  SVFOP_CURRENT_TIME_N: 'CURRENT_TIME',
  SVFOP_CURRENT_TIMESTAMP: 'CURRENT_TIMESTAMP',
  SVFOP_CURRENT_TIMESTAMP_N: 'CURRENT_TIMESTAMP',
  SVFOP_LOCALTIME: 'LOCALTIME',
  SVFOP_LOCALTIME_N: 'LOCALTIME',
  SVFOP_LOCALTIMESTAMP: 'LOCALTIMESTAMP',
  SVFOP_LOCALTIMESTAMP_N: 'LOCALTIMESTAMP',
  SVFOP_CURRENT_ROLE: 'CURRENT_ROLE',
  SVFOP_CURRENT_USER: 'CURRENT_USER',
  SVFOP_USER: 'USER',
  SVFOP_SESSION_USER: 'SESSION_USER',
  SVFOP_CURRENT_CATALOG: 'CURRENT_CATALOG',
  SVFOP_CURRENT_SCHEMA: 'CURRENT_SCHEMA',
};

/**
 * Display text of DEFAULT `raw` for a column of type `oid`, or undefined for a NULL constant (PG stores no
 * default for it).
 */
export function defaultText(t: Translator, raw: Node, oid: number): string | undefined {
  if (raw.A_Const?.isnull) return undefined;
  return deparse(t, raw, oid);
}

/** `target`: the type a string literal here is coerced to (the column's, a cast's, a function argument's). */
function deparse(t: Translator, n: Node, target: number): string {
  if (n.A_Const) {
    const c = n.A_Const;
    if (c.isnull) return 'NULL';
    if (c.boolval !== undefined) return c.boolval.boolval ? 'true' : 'false';
    if (c.ival !== undefined) return constText(String(c.ival.ival ?? 0), OID.int4);
    if (c.fval !== undefined) {
      const v: string = c.fval.fval;
      // The parser makes an integer too wide for int4 an int8 constant, other numbers numeric.
      return constText(v, /^-?\d+$/.test(v) ? OID.int8 : OID.numeric);
    }
    if (c.sval !== undefined) return constText(normalise(c.sval.sval ?? '', target), target);
    if (c.bsval !== undefined) return constText(normalise(c.bsval.bsval, OID.bit), OID.bit);
  }
  if (n.TypeCast) {
    const { oid } = t.typeOid(n.TypeCast.typeName);
    const arg = n.TypeCast.arg;
    if (arg.A_Const?.sval !== undefined || arg.A_Const?.isnull) {
      return arg.A_Const.isnull ? `NULL::${typeLabel(oid)}` : deparse(t, arg, oid);
    }
    return `(${deparse(t, arg, OID.unknown)})::${typeLabel(oid)}`;
  }
  if (n.FuncCall) {
    const f = n.FuncCall;
    const name: string = f.funcname.map(str).join('.');
    const bare = name.replace(/^pg_catalog\./, '');
    // nextval/currval take regclass; other string arguments resolve to text for the functions defaults use.
    const argType = bare === 'nextval' || bare === 'currval' ? OID.regclass : OID.text;
    const args = (f.args ?? []).map((a: Node) => deparse(t, a, argType));
    return `${bare}(${f.agg_star ? '*' : args.join(', ')})`;
  }
  if (n.SQLValueFunction) {
    const s = n.SQLValueFunction;
    const word = SVF[s.op] ?? s.op;
    return s.op.endsWith('_N') && s.typmod !== undefined && s.typmod >= 0 ? `${word}(${s.typmod})` : word;
  }
  if (n.A_Expr && n.A_Expr.kind === 'AEXPR_OP') {
    const op = n.A_Expr.name.map(str).join('.');
    const r = deparse(t, n.A_Expr.rexpr, OID.unknown);
    if (!n.A_Expr.lexpr) return `(${op} ${r})`;
    return `(${deparse(t, n.A_Expr.lexpr, OID.unknown)} ${op} ${r})`;
  }
  if (n.ColumnRef) return n.ColumnRef.fields.map(str).join('.');
  return '?';
}
