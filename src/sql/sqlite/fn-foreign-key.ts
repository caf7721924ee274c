/**
 * SQLite functions behind the triggers enforcing foreign keys (see ddl-foreign-key.ts), and the end-of-statement
 * check they feed.
 *
 * PG runs its RI triggers as AFTER ROW triggers, fired once the whole statement (CTEs included) has run, and each
 * one re-checks against the final state: `DELETE FROM tree` of a whole self-referencing tree succeeds, as does
 * `INSERT INTO tree VALUES (2, 1), (1, NULL)`. SQLite triggers fire per row, so a trigger that sees a violation
 * does not raise: it calls lumos_fk_defer(check, key...) to remember the key, and checkForeignKeys() re-runs the
 * check against the final state when the job (one PG statement) has run, before it commits. Rows that are fine
 * when they change (the common case) cost only the trigger's WHEN lookup, as before.
 *
 * A UDF cannot query its own connection (better-sqlite3 refuses re-entrancy), hence the check after the job.
 * Key values arrive as the trigger's own OLD/NEW values (int8 as BigInt), so they are bound back exactly.
 */
import type Database from 'better-sqlite3';
import { PgError, SQLSTATE } from '../../../protocol/errors.js';
import { defineSqliteFunctions } from './fn-registry.js';

/** When a constraint's checks run: PG's DEFERRABLE / INITIALLY DEFERRED (in a DeferredCheck). */
export const DEFERRAL = { never: 0, immediate: 1, deferred: 2 } as const;

/**
 * What a trigger asks to re-check (a JSON array, a constant of the trigger): [kind, sql, repeat, deferral,
 * constraint, referencing table, referenced table, key columns]. `sql` returns a row when the key (bound to the
 * `?`s positionally, `repeat` times over) still violates the constraint.
 * - 'missing': a referencing row's key is not present in the referenced table (insert or update of the
 *   referencing table, or a SET DEFAULT action);
 * - 'mixed': MATCH FULL, a referencing key mixing NULL and non-NULL values;
 * - 'referenced': a referenced key is gone (NO ACTION, RESTRICT) while rows still reference it.
 */
export type DeferredCheck = [
  kind: 'missing' | 'mixed' | 'referenced',
  sql: string,
  repeat: number,
  deferral: number,
  ...names: string[],
];

interface Entry {
  check: DeferredCheck;
  key: unknown[];
}

interface Pending {
  checks: Map<string, DeferredCheck>;
  /** Violations seen during the current job (statement). */
  queue: Entry[];
  /** Those of deferred constraints, checked at COMMIT (or SET CONSTRAINTS ... IMMEDIATE). */
  deferred: Entry[];
  /** SET CONSTRAINTS of the current transaction: ALL, and by constraint name (which wins). */
  all?: boolean;
  byName: Map<string, boolean>;
  statements: Map<string, Database.Statement>;
}

const pendingByDb = new WeakMap<Database.Database, Pending>();

const keyText = (vals: unknown[]): string => vals.map((v) => (v === null ? 'null' : String(v))).join(', ');

function violation(check: DeferredCheck, key: unknown[]): PgError {
  const [kind, , , , name, table, parent, cols] = check;
  if (kind === 'mixed')
    return new PgError(
      SQLSTATE.FOREIGN_KEY_VIOLATION,
      `insert or update on table "${table}" violates foreign key constraint "${name}"`,
      { detail: 'MATCH FULL does not allow mixing of null and nonnull key values.', constraint: name, table },
    );
  if (kind === 'missing')
    return new PgError(
      SQLSTATE.FOREIGN_KEY_VIOLATION,
      `insert or update on table "${table}" violates foreign key constraint "${name}"`,
      {
        detail: `Key (${cols})=(${keyText(key)}) is not present in table "${parent}".`,
        constraint: name,
        table,
      },
    );
  return new PgError(
    SQLSTATE.FOREIGN_KEY_VIOLATION,
    `update or delete on table "${parent}" violates foreign key constraint "${name}" on table "${table}"`,
    {
      detail: `Key (${cols})=(${keyText(key)}) is still referenced from table "${table}".`,
      constraint: name,
      table,
    },
  );
}

