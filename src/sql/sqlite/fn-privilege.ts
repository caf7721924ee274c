/**
 * has_table_privilege and siblings. Lumos has one role, a superuser, so every privilege is held; what remains of
 * PG's behaviour is the checking of the arguments: the object must exist (42P01, 3F000, 42703...), the role must
 * exist (42704), the privilege names must be ones PG knows for that kind of object (22023).
 */
import { PgError, SQLSTATE } from '../../../protocol/errors.js';
import { OID } from '../../../protocol/types/oids.js';
import { coerce, type Expr, isTextLike } from './coerce.js';
import type { ExprCtx } from './expr.js';
import { defineScalar } from './fn-registry.js';
import { lookupTable } from './from.js';
import { splitName } from './pg-catalog/regtypes.js';

const mk = (sql: string): Expr => ({ sql, type: OID.bool, typmod: -1 });

type Kind = 'table' | 'sequence' | 'column' | 'schema' | 'database' | 'other';

/** Privilege names PG accepts per kind of object (has_*_privilege's privilege argument). */
const PRIVILEGES: Record<Exclude<Kind, 'other'>, Set<string>> = {
  table: new Set(['select', 'insert', 'update', 'delete', 'truncate', 'references', 'trigger']),
  sequence: new Set(['usage', 'select', 'update']),
  column: new Set(['select', 'insert', 'update', 'references']),
  schema: new Set(['create', 'usage']),
  database: new Set(['create', 'connect', 'temporary', 'temp']),
};

const known = (e: Expr): string | undefined => (e.type === OID.unknown ? e.unknownText : undefined);

function checkPrivileges(kind: Kind, e: Expr): void {
  const text = known(e);
  if (kind === 'other' || text === undefined) return;
  for (const part of text.split(',')) {
    const p = part
      .trim()
      .toLowerCase()
      .replace(/\s+with\s+grant\s+option$/, '');
    if (!PRIVILEGES[kind].has(p))
      throw new PgError(SQLSTATE.INVALID_PARAMETER_VALUE, `unrecognized privilege type: "${part.trim()}"`);
  }
}

function checkRole(e: Expr): void {
  const name = known(e);
  if (name !== undefined && name !== 'postgres' && name.toLowerCase() !== 'public')
    throw new PgError(SQLSTATE.UNDEFINED_OBJECT, `role "${name}" does not exist`);
}

/** The object argument as SQL that fails like PG when a name does not exist (an OID is taken as given). */
function objectSql(ctx: ExprCtx, kind: Kind, e: Expr): string {
  const named = e.type === OID.unknown || isTextLike(e.type);
  if (!named) return e.sql;
  const reg =
    kind === 'schema'
      ? OID.regnamespace
      : kind === 'table' || kind === 'sequence' || kind === 'column'
        ? OID.regclass
        : 0;
  return reg ? coerce(ctx.t, e, reg, -1, 'explicit').sql : e.sql;
}

function privilegeFunction(name: string, kind: Kind): void {
  defineScalar(name, (ctx, a) => {
    // (object, privilege), (role, object, privilege); columns: (table, column, privilege), (role, table, column, privilege).
    const width = kind === 'column' ? 3 : 2;
    if (a.length !== width && a.length !== width + 1) return undefined;
    const args = a.length === width + 1 ? a.slice(1) : a;
    // PG checks the role, then the object, then the privilege names.
    if (a.length === width + 1) checkRole(a[0]);
    const obj = objectSql(ctx, kind, args[0]);
    const objName = known(args[0]);
    if (kind === 'sequence' && objName !== undefined) {
      // A relation that is not a sequence (pg_catalog's relations are tables and views).
      const parts = splitName(objName);
      const rel = ctx.t.catalog.lookupRelation(
        parts[parts.length - 1],
        parts.length > 1 ? parts[0] : undefined,
        ctx.t.opts.searchPath,
      );
      if (rel?.kind !== 'sequence') throw new PgError('42809', `"${parts[parts.length - 1]}" is not a sequence`);
    }
    if (kind === 'column') {
      const table = known(args[0]);
      const column = known(args[1]);
      if (table !== undefined && column !== undefined) {
        const parts = splitName(table);
        const rv = {
          relname: parts[parts.length - 1],
          schemaname: parts.length > 1 ? parts[0] : undefined,
          location: -1,
        };
        const def = lookupTable(ctx.t, rv);
        if (!def.columns.some((c) => c.name === column))
          throw new PgError(SQLSTATE.UNDEFINED_COLUMN, `column "${column}" of relation "${def.name}" does not exist`);
      }
    }
    checkPrivileges(kind, args[args.length - 1]);
    // Every privilege is held: true once the object has been resolved (NULL stays NULL, as in PG).
    return mk(`CASE WHEN ${obj} IS NULL THEN NULL ELSE 1 END`);
  });
}

privilegeFunction('has_table_privilege', 'table');
privilegeFunction('has_sequence_privilege', 'sequence');
privilegeFunction('has_any_column_privilege', 'table');
privilegeFunction('has_column_privilege', 'column');
privilegeFunction('has_schema_privilege', 'schema');
privilegeFunction('has_database_privilege', 'database');
for (const name of [
  'has_function_privilege',
  'has_type_privilege',
  'has_tablespace_privilege',
  'has_language_privilege',
  'has_foreign_data_wrapper_privilege',
  'has_server_privilege',
]) {
  privilegeFunction(name, 'other');
}
// pg_has_role(role, privilege) / (user, role, privilege): Lumos's only role holds every membership.
defineScalar('pg_has_role', (_ctx, a) => (a.length >= 2 && a.length <= 3 ? mk('1') : undefined));
