/**
 * SQLite functions raising PostgreSQL's foreign key violations (23503) from the triggers enforcing foreign keys
 * added by ALTER TABLE (see ddl-foreign-key.ts). Key values arrive as a JSON array in storage form.
 */
import { PgError, SQLSTATE } from '../../../protocol/errors.js';
import { defineSqliteFunctions } from './fn-registry.js';

const keyText = (vals: unknown): string => {
  try {
    return (JSON.parse(String(vals)) as unknown[]).map((v) => (v === null ? 'null' : String(v))).join(', ');
  } catch {
    return String(vals);
  }
};

defineSqliteFunctions((db) => {
  db.function('lumos_fk_missing', { deterministic: true }, (name, table, parent, cols, vals) => {
    throw new PgError(
      SQLSTATE.FOREIGN_KEY_VIOLATION,
      `insert or update on table "${String(table)}" violates foreign key constraint "${String(name)}"`,
      {
        detail: `Key (${String(cols)})=(${keyText(vals)}) is not present in table "${String(parent)}".`,
        constraint: String(name),
        table: String(table),
      },
    );
  });
  db.function('lumos_fk_referenced', { deterministic: true }, (name, parent, table, cols, vals) => {
    throw new PgError(
      SQLSTATE.FOREIGN_KEY_VIOLATION,
      `update or delete on table "${String(parent)}" violates foreign key constraint "${String(name)}" on table "${String(table)}"`,
      {
        detail: `Key (${String(cols)})=(${keyText(vals)}) is still referenced from table "${String(table)}".`,
        constraint: String(name),
        table: String(table),
      },
    );
  });
});