const isDeferred = (p: Pending, check: DeferredCheck): boolean =>
  check[3] !== DEFERRAL.never && (p.byName.get(check[4]) ?? p.all ?? check[3] === DEFERRAL.deferred);

/**
 * Run the checks the foreign key triggers deferred during this job: the first key still violating its
 * constraint raises 23503 (PG reports the first failing trigger in firing order). Those of deferred constraints
 * wait for `commit` (the job commits: autocommit, or COMMIT itself). Called by the engine after the job's
 * statements, and before COMMIT.
 */
export function checkForeignKeys(db: Database.Database, commit: boolean): void {
  const p = pendingByDb.get(db);
  if (!p || (p.queue.length === 0 && (!commit || p.deferred.length === 0))) return;
  let now = p.queue;
  p.queue = [];
  if (commit) {
    now = p.deferred.concat(now);
    p.deferred = [];
  } else if (p.all !== undefined || p.byName.size || now.some((e) => e.check[3] !== DEFERRAL.never)) {
    const later = now.filter((e) => isDeferred(p, e.check));
    if (later.length) {
      p.deferred.push(...later);
      now = now.filter((e) => !later.includes(e));
    }
  }
  for (const { check, key } of now) {
    let stmt = p.statements.get(check[1]);
    if (!stmt) {
      stmt = db.prepare(check[1]);
      stmt.safeIntegers(true);
      if (p.statements.size > 256) p.statements.clear();
      p.statements.set(check[1], stmt);
    }
    const args = check[2] === 1 ? key : Array.from({ length: check[2] }, () => key).flat();
    if (stmt.get(...args) !== undefined) throw violation(check, key);
  }
}

/**
 * After each job: forget what a failed statement deferred, and, once the transaction is over (committed or
 * rolled back), its deferred checks and SET CONSTRAINTS. Deferred checks are re-checks of the final state, so
 * those of work undone by ROLLBACK TO SAVEPOINT find nothing and need no tracking.
 */
export function endForeignKeyJob(db: Database.Database, failed: boolean): void {
  const p = pendingByDb.get(db);
  if (!p) return;
  if (failed) p.queue = [];
  if (!db.inTransaction) {
    p.queue = [];
    p.deferred = [];
    p.all = undefined;
    p.byName.clear();
  }
}

const legacyKeyText = (vals: unknown): string => {
  try {
    return keyText(JSON.parse(String(vals)) as unknown[]);
  } catch {
    return String(vals);
  }
};

defineSqliteFunctions((db) => {
  const p: Pending = { checks: new Map(), queue: [], deferred: [], byName: new Map(), statements: new Map() };
  pendingByDb.set(db, p);
  db.function('lumos_fk_defer', { varargs: true, safeIntegers: true }, (desc, ...key) => {
    const text = String(desc);
    let check = p.checks.get(text);
    if (!check) {
      check = JSON.parse(text) as DeferredCheck;
      p.checks.set(text, check);
    }
    p.queue.push({ check, key });
    return null;
  });
  // SET CONSTRAINTS (names: a JSON array, or NULL for ALL). Made IMMEDIATE, a constraint's deferred checks run
  // at the end of this statement, as PG runs them when the command executes.
  db.function('lumos_set_constraints', (deferred, names) => {
    const list = names === null ? null : (JSON.parse(String(names)) as string[]);
    if (list === null) {
      p.all = deferred === 1;
      p.byName.clear();
    } else for (const n of list) p.byName.set(n, deferred === 1);
    if (deferred !== 1) {
      const now = p.deferred.filter((e) => list === null || list.includes(e.check[4]));
      p.deferred = p.deferred.filter((e) => !now.includes(e));
      p.queue.push(...now);
    }
    return null;
  });
  // The triggers of databases created before checks were deferred raise at once.
  db.function('lumos_fk_missing', { deterministic: true }, (name, table, parent, cols, vals) => {
    throw violation(
      ['missing', '', 1, DEFERRAL.never, String(name), String(table), String(parent), String(cols)],
      [legacyKeyText(vals)],
    );
  });
  db.function('lumos_fk_referenced', { deterministic: true }, (name, parent, table, cols, vals) => {
    throw violation(
      ['referenced', '', 1, DEFERRAL.never, String(name), String(table), String(parent), String(cols)],
      [legacyKeyText(vals)],
    );
  });
});
