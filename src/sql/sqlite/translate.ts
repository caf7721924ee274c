/**
 * Entry point of the SQLite translator: one parsed PostgreSQL statement -> a Translation (SQLite SQL,
 * PostgreSQL result columns and parameter types, catalog changes for DDL). See translation.ts.
 */
import './fn-modules.js';
import { PgError, SQLSTATE } from '../../../protocol/errors.js';
import { elementOidOf, OID } from '../../../protocol/types/oids.js';
import type { ParsedStatement } from '../parse.js';
import { createTable, createTableAs, type DdlResult } from './ddl.js';
import { alterTable, createIndex, dropStmt, renameStmt, truncate, vacuum } from './ddl-alter.js';
import { alterEnum, createEnum, dropTypes, renameType } from './ddl-enum.js';
import { extensionDdl } from './ddl-extension.js';
import { otherDdl } from './ddl-schema.js';
import { translateDelete, translateInsert, translateUpdate } from './dml.js';
import type { DmlResult } from './dml-returning.js';
import { preStatements } from './dml-with.js';
import { doBlock } from './do-block.js';
import { codecOid } from './enum-core.js';
import { isRecordType } from './record.js';
import { resultOutput } from './result-output.js';
import { type OutColumn, translateSelect } from './select.js';
import type { ResultColumn, Translation } from './translation.js';
import { type TranslateOptions, Translator } from './translator.js';

/** Codecs of a user type's column: an enum is text, an enum[] text[] whose binary header names the enum. */
function userCodec(t: Translator, type: number): Pick<ResultColumn, 'codecOid' | 'codecElemOid'> {
  const codec = codecOid(t, type);
  return codec === OID._text ? { codecOid: codec, codecElemOid: elementOidOf(type) } : { codecOid: codec };
}

function resultColumns(t: Translator, cols: OutColumn[] | null): ResultColumn[] | null {
  if (!cols) return null;
  // Records are converted for output (result-output.ts, dml.ts RETURNING); none may reach here unconverted.
  if (cols.some((c) => isRecordType(c.type) && c.codecOid === undefined))
    throw new PgError(SQLSTATE.INTERNAL_ERROR, 'record result column without output conversion');
  return cols.map((c) => ({
    name: c.name,
    typeOid: c.type,
    ...(c.codecOid !== undefined ? { codecOid: c.codecOid } : c.type >= 16384 && userCodec(t, c.type)),
    typmod: c.typmod ?? -1,
    tableOid: c.tableOid ?? 0,
    attnum: c.attnum ?? 0,
  }));
}

function finish(
  t: Translator,
  parts: Omit<Translation, 'paramTypes' | 'paramTypmods' | 'sessionParams' | 'blocking'>,
): Translation {
  const paramTypes = t.paramTypes.map((p) => (p === 0 || p === OID.unknown ? OID.text : p));
  const paramTypmods = paramTypes.map((_, i) => t.paramTypmods[i] ?? -1);
  // Data-modifying CTEs run their statements first (dml-with.ts).
  const pre = preStatements(t);
  if (pre.length) {
    parts = { ...parts, sql: [...pre, ...parts.sql], readOnly: false };
    if (parts.countIndex !== undefined) parts.countIndex += pre.length;
  }
  const setConfig = t.setConfigs.length
    ? { sql: `SELECT ${t.setConfigs.join(', ')}`, calls: t.setConfigs.length }
    : undefined;
  return {
    ...parts,
    paramTypes,
    paramTypmods,
    sessionParams: [...t.sessionParams],
    blocking: t.blocking,
    ...(setConfig && { setConfig }),
  };
}

function dml(t: Translator, tag: string, r: DmlResult): Translation {
  const columns = resultColumns(t, r.columns);
  return finish(t, { tag, tagHasCount: true, sql: [r.sql], columns, readOnly: false, regWrap: r.regWrap });
}

function ddl(t: Translator, r: DdlResult): Translation {
  return finish(t, {
    tag: r.tag,
    tagHasCount: r.tagHasCount ?? false,
    sql: r.sql,
    countIndex: r.countIndex,
    columns: null,
    readOnly: false,
    catalogChanges: r.changes.length ? r.changes : undefined,
    notices: r.notices?.length ? r.notices : undefined,
  });
}

export function translate(stmt: ParsedStatement, opts: TranslateOptions): Translation {
  opts.catalog.syncUserTypes();
  const t = new Translator(opts);
  const node = stmt.node[stmt.kind];
  switch (stmt.kind) {
    case 'SelectStmt': {
      if (node.intoClause) return ddl(t, otherDdl(t, 'SelectInto', node) as DdlResult);
      if (
        node.lockingClause?.some(
          (l: any) => l.LockingClause?.waitPolicy && l.LockingClause.waitPolicy !== 'LockWaitBlock',
        )
      ) {
        // NOWAIT / SKIP LOCKED: SQLite serialises writers, so there is nothing to skip or wait for.
      }
      const r = resultOutput(t, node, translateSelect(t, node), (names) => translateSelect(t, node, undefined, names));
      return finish(t, {
        tag: 'SELECT',
        tagHasCount: true,
        sql: [r.sql],
        columns: resultColumns(t, r.columns),
        regWrap: r.regWrap,
        readOnly: !node.lockingClause && !t.sideEffects,
      });
    }
    case 'InsertStmt':
      return dml(t, 'INSERT', translateInsert(t, node));
    case 'UpdateStmt':
      return dml(t, 'UPDATE', translateUpdate(t, node));
    case 'DeleteStmt':
      return dml(t, 'DELETE', translateDelete(t, node));
    case 'CreateStmt':
      return ddl(t, createTable(t, node));
    case 'CreateTableAsStmt':
      return ddl(t, createTableAs(t, node));
    case 'DropStmt':
      if (node.removeType === 'OBJECT_EXTENSION') return ddl(t, extensionDdl(t, stmt.kind, node) as DdlResult);
      return ddl(t, node.removeType === 'OBJECT_TYPE' ? dropTypes(t, node) : dropStmt(t, node));
    case 'DoStmt':
      return doBlock(node, (inner) => translate(inner, opts));
    case 'CreateEnumStmt':
      return ddl(t, createEnum(t, node));
    case 'AlterEnumStmt':
      return ddl(t, alterEnum(t, node));
    case 'TruncateStmt':
      return ddl(t, truncate(t, node));
    case 'IndexStmt':
      return ddl(t, createIndex(t, node));
    case 'AlterTableStmt':
      return ddl(t, alterTable(t, node));
    case 'RenameStmt':
      return ddl(t, node.renameType === 'OBJECT_TYPE' ? renameType(t, node) : renameStmt(t, node));
    case 'VacuumStmt':
      return ddl(t, vacuum(t, node));
    default: {
      const r = extensionDdl(t, stmt.kind, node) ?? otherDdl(t, stmt.kind, node, stmt.text);
      if (r) return ddl(t, r);
      throw new PgError(SQLSTATE.FEATURE_NOT_SUPPORTED, `${statementName(stmt.kind)} is not supported`);
    }
  }
}

function statementName(kind: string): string {
  return kind
    .replace(/Stmt$/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toUpperCase();
}
