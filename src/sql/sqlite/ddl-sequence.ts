/**
 * CREATE/ALTER/DROP SEQUENCE, the sequences behind SERIAL and IDENTITY columns, TRUNCATE ... RESTART IDENTITY,
 * and PG's rules for inserting into GENERATED ALWAYS identity columns. A sequence's definition is a catalog
 * object; its counter lives in `_lumos_sequences` (see fn-sequence.ts for why nextval is not transactional).
 */
import { SQLSTATE } from '../../../protocol/errors.js';
import { OID } from '../../../protocol/types/oids.js';
import { SEQUENCE_TABLE } from '../../catalog/catalog.js';
import type { ColumnDef, SequenceDef, TableDef } from '../../catalog/types.js';
import type { Node } from '../parse.js';
import type { DdlResult } from './ddl.js';
import { OidAllocator, persistSql, relationExists } from './ddl.js';
import { nextvalSql, quoteIdentPg, seqParams } from './fn-sequence.js';
import { quoteString } from './storage.js';
import type { CatalogChange } from './translation.js';
import { str, type Translator } from './translator.js';

const TYPE_RANGE: Record<number, [bigint, bigint]> = {
  [OID.int2]: [-32768n, 32767n],
  [OID.int4]: [-2147483648n, 2147483647n],
  [OID.int8]: [-9223372036854775808n, 9223372036854775807n],
};

function num(t: Translator, d: Node): bigint {
  const a = d.arg;
  if (a?.Integer) return BigInt(a.Integer.ival ?? 0);
  if (a?.Float) return BigInt(a.Float.fval);
  if (a?.A_Const?.ival) return BigInt(a.A_Const.ival.ival ?? 0);
  throw t.error(SQLSTATE.SYNTAX_ERROR, `${d.defname} requires a numeric value`, d);
}

const bad = (t: Translator, msg: string) => t.error('22023', msg);

/**
 * Apply CREATE/ALTER SEQUENCE options (PG's init_params). Returns the new definition and, for RESTART,
 * the value to restart at.
 */
export function applySeqOptions(
  t: Translator,
  options: Node[],
  base: SequenceDef | undefined,
  init: { oid: number; schema: string; name: string; typeOid?: number },
): { seq: SequenceDef; restart?: bigint; ownedBy?: string[] } {
  let typeOid = init.typeOid ?? base?.typeOid ?? OID.int8;
  let inc = base ? BigInt(base.increment) : 1n;
  let min: bigint | null | undefined = base ? BigInt(base.min) : undefined;
  let max: bigint | null | undefined = base ? BigInt(base.max) : undefined;
  let start: bigint | undefined = base ? BigInt(base.start) : undefined;
  let cycle = base?.cycle ?? false;
  let cache = base ? BigInt(base.cache) : 1n;
  let restart: bigint | undefined;
  let ownedBy: string[] | undefined;
  let startGiven = false;
  let restartToStart = false;
  const oldType = typeOid;
  for (const o of options) {
    const d = o.DefElem;
    switch (d.defname) {
      case 'as': {
        const tt = t.typeOid(d.arg.TypeName);
        if (!TYPE_RANGE[tt.oid]) throw bad(t, 'sequence type must be smallint, integer, or bigint');
        typeOid = tt.oid;
        break;
      }
      case 'increment':
        inc = num(t, d);
        if (inc === 0n) throw bad(t, 'INCREMENT must not be zero');
        break;
      case 'minvalue':
        min = d.arg ? num(t, d) : null;
        break;
      case 'maxvalue':
        max = d.arg ? num(t, d) : null;
        break;
      case 'start':
        start = num(t, d);
        startGiven = true;
        break;
      case 'restart':
        // Without a value: the (possibly new) START, resolved below.
        restart = d.arg ? num(t, d) : undefined;
        restartToStart = !d.arg;
        break;
      case 'cache':
        cache = num(t, d);
        if (cache <= 0n) throw bad(t, `CACHE (${cache}) must be greater than zero`);
        break;
      case 'cycle':
        cycle = d.arg?.Boolean ? !!d.arg.Boolean.boolval : !!d.arg?.Integer?.ival;
        break;
      case 'owned_by':
        ownedBy = d.arg.List.items.map(str);
        break;
      case 'sequence_name':
        break;
      default:
        throw t.error(SQLSTATE.SYNTAX_ERROR, `option "${d.defname}" not recognized`, d);
    }
  }
  const [tmin, tmax] = TYPE_RANGE[typeOid];
  // A bound left at the old type's limit follows a type change (PG does the same).
  if (base && typeOid !== oldType) {
    const [omin, omax] = TYPE_RANGE[oldType];
    if (max === omax) max = undefined;
    if (min === omin) min = undefined;
  }
  if (max === null || max === undefined) max = inc > 0n ? tmax : -1n;
  if (min === null || min === undefined) min = inc > 0n ? 1n : tmin;
  const tn = t.typeName(typeOid);
  if (max < tmin || max > tmax) throw bad(t, `MAXVALUE (${max}) is out of range for sequence data type ${tn}`);
  if (min < tmin || min > tmax) throw bad(t, `MINVALUE (${min}) is out of range for sequence data type ${tn}`);
  if (min >= max) throw bad(t, `MINVALUE (${min}) must be less than MAXVALUE (${max})`);
  if (start === undefined || (!startGiven && !base)) start = inc > 0n ? min : max;
  if (start < min) throw bad(t, `START value (${start}) cannot be less than MINVALUE (${min})`);
  if (start > max) throw bad(t, `START value (${start}) cannot be greater than MAXVALUE (${max})`);
  if (restartToStart) restart = start;
  if (restart !== undefined) {
    if (restart < min) throw bad(t, `RESTART value (${restart}) cannot be less than MINVALUE (${min})`);
    if (restart > max) throw bad(t, `RESTART value (${restart}) cannot be greater than MAXVALUE (${max})`);
  }
  const seq: SequenceDef = {
    kind: 'sequence',
    oid: init.oid,
    schema: init.schema,
    name: init.name,
    typeOid,
    start: String(start),
    increment: String(inc),
    min: String(min),
    max: String(max),
    cache: String(cache),
    cycle,
    ownedBy: base?.ownedBy,
    comment: base?.comment,
  };
  return { seq, restart, ownedBy };
}

