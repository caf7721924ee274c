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
  /** GENERATED ALWAYS ('a') / BY DEFAULT ('d') AS IDENTITY. */
  identity?: 'a' | 'd';
  /** The sequence this column owns (serial, identity, or OWNED BY). */
  seqOid?: number;
  /** COMMENT ON COLUMN. */
  comment?: string;
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
  /** The SQLite index name when it differs from `name` (indexes outside public: SQLite's are global). */
  storageName?: string;
}

export interface ForeignKeyDef {
  name: string;
  columns: string[];
  refTableOid: number;
  refColumns: string[];
  /** ON DELETE / ON UPDATE actions as PG confdeltype/confupdtype letters (a r c n d). */
  onDelete?: string;
  onUpdate?: string;
  /** Base name of the SQLite triggers enforcing it (added by ALTER TABLE, see ddl-foreign-key.ts); absent when
   * SQLite enforces it from CREATE TABLE. */
  trigger?: string;
  /** DEFERRABLE, and INITIALLY DEFERRED (checked at COMMIT unless SET CONSTRAINTS ... IMMEDIATE). */
  deferrable?: boolean;
  initiallyDeferred?: boolean;
  /** MATCH FULL (default MATCH SIMPLE): a key mixing NULL and non-NULL values is refused. */
  matchFull?: boolean;
  /** ON DELETE SET NULL/SET DEFAULT (columns): only these key columns are set (PG 15). */
  deleteSetColumns?: string[];
}

export interface TableDef {
  kind?: 'table';
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
  /** CHECK constraints Lumos knows by name (inline ones live in SQLite's table, added ones are triggers). */
  checks?: CheckDef[];
  /** COMMENT ON TABLE. */
  comment?: string;
}

export interface CheckDef {
  name: string;
  /** PG text of the expression (for pg_get_constraintdef), best effort. */
  expr: string;
  /** The columns the expression reads (pg_constraint.conkey); absent in catalogs written before it was kept. */
  columns?: string[];
  /** Name of the SQLite trigger pair enforcing it (ALTER TABLE ADD CONSTRAINT); absent when inline. */
  trigger?: string;
}

/** A sequence: definition here, state (last_value, is_called) in SQLite table _lumos_sequences. */
export interface SequenceDef {
  kind: 'sequence';
  oid: number;
  schema: string;
  name: string;
  /** int2, int4 or int8. */
  typeOid: number;
  /** 64-bit values as decimal strings (JSON has no int64). */
  start: string;
  increment: string;
  min: string;
  max: string;
  cache: string;
  cycle: boolean;
  /** OWNED BY table column (dropped with it). */
  ownedBy?: { tableOid: number; column: string };
  comment?: string;
}

/** A view: its query text (expanded as a subquery at translate time) and its output columns. */
export interface ViewDef {
  kind: 'view';
  oid: number;
  schema: string;
  name: string;
  /** The SELECT as written (PG text), re-translated wherever the view is used. */
  query: string;
  columns: ColumnDef[];
  /** OIDs of the tables and views the query reads (DROP ... RESTRICT/CASCADE). */
  dependsOn: number[];
  comment?: string;
}

export interface SchemaDef {
  kind: 'schema';
  oid: number;
  name: string;
  comment?: string;
}

/** One label of an enum type (a pg_enum row). */
export interface EnumLabel {
  oid: number;
  label: string;
  /** pg_enum.enumsortorder: 1, 2, 3... at CREATE TYPE; ADD VALUE BEFORE/AFTER takes the midpoint (fractions). */
  sortOrder: number;
  /**
   * Added by ALTER TYPE ... ADD VALUE in the open transaction, which may not use it (PG: 55P04). Only in the
   * transaction's private catalog: never persisted (ddl-enum.ts), so the committed catalog has no such flag.
   */
  uncommitted?: boolean;
}

/** CREATE TYPE ... AS ENUM: a pg_type row of typtype 'e', its array type, and its labels (see enum-core.ts). */
export interface EnumTypeDef {
  kind: 'enum';
  oid: number;
  /** OID of the array type (_name) PG creates with every type. */
  arrayOid: number;
  schema: string;
  name: string;
  /** Labels in sort order. */
  labels: EnumLabel[];
  comment?: string;
}

/**
 * CREATE EXTENSION of an extension Lumos provides (see ddl-extension.ts): a pg_extension row. Its functions are
 * Lumos's own, callable only while it is installed, and live in `schema` (search_path and qualified calls).
 */
export interface ExtensionDef {
  kind: 'extension';
  oid: number;
  /** Extension names are database-wide (no schema qualifies them); this is the schema of its objects. */
  schema: string;
  name: string;
  /** pg_extension.extversion. */
  version: string;
  comment?: string;
}

/** Everything the catalog stores; TableDef has no kind (or 'table'). */
export type CatalogObject = TableDef | SequenceDef | ViewDef | SchemaDef | EnumTypeDef | ExtensionDef;

/** First OID available to user objects, as in PostgreSQL. */
export const FIRST_NORMAL_OID = 16384;
