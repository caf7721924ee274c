/**
 * The contract between the SQLite translator and the engine/session that executes its output.
 * A Translation is pure data (structured-cloneable) so it can be cached and posted to worker threads.
 */
import type { CatalogObject } from '../../catalog/types.js';
import type { SessionParam } from './translator.js';

/** One column of a result, as RowDescription reports it. */
export interface ResultColumn {
  name: string;
  typeOid: number;
  /** The OID whose codecs encode the values when not typeOid's (enum -> text: see enum-core.ts). */
  codecOid?: number;
  /** A binary array's header names this element OID, not the codec's (enum[] is encoded as text[]). */
  codecElemOid?: number;
  typmod: number;
  /** Source table OID and attnum when the column is a plain table column, else 0. */
  tableOid: number;
  attnum: number;
}

/** A catalog change a DDL statement makes; applied to the session's catalog after the SQL succeeds. */
export type CatalogChange = { op: 'upsert'; table: CatalogObject } | { op: 'remove'; table: CatalogObject };

export interface Translation {
  /** The PostgreSQL command tag base: 'SELECT', 'INSERT', 'UPDATE', 'CREATE TABLE', 'VACUUM'... */
  tag: string;
  /** Whether the tag gets a row count ('SELECT 3', 'UPDATE 2'; INSERT is written 'INSERT 0 n'). */
  tagHasCount: boolean;
  /**
   * SQLite statements to run in order, in one transaction. Parameters are `$1..$n` (client parameters,
   * bound already converted to storage form) and `$__now`, `$__user`... (session values, see sessionParams).
   * The last statement's rows are the result when `columns` is set; otherwise the row count of the
   * statement at `countIndex` (default: last) is the command's count.
   */
  sql: string[];
  countIndex?: number;
  /** Result columns (SELECT, or RETURNING), null when the statement returns no rows. */
  columns: ResultColumn[] | null;
  /** Types of $1..$n as inferred (or given by the client). 0 never appears: unresolved ones are text (25). */
  paramTypes: number[];
  /** typmods of $1..$n (-1 when none) so storage conversion can check varchar(n) etc. */
  paramTypmods: number[];
  sessionParams: SessionParam[];
  /** Writes nothing (may run on a reader connection). */
  readOnly: boolean;
  /** Calls something that blocks (pg_sleep): must never run on the event loop. */
  blocking: boolean;
  /** NOTICE/WARNING messages PG sends when the statement runs (e.g. DROP ... IF EXISTS skipping). */
  notices?: { code: string; message: string; severity?: 'NOTICE' | 'WARNING' }[];
  /**
   * Literal constants emitted as parameters ($__l0...) by a shaped translation (src/sql/shape): bound from
   * each statement's own literals at execution.
   */
  literalParams?: string[];
  /** set_config() calls: one SELECT of their (name, value, is_local) arguments, applied before `sql` runs. */
  setConfig?: { sql: string; calls: number };
  /** Result columns converted on output (reg names, records): the SQL for each format (result-output.ts). */
  regWrap?: { inner: string; cols: string[]; binaryCols: string[]; returning?: string };
  /** DDL: catalog changes to apply once the SQL has run. */
  catalogChanges?: CatalogChange[];
}
