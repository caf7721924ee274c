/** SQLite errors -> PostgreSQL SQLSTATEs and messages (PG's wording where the information is there). */
import { PgError, SQLSTATE } from '../../../protocol/errors.js';
import type { SerializedError } from './job.js';

function splitTarget(msg: string): { table: string; columns: string[] } {
  // "UNIQUE constraint failed: t.a, t.b"
  const list = msg.slice(msg.indexOf(':') + 1).trim();
  const parts = list.split(',').map((p) => p.trim());
  const table = parts[0]?.split('.')[0] ?? '';
  return { table, columns: parts.map((p) => p.slice(p.indexOf('.') + 1)) };
}

export function mapSqliteError(e: unknown): PgError {
  if (e instanceof PgError) return e;
  const err = e as { code?: string; message?: string };
  const code = err.code ?? '';
  const message = err.message ?? String(e);
  if (/^[0-9A-Z]{5}$/.test(code)) return new PgError(code, message);
  switch (code) {
    case 'SQLITE_CONSTRAINT_UNIQUE':
    case 'SQLITE_CONSTRAINT_PRIMARYKEY': {
      const { table, columns } = splitTarget(message);
      const name = code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ? `${table}_pkey` : `${table}_${columns.join('_')}_key`;
      return new PgError(SQLSTATE.UNIQUE_VIOLATION, `duplicate key value violates unique constraint "${name}"`, {
        table,
        constraint: name,
      });
    }
    case 'SQLITE_CONSTRAINT_NOTNULL': {
      const { table, columns } = splitTarget(message);
      return new PgError(
        SQLSTATE.NOT_NULL_VIOLATION,
        `null value in column "${columns[0]}" of relation "${table}" violates not-null constraint`,
        { table, column: columns[0] },
      );
    }
    case 'SQLITE_CONSTRAINT_FOREIGNKEY':
      return new PgError(SQLSTATE.FOREIGN_KEY_VIOLATION, 'insert or update violates foreign key constraint');
    case 'SQLITE_CONSTRAINT_CHECK': {
      const name = message.slice(message.indexOf(':') + 1).trim();
      return new PgError(SQLSTATE.CHECK_VIOLATION, `new row violates check constraint "${name}"`, { constraint: name });
    }
    case 'SQLITE_BUSY':
    case 'SQLITE_BUSY_SNAPSHOT':
    case 'SQLITE_BUSY_RECOVERY':
    case 'SQLITE_LOCKED':
      return new PgError(SQLSTATE.SERIALIZATION_FAILURE, 'could not serialize access due to concurrent update');
    case 'SQLITE_INTERRUPT':
      return new PgError(SQLSTATE.QUERY_CANCELED, 'canceling statement due to user request');
    case 'SQLITE_TOOBIG':
      return new PgError(SQLSTATE.PROGRAM_LIMIT_EXCEEDED, message);
    case 'SQLITE_NOMEM':
      return new PgError(SQLSTATE.OUT_OF_MEMORY, 'out of memory');
    case 'SQLITE_READONLY':
      return new PgError(SQLSTATE.READ_ONLY_SQL_TRANSACTION, 'cannot execute statement in a read-only transaction');
    default:
      // ON DELETE/UPDATE RESTRICT fails with SQLITE_CONSTRAINT_TRIGGER but the same message.
      if (/FOREIGN KEY constraint failed/.test(message))
        return new PgError(SQLSTATE.FOREIGN_KEY_VIOLATION, 'update or delete violates foreign key constraint');
      if (/integer overflow/.test(message))
        return new PgError(SQLSTATE.NUMERIC_VALUE_OUT_OF_RANGE, 'bigint out of range');
      return new PgError(SQLSTATE.INTERNAL_ERROR, `internal error (SQLite): ${message}`);
  }
}

export function serializeError(e: unknown): SerializedError {
  const p = mapSqliteError(e);
  return {
    code: p.code,
    message: p.message,
    detail: p.detail,
    hint: p.hint,
    constraint: p.constraint,
    table: p.table,
    column: p.column,
  };
}

export function deserializeError(s: SerializedError): PgError {
  const { code, message, ...rest } = s;
  return new PgError(code, message, rest);
}