/** SQL creating a sequence's counter row (a fresh epoch: any in-memory state of a reused OID is stale). */
export function seqRowSql(seq: SequenceDef): string {
  return `INSERT OR REPLACE INTO ${SEQUENCE_TABLE} (oid, name, params, last_value, is_called, epoch) VALUES (${seq.oid}, ${quoteString(seq.name)}, ${quoteString(seqParams(seq))}, ${seq.start}, 0, abs(random()))`;
}

function restartSql(oid: number, value: string | bigint): string {
  return `UPDATE ${SEQUENCE_TABLE} SET last_value = ${value}, is_called = 0, epoch = abs(random()) WHERE oid = ${oid}`;
}

function schemaOf(t: Translator, rv: Node): string {
  if (rv.schemaname) {
    if (!t.catalog.hasSchema(rv.schemaname))
      throw t.error(SQLSTATE.INVALID_SCHEMA_NAME, `schema "${rv.schemaname}" does not exist`, rv);
    return rv.schemaname;
  }
  return t.opts.searchPath.find((s) => t.catalog.hasSchema(s) && !s.startsWith('pg_temp')) ?? 'public';
}

export function createSequence(t: Translator, n: Node): DdlResult {
  const rv = n.sequence;
  const schema = schemaOf(t, rv);
  if (relationExists(t, schema, rv.relname)) {
    if (n.if_not_exists)
      return {
        sql: [],
        changes: [],
        tag: 'CREATE SEQUENCE',
        notices: [{ code: '42P07', message: `relation "${rv.relname}" already exists, skipping` }],
      };
    throw t.error(SQLSTATE.DUPLICATE_TABLE, `relation "${rv.relname}" already exists`, rv);
  }
  const oids = new OidAllocator(t);
  const { seq, ownedBy } = applySeqOptions(t, n.options ?? [], undefined, {
    oid: oids.take(),
    schema,
    name: rv.relname,
  });
  const changes: CatalogChange[] = [{ op: 'upsert', table: seq }];
  const sql = [seqRowSql(seq)];
  if (ownedBy) setOwner(t, seq, ownedBy);
  sql.push(persistSql(seq));
  return { sql, changes, tag: 'CREATE SEQUENCE' };
}

