/** Name resolution for FROM items, CTEs and correlated subqueries. */
import { PgError, SQLSTATE } from '../../../protocol/errors.js';
import { quoteIdent } from './storage.js';

export interface ScopeColumn {
  name: string;
  type: number;
  typmod: number;
  /** For columns of a base table: the table's OID and attnum (RowDescription fields). */
  tableOid?: number;
  attnum?: number;
  notNull?: boolean;
  /** SQL for this column when it is not simply `alias.name` (USING-merged columns, inlined LATERAL values). */
  sql?: string;
  /** Column name in SQLite when it differs from the visible name (alias column lists, duplicate names). */
  sqlName?: string;
}

export interface ScopeItem {
  /** Name the item is referenced by (alias, or table name). */
  alias: string;
  columns: ScopeColumn[];
  /** Columns hidden from `*` (merged USING/NATURAL join columns are shown once). */
  hiddenFromStar?: Set<string>;
  /** Emit column references unqualified (`"col"`): CHECK constraints, RETURNING, index expressions. */
  unqualified?: boolean;
  /** Pseudo items (USING-merged columns) cannot be referenced by qualifier. */
  pseudo?: boolean;
  /** A base table: its OID, whose row type a whole-row reference has (record.ts wholeRowRef). */
  relOid?: number;
  /** A function in FROM returning a base type: a bare reference to its alias is its value, not a record. */
  scalarFunction?: boolean;
}

export function colSql(item: ScopeItem, col: ScopeColumn): string {
  if (col.sql) return col.sql;
  const name = quoteIdent(col.sqlName ?? col.name);
  return item.unqualified ? name : `${quoteIdent(item.alias)}.${name}`;
}

/** The column `name` of `item`; a name given to two columns of one item is ambiguous (PG). */
function findCol(item: ScopeItem, name: string, position?: number): ScopeColumn | undefined {
  const i = item.columns.findIndex((c) => c.name === name);
  if (i >= 0 && item.columns.some((c, j) => j > i && c.name === name))
    throw new PgError(SQLSTATE.AMBIGUOUS_COLUMN, `column reference "${name}" is ambiguous`, { position });
  return i >= 0 ? item.columns[i] : undefined;
}

export interface ResolvedColumn {
  sql: string;
  column: ScopeColumn;
}

export class Scope {
  readonly items: ScopeItem[] = [];
  /** CTE name -> its output columns, visible to FROM items here and below. */
  readonly ctes = new Map<string, ScopeColumn[]>();
  /** Output-column aliases usable in ORDER BY / GROUP BY. */
  outputAliases?: Map<string, ScopeColumn>;

  constructor(readonly parent?: Scope) {}

  add(item: ScopeItem): void {
    if (!item.pseudo && this.items.some((i) => i.alias === item.alias && !i.pseudo)) {
      throw new PgError('42712', `table name "${item.alias}" specified more than once`);
    }
    this.items.push(item);
  }

  findCte(name: string): ScopeColumn[] | undefined {
    for (let s: Scope | undefined = this; s; s = s.parent) {
      const c = s.ctes.get(name);
      if (c) return c;
    }
    return undefined;
  }

  resolve(fields: string[], position?: number): ResolvedColumn {
    if (fields.length === 1) {
      const name = fields[0];
      for (let s: Scope | undefined = this; s; s = s.parent) {
        let found: ResolvedColumn | undefined;
        for (const item of s.items) {
          if (item.hiddenFromStar?.has(name)) continue;
          const col = findCol(item, name, position);
          if (!col) continue;
          if (found) {
            throw new PgError(SQLSTATE.AMBIGUOUS_COLUMN, `column reference "${name}" is ambiguous`, { position });
          }
          found = { sql: colSql(item, col), column: col };
        }
        if (found) return found;
      }
      throw new PgError(SQLSTATE.UNDEFINED_COLUMN, `column "${name}" does not exist`, { position });
    }
    const [qual, name] = fields.slice(-2);
    for (let s: Scope | undefined = this; s; s = s.parent) {
      const item = s.items.find((i) => i.alias === qual && !i.pseudo);
      if (!item) continue;
      const col = findCol(item, name, position);
      if (!col) {
        throw new PgError(SQLSTATE.UNDEFINED_COLUMN, `column ${qual}.${name} does not exist`, { position });
      }
      return { sql: colSql(item, col), column: col };
    }
    throw new PgError(SQLSTATE.UNDEFINED_TABLE, `missing FROM-clause entry for table "${qual}"`, { position });
  }

  /** Items whose columns `*` or `alias.*` expand to. */
  starItems(qualifier?: string, position?: number): ScopeItem[] {
    if (!qualifier) return this.items;
    for (let s: Scope | undefined = this; s; s = s.parent) {
      const item = s.items.find((i) => i.alias === qualifier && !i.pseudo);
      if (item) return [item];
    }
    throw new PgError(SQLSTATE.UNDEFINED_TABLE, `missing FROM-clause entry for table "${qualifier}"`, { position });
  }
}
