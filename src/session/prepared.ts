/** Prepared statements and portals of the extended query protocol. */
import { type FieldDescription, rowDescription } from '../../protocol/backend.js';
import { PgError, SQLSTATE } from '../../protocol/errors.js';
import type { FrontendMessage } from '../../protocol/frontend.js';
import type { CodecContext } from '../../protocol/types/context.js';
import { typeSize } from '../../protocol/types/oids.js';
import type { MessageWriter } from '../../protocol/writer.js';
import type { ParsedStatement } from '../sql/parse.js';
import { parseStatements } from '../sql/shape/shape.js';
import type { ResultColumn, Translation } from '../sql/sqlite/translation.js';
import { decodeParams, resultFormats } from './params.js';
import { endsBlock, type StatementOutcome, type StatementRunner } from './statement.js';

export interface PreparedStatement {
  name: string;
  sql: string;
  /** null for an empty query string. */
  stmt: ParsedStatement | null;
  /** Types the client gave in Parse (0 = infer). */
  givenTypes: number[];
  paramTypes: number[];
  paramTypmods: number[];
  columns: ResultColumn[] | null;
  /** For statements the translator handles; re-made when the catalog changes. */
  translation?: Translation;
  catalogKey?: string;
  /** COMMIT/ROLLBACK: allowed in a failed transaction. */
  endsBlock: boolean;
}

export interface Portal {
  name: string;
  prepared: PreparedStatement;
  params: Record<string, unknown>;
  formats: number[];
  columns: ResultColumn[] | null;
  outcome?: StatementOutcome;
  sent?: number;
}

export function prepare(name: string, sql: string, givenTypes: number[], runner: StatementRunner): PreparedStatement {
  const stmts = parseStatements(sql);
  if (stmts.length > 1) {
    throw new PgError(SQLSTATE.SYNTAX_ERROR, 'cannot insert multiple commands into a prepared statement');
  }
  const stmt = stmts[0] ?? null;
  const ps: PreparedStatement = {
    name,
    sql,
    stmt,
    givenTypes,
    paramTypes: givenTypes.map((t) => t || 25),
    paramTypmods: givenTypes.map(() => -1),
    columns: null,
    endsBlock: stmt !== null && endsBlock(stmt),
  };
  runner.describeStatement(ps);
  return ps;
}

export function bindPortal(
  name: string,
  ps: PreparedStatement,
  msg: Extract<FrontendMessage, { type: 'Bind' }>,
  codec: CodecContext,
  runner: StatementRunner,
): Portal {
  runner.refresh(ps);
  const params = decodeParams(msg.params, msg.paramFormats, ps.paramTypes, ps.paramTypmods, codec, ps.name);
  const formats = ps.columns ? resultFormats(msg.resultFormats, ps.columns.length) : [];
  return { name, prepared: ps, params, formats, columns: ps.columns };
}

export function writeRowDescription(w: MessageWriter, columns: ResultColumn[], formats: number[]): void {
  const fields: FieldDescription[] = columns.map((c, i) => ({
    name: c.name,
    tableOid: c.tableOid,
    columnAttr: c.attnum,
    typeOid: c.typeOid,
    typeSize: typeSize(c.typeOid),
    typeModifier: c.typmod,
    format: formats[i] ?? 0,
  }));
  rowDescription(w, fields);
}
