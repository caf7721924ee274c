/** COPY table FROM STDIN: rows arrive in CopyData messages and are inserted in batches on the writer. */
import { copyInResponse } from '../../protocol/backend.js';
import { PgError, SQLSTATE } from '../../protocol/errors.js';
import type { CodecContext } from '../../protocol/types/context.js';
import { getTextDecoder } from '../../protocol/types/index.js';
import type { MessageWriter } from '../../protocol/writer.js';
import type { Catalog } from '../catalog/catalog.js';
import type { ColumnDef } from '../catalog/types.js';
import type { Node } from '../sql/parse.js';
import { copyEnumCheckSql } from '../sql/sqlite/enum-core.js';
import { quoteIdent, toStorage } from '../sql/sqlite/storage.js';
import { CopyTextParser, copyFormat } from './copy-text.js';
import type { Executor } from './executor.js';

const BATCH_ROWS = 5000;

type Converter = (text: string | null) => unknown;

export class CopyIn {
  private rows: unknown[][] = [];
  private count = 0;
  private inflight?: Promise<void>;
  private readonly parser: CopyTextParser;
  private readonly convert: Converter[];
  private readonly sql: string;
  private readonly needsSessionParams: boolean;

  private constructor(
    private readonly executor: Executor,
    columns: ColumnDef[],
    insertSql: string,
    parser: CopyTextParser,
    ctx: CodecContext,
    private readonly sessionParams: () => Record<string, unknown>,
  ) {
    this.parser = parser;
    this.sql = insertSql;
    this.needsSessionParams = insertSql.includes('$__');
    this.convert = columns.map((c) => {
      const decode = getTextDecoder(c.typeOid);
      return (text: string | null) => {
        if (text === null) {
          if (c.notNull) {
            throw new PgError(
              SQLSTATE.NOT_NULL_VIOLATION,
              `null value in column "${c.name}" violates not-null constraint`,
              {
                column: c.name,
              },
            );
          }
          return null;
        }
        return toStorage(c.typeOid, decode(text, ctx), c.typmod);
      };
    });
  }

  /** Validate the COPY statement, send CopyInResponse and return the running COPY. */
  static start(
    node: Node,
    catalog: Catalog,
    searchPath: string[],
    executor: Executor,
    ctx: CodecContext,
    w: MessageWriter,
    sessionParams: () => Record<string, unknown>,
  ): CopyIn {
    if (!node.is_from || node.filename || node.is_program) {
      throw new PgError(SQLSTATE.FEATURE_NOT_SUPPORTED, 'only COPY ... FROM STDIN is supported yet');
    }
    if (!node.relation) throw new PgError(SQLSTATE.FEATURE_NOT_SUPPORTED, 'COPY (query) is not supported yet');
    const rel = node.relation;
    const table = catalog.lookup(rel.relname, rel.schemaname, searchPath);
    if (!table) {
      throw new PgError(SQLSTATE.UNDEFINED_TABLE, `relation "${rel.relname}" does not exist`);
    }
    const names: string[] = node.attlist
      ? node.attlist.map((a: Node) => a.String.sval)
      : table.columns.map((c) => c.name);
    const cols = names.map((n) => {
      const c = table.columns.find((x) => x.name === n);
      if (!c) throw new PgError(SQLSTATE.UNDEFINED_COLUMN, `column "${n}" of relation "${table.name}" does not exist`);
      return c;
    });
    const options = (node.options ?? []).map((o: Node) => ({
      name: o.DefElem.defname as string,
      value:
        o.DefElem.arg?.String?.sval ??
        (o.DefElem.arg?.Integer
          ? String(o.DefElem.arg.Integer.ival ?? 0)
          : o.DefElem.arg?.Boolean
            ? String(o.DefElem.arg.Boolean.boolval ?? false)
            : undefined),
    }));
    const format = copyFormat(options);
    const missing = table.columns.filter((c) => !names.includes(c.name) && c.defaultSql);
    const targets = [...cols.map((c) => quoteIdent(c.name)), ...missing.map((c) => quoteIdent(c.name))];
    const values = [
      ...cols.map((c) => copyEnumCheckSql(catalog, searchPath, c.typeOid, '?')),
      ...missing.map((c) => c.defaultSql as string),
    ];
    const sql = `INSERT INTO ${quoteIdent(table.storageName)} (${targets.join(', ')}) VALUES (${values.join(', ')})`;
    if (!executor.inBlock) executor.implicit = true;
    copyInResponse(
      w,
      format.csv ? 0 : 0,
      cols.map(() => 0),
    );
    return new CopyIn(executor, cols, sql, new CopyTextParser(format, cols.length), ctx, sessionParams);
  }

  async data(chunk: Uint8Array): Promise<void> {
    this.add(this.parser.feed(chunk));
    if (this.rows.length >= BATCH_ROWS) await this.flush();
  }

  private add(rows: (string | null)[][]): void {
    const conv = this.convert;
    for (const r of rows) {
      const out = new Array(r.length);
      for (let i = 0; i < r.length; i++) out[i] = conv[i](r[i]);
      this.rows.push(out);
    }
  }

  /**
   * Send the parsed batch to the writer without waiting for it, so parsing the next batch overlaps with
   * inserting this one; at most one batch is in flight (bounded memory, errors surface on the next call).
   */
  private async flush(): Promise<void> {
    if (this.inflight) await this.inflight;
    if (this.rows.length === 0) return;
    const rows = this.rows;
    this.rows = [];
    const p = this.executor.runBatch(this.sql, rows, this.needsSessionParams ? this.sessionParams() : undefined);
    this.inflight = p.then(() => {
      this.count += rows.length;
      this.inflight = undefined;
    });
    // Reported when awaited; keep an early failure from being an unhandled rejection meanwhile.
    this.inflight.catch(() => {});
  }

  /** CopyDone: insert what is left; returns the row count for the COPY tag. */
  async done(): Promise<number> {
    this.add(this.parser.finish());
    await this.flush();
    if (this.inflight) await this.inflight;
    return this.count;
  }

  async abort(): Promise<void> {
    this.rows = [];
    if (this.inflight) await this.inflight.catch(() => {});
  }
}
