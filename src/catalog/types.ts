/** Lumos's own schema knowledge: tables and their columns with declared PostgreSQL types. */

export interface ColumnDef {
  name: string;
  /** PostgreSQL type OID of the declared type. */
  typeOid: number;
  /** atttypmod: -1, or e.g. varchar(n) -> n + 4, numeric(p,s) -> ((p << 16) | s) + 4. */
  typmod: number;
  notNull: boolean;
  /** Default expression as PostgreSQL text (pg_get_expr form), if any. */
  defaultExpr?: string;
  /** Default already translated to SQLite SQL, used when an INSERT omits the column. */
  defaultSql?: string;
  /** attnum, 1-based; stable across drops of other columns. */
  attnum: number;
  /** NOT NULL that SQLite does not enforce (added by ALTER TABLE): the translator checks it in INSERT/UPDATE. */
  notNullUnenforced?: boolean;
  /** serial/bigserial/identity column (default is a sequence). */
  serial?: boolean;
}

export interface IndexDef {
  name: string;
  oid: number;
  columns: string[];
  unique: boolean;
  primary: boolean;
  /** Backs a PRIMARY KEY/UNIQUE constraint (cannot be dropped with DROP INDEX). */
  constraint?: boolean;
  /** SQLite has no separate index for it (the rowid alias, or an autoindex of a table constraint). */
  implicit?: boolean;
}

export interface ForeignKeyDef {
  name: string;
  columns: string[];
  refTableOid: number;
  refColumns: string[];
}

export interface TableDef {
  oid: number;
  schema: string;
  name: string;
  columns: ColumnDef[];
  indexes: IndexDef[];
  /** Name of the SQLite table holding the rows. */
  storageName: string;
  temp?: boolean;
  /** Column that is SQLite's INTEGER PRIMARY KEY (rowid alias), if any. */
  rowidColumn?: string;
  foreignKeys?: ForeignKeyDef[];
}

/** First OID available to user objects, as in PostgreSQL. */
export const FIRST_NORMAL_OID = 16384;
