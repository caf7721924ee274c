/**
 * DO blocks. Lumos has no PL/pgSQL, but ORMs and migration tools make single DDL statements idempotent by
 * wrapping them in one: Sequelize syncs ENUM columns with
 * `DO 'BEGIN CREATE TYPE "public"."enum_t_c" AS ENUM(...); EXCEPTION WHEN duplicate_object THEN null; END'`, and
 * drizzle-kit does the same for CREATE TYPE and ALTER TABLE ... ADD CONSTRAINT. That shape runs here: one
 * statement, and an optional handler that ignores named conditions. The handler is only accepted around DDL,
 * whose conditions (an object exists / does not exist) Lumos raises while translating against the catalog, so
 * every error the handler would catch in PG is caught here too. Any other block is refused with 0A000.
 */
import { PgError, SQLSTATE } from '../../../protocol/errors.js';
import { type Node, type ParsedStatement, parseQuery } from '../parse.js';
import type { Translation } from './translation.js';

/** PL/pgSQL condition names a handler may ignore, with their SQLSTATEs. */
const CONDITIONS: Record<string, string> = {
  duplicate_object: '42710',
  duplicate_table: '42P07',
  duplicate_column: '42701',
  duplicate_schema: '42P06',
  undefined_object: '42704',
  undefined_table: '42P01',
  undefined_column: '42703',
  invalid_schema_name: '3F000',
};

/** Statements whose catalog errors are all raised at translate time (so a handler can see them). */
const DDL_KINDS = new Set([
  'CreateEnumStmt',
  'AlterEnumStmt',
  'CreateStmt',
  'AlterTableStmt',
  'IndexStmt',
  'CreateSchemaStmt',
  'CreateSeqStmt',
  'DropStmt',
  'RenameStmt',
  'CommentStmt',
]);

const BLOCK =
  /^\s*BEGIN\s+([\s\S]*?;)\s*(?:EXCEPTION\s+WHEN\s+([a-z_]+(?:\s+OR\s+[a-z_]+)*)\s+THEN\s+NULL\s*;\s*)?END\s*;?\s*$/i;

function unsupported(what: string): PgError {
  return new PgError(SQLSTATE.FEATURE_NOT_SUPPORTED, `DO is not supported: ${what}`, {
    hint: 'Lumos runs only DO blocks of one DDL statement with an optional EXCEPTION WHEN <condition> THEN NULL.',
  });
}

/** The statement of a DO block and the SQLSTATEs its handler ignores. */
export function parseDoBlock(n: Node): { stmt: ParsedStatement; ignore: Set<string> } {
  let body: string | undefined;
  for (const a of n.args ?? []) {
    const d = a.DefElem;
    if (d?.defname === 'as') body = d.arg?.String?.sval;
    else if (d?.defname === 'language' && d.arg?.String?.sval?.toLowerCase() !== 'plpgsql')
      throw unsupported(`language ${d.arg?.String?.sval}`);
  }
  const m = body === undefined ? null : BLOCK.exec(body);
  if (!m) throw unsupported('PL/pgSQL blocks other than BEGIN <statement>; [EXCEPTION WHEN ... THEN NULL;] END');
  let stmts: ParsedStatement[];
  try {
    stmts = parseQuery(m[1]);
  } catch {
    // Not SQL: a PL/pgSQL statement (RAISE, assignment, IF, PERFORM...).
    throw unsupported('PL/pgSQL statements');
  }
  if (stmts.length !== 1) throw unsupported('blocks of more than one statement');
  const ignore = new Set<string>();
  if (m[2]) {
    if (!DDL_KINDS.has(stmts[0].kind)) throw unsupported('exception handlers around statements other than DDL');
    for (const name of m[2].split(/\s+OR\s+/i)) {
      const code = CONDITIONS[name.toLowerCase()];
      if (!code) throw unsupported(`exception condition ${name}`);
      ignore.add(code);
    }
  }
  return { stmt: stmts[0], ignore };
}

/** Run a DO block through `translate` (its one statement), as the command DO. */
export function doBlock(n: Node, translate: (stmt: ParsedStatement) => Translation): Translation {
  const { stmt, ignore } = parseDoBlock(n);
  if (stmt.kind === 'SelectStmt' && !stmt.node.SelectStmt.intoClause)
    throw new PgError('42601', 'query has no destination for result data', {
      hint: 'If you want to discard the results of a SELECT, use PERFORM instead.',
    });
  try {
    const tr = translate(stmt);
    return { ...tr, tag: 'DO', tagHasCount: false, columns: null, countIndex: undefined };
  } catch (e) {
    if (e instanceof PgError && ignore.has(e.code)) {
      return {
        tag: 'DO',
        tagHasCount: false,
        sql: [],
        columns: null,
        paramTypes: [],
        paramTypmods: [],
        sessionParams: [],
        readOnly: false,
        blocking: false,
      };
    }
    throw e;
  }
}