function setOwner(t: Translator, seq: SequenceDef, names: string[]): void {
  if (names.length === 1 && names[0] === 'none') {
    seq.ownedBy = undefined;
    return;
  }
  if (names.length < 2) throw t.error('42601', 'invalid OWNED BY option');
  const col = names[names.length - 1];
  const table = t.catalog.lookup(names[names.length - 2], names.length > 2 ? names[0] : undefined, t.opts.searchPath);
  if (!table) throw t.error(SQLSTATE.UNDEFINED_TABLE, `relation "${names.slice(0, -1).join('.')}" does not exist`);
  if (!table.columns.some((c) => c.name === col))
    throw t.error(SQLSTATE.UNDEFINED_COLUMN, `column "${col}" of relation "${table.name}" does not exist`);
  seq.ownedBy = { tableOid: table.oid, column: col };
}

function lookupSequence(t: Translator, rv: Node): SequenceDef | undefined {
  const r = t.catalog.lookupRelation(rv.relname, rv.schemaname, t.opts.searchPath);
  if (r && r.kind !== 'sequence') throw t.error('42809', `"${r.name}" is not a sequence`, rv);
  return r;
}

export function alterSequence(t: Translator, n: Node): DdlResult {
  const base = lookupSequence(t, n.sequence);
  if (!base) {
    if (n.missing_ok)
      return {
        sql: [],
        changes: [],
        tag: 'ALTER SEQUENCE',
        notices: [{ code: '00000', message: `relation "${n.sequence.relname}" does not exist, skipping` }],
      };
    throw t.error(SQLSTATE.UNDEFINED_TABLE, `relation "${n.sequence.relname}" does not exist`, n.sequence);
  }
  const { seq, restart, ownedBy } = applySeqOptions(t, n.options ?? [], base, base);
  if (ownedBy) setOwner(t, seq, ownedBy);
  const sql = [
    `UPDATE ${SEQUENCE_TABLE} SET params = ${quoteString(seqParams(seq))}, epoch = abs(random()) WHERE oid = ${seq.oid}`,
  ];
  if (restart !== undefined) sql.push(restartSql(seq.oid, restart));
  sql.push(persistSql(seq));
  return { sql, changes: [{ op: 'upsert', table: seq }], tag: 'ALTER SEQUENCE' };
}

/** Columns whose DEFAULT calls nextval of `oid` (PG records these as dependencies). */
export function seqDependents(t: Translator, oid: number): { table: TableDef; column: ColumnDef }[] {
  const needle = `lumos_nextval(${oid},`;
  const out: { table: TableDef; column: ColumnDef }[] = [];
  for (const table of t.catalog.all())
    for (const column of table.columns) if (column.defaultSql?.includes(needle)) out.push({ table, column });
  return out;
}

/** DROP SEQUENCE: refuses while column defaults use it (unless CASCADE, which drops those defaults). */
export function dropSequences(t: Translator, n: Node): DdlResult {
  const sql: string[] = [];
  const changes: CatalogChange[] = [];
  const notices: DdlResult['notices'] = [];
  const changedTables = new Map<number, TableDef>();
  for (const obj of n.objects) {
    const names: string[] = obj.List.items.map(str);
    const rv = { relname: names[names.length - 1], schemaname: names.length > 1 ? names[names.length - 2] : undefined };
    const seq = lookupSequence(t, rv);
    if (!seq) {
      if (n.missing_ok) {
        notices.push({ code: '00000', message: `sequence "${names.join('.')}" does not exist, skipping` });
        continue;
      }
      throw t.error(SQLSTATE.UNDEFINED_TABLE, `sequence "${names.join('.')}" does not exist`);
    }
    const deps = seqDependents(t, seq.oid);
    if (deps.length && n.behavior !== 'DROP_CASCADE') {
      throw t.error('2BP01', `cannot drop sequence ${seq.name} because other objects depend on it`, undefined, {
        detail: deps
          .map(
            (d) => `default value for column ${d.column.name} of table ${d.table.name} depends on sequence ${seq.name}`,
          )
          .join('\n'),
        hint: 'Use DROP ... CASCADE to drop the dependent objects too.',
      });
    }
    for (const d of deps) {
      const tb = changedTables.get(d.table.oid) ?? structuredClone(d.table);
      changedTables.set(tb.oid, tb);
      const col = tb.columns.find((c) => c.name === d.column.name) as ColumnDef;
      col.defaultSql = undefined;
      col.defaultExpr = undefined;
      if (col.seqOid === seq.oid) col.seqOid = undefined;
      notices.push({
        code: '00000',
        message: `drop cascades to default value for column ${col.name} of table ${tb.name}`,
      });
    }
    sql.push(`DELETE FROM ${SEQUENCE_TABLE} WHERE oid = ${seq.oid}`, persistSql(seq, true));
    changes.push({ op: 'remove', table: seq });
  }
  for (const tb of changedTables.values()) {
    sql.push(persistSql(tb));
    changes.push({ op: 'upsert', table: tb });
  }
  return { sql, changes, tag: 'DROP SEQUENCE', notices };
}

/** Sequences owned by a table's columns (dropped with the table). */
export function ownedSequences(t: Translator, table: TableDef): SequenceDef[] {
  return t.catalog.sequences().filter((s) => s.ownedBy?.tableOid === table.oid);
}

export function dropOwnedSql(seq: SequenceDef): string[] {
  return [`DELETE FROM ${SEQUENCE_TABLE} WHERE oid = ${seq.oid}`, persistSql(seq, true)];
}

/**
 * The sequence behind a SERIAL or IDENTITY column of a table being created: named <table>_<column>_seq
 * (with a number appended if taken), typed like the column, owned by it.
 */
export function columnSequence(
  t: Translator,
  table: TableDef,
  col: ColumnDef,
  options: Node[],
  oids: OidAllocator,
  taken: Set<string>,
): { seq: SequenceDef; sql: string[] } {
  const base = `${table.name}_${col.name}_seq`;
  let name = base;
  for (let i = 1; relationExists(t, table.schema, name) || taken.has(name); i++) name = `${base}${i}`;
  taken.add(name);
  const named = options.find((o) => o.DefElem?.defname === 'sequence_name');
  if (named) name = named.DefElem.arg.List.items.map(str).pop();
  const { seq } = applySeqOptions(t, options, undefined, {
    oid: oids.take(),
    schema: table.schema,
    name,
    typeOid: col.typeOid,
  });
  seq.ownedBy = { tableOid: table.oid, column: col.name };
  col.seqOid = seq.oid;
  col.defaultSql = nextvalSql(seq.oid);
  const qualified =
    table.schema === 'public' ? quoteIdentPg(name) : `${quoteIdentPg(table.schema)}.${quoteIdentPg(name)}`;
  col.defaultExpr = col.identity ? undefined : `nextval('${qualified.replaceAll("'", "''")}'::regclass)`;
  return { seq, sql: [seqRowSql(seq), persistSql(seq)] };
}

/** TRUNCATE ... RESTART IDENTITY: the owned sequences start over (transactionally, as in PG). */
export function restartIdentitySql(t: Translator, table: TableDef): string[] {
  return ownedSequences(t, table).map((s) => restartSql(s.oid, s.start));
}

const identityDetail = (c: ColumnDef) => `Column "${c.name}" is an identity column defined as GENERATED ALWAYS.`;

/** INSERT into GENERATED ALWAYS identity columns needs OVERRIDING SYSTEM VALUE (or only DEFAULTs). */
export function checkIdentityInsert(t: Translator, n: Node, cols: ColumnDef[]): void {
  if (n.override === 'OVERRIDING_USER_VALUE')
    throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, 'OVERRIDING USER VALUE is not supported yet', n);
  if (n.override === 'OVERRIDING_SYSTEM_VALUE' || !n.selectStmt) return;
  const rows: Node[] | undefined = n.selectStmt?.SelectStmt?.valuesLists;
  cols.forEach((c, i) => {
    if (c.identity !== 'a') return;
    const allDefault = rows?.every((r) => r.List.items[i]?.SetToDefault);
    if (allDefault) return;
    throw t.error('428C9', `cannot insert a non-DEFAULT value into column "${c.name}"`, n.cols?.[i], {
      detail: identityDetail(c),
      hint: 'Use OVERRIDING SYSTEM VALUE to override.',
    });
  });
}

/** UPDATE may set a GENERATED ALWAYS identity column only to DEFAULT. */
export function checkIdentityUpdate(t: Translator, c: ColumnDef, val: Node, node: Node): void {
  if (c.identity === 'a' && !val.SetToDefault)
    throw t.error('428C9', `column "${c.name}" can only be updated to DEFAULT`, node, { detail: identityDetail(c) });
}
