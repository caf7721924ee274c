/** Test helper: runs translated statements on an in-memory SQLite database like the engine does. */
import Database from 'better-sqlite3';
import { DEFAULT_CODEC_CONTEXT } from '../../../protocol/types/context.js';
import { getTextDecoder, getTextEncoder } from '../../../protocol/types/index.js';
import { OID } from '../../../protocol/types/oids.js';
import { CATALOG_DDL, Catalog } from '../../catalog/catalog.js';
import { initParser, parseQuery } from '../parse.js';
import { checkForeignKeys, endForeignKeyJob } from './fn-foreign-key.js';
import { registerFunctions } from './functions.js';
import { fromStorageFn, toStorage } from './storage.js';
import { translate } from './translate.js';
import type { Translation } from './translation.js';

export interface RunResult {
  tag: string;
  count: number;
  names: string[];
  types: number[];
  /** Rows in PG text format (null for NULL). */
  rows: (string | null)[][];
  tr: Translation;
}

export class TestDb {
  readonly db: Database.Database;
  catalog: Catalog;
  searchPath = ['public'];
  now = Date.UTC(2024, 0, 2, 3, 4, 5) * 1000;

  constructor() {
    this.db = new Database(':memory:');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('recursive_triggers = ON');
    this.db.pragma('case_sensitive_like = ON');
    this.db.exec(CATALOG_DDL);
    registerFunctions(this.db, {});
    this.catalog = Catalog.load(this.db);
  }

  static async create(): Promise<TestDb> {
    await initParser();
    return new TestDb();
  }

  translate(sql: string, paramTypes: number[] = []): Translation {
    const [stmt] = parseQuery(sql);
    return translate(stmt, {
      catalog: this.catalog,
      searchPath: this.searchPath,
      codec: DEFAULT_CODEC_CONTEXT,
      paramTypes,
    });
  }

  /** Run one statement; params are given in PG text format. */
  run(
    sql: string,
    params: (string | null)[] = [],
    paramTypes: number[] = [],
    given?: { tr: Translation; bind: Record<string, unknown> },
  ): RunResult {
    const tr = given?.tr ?? this.translate(sql, paramTypes);
    const bind: Record<string, unknown> = { ...given?.bind };
    tr.paramTypes.forEach((type, i) => {
      const text = params[i] ?? null;
      bind[i + 1] =
        text === null ? null : toStorage(type, getTextDecoder(type)(text, DEFAULT_CODEC_CONTEXT), tr.paramTypmods[i]);
    });
    for (const p of tr.sessionParams) {
      bind[`__${p}`] = {
        now: this.now,
        user: 'postgres',
        database: 'lumos',
        pid: 4242,
        schema: 'public',
        settings: '{}',
        gucs: '[]',
      }[p];
    }
    let rows: unknown[][] = [];
    let count = 0;
    const run = this.db.transaction(() => {
      tr.sql.forEach((s, i) => {
        const stmt = this.db.prepare(s);
        const needed = Object.fromEntries(Object.entries(bind).filter(([k]) => s.includes(`$${k}`)));
        if (stmt.reader) {
          const r = (stmt.raw(true).safeIntegers(true).all(needed) as unknown[][]).map((row) =>
            row.map((v) =>
              typeof v === 'bigint' && v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v,
            ),
          );
          if (i === tr.sql.length - 1) rows = r;
          if (i === (tr.countIndex ?? tr.sql.length - 1)) count = r.length;
        } else {
          const info = stmt.run(needed);
          if (i === (tr.countIndex ?? tr.sql.length - 1)) count = info.changes;
        }
      });
      // As the engine does after each job (engines/sqlite/execute.ts): foreign key checks at the end.
      checkForeignKeys(this.db, true);
    });
    try {
      run();
    } finally {
      endForeignKeyJob(this.db, true);
    }
    if (tr.catalogChanges) {
      // Autocommit, as the engine does it: the catalog is reloaded from what the DDL stored (no transaction-only
      // state such as uncommitted enum labels survives), under a new version.
      const version = this.catalog.version;
      this.catalog = Catalog.load(this.db);
      this.catalog.version = version + 1;
    }
    const cols = tr.columns ?? [];
    // Like the engine (session/executor.ts): a column's codecs are those of its codecOid when it has one.
    const codecs = cols.map((c) => c.codecOid ?? c.typeOid);
    const conv = codecs.map((oid) => fromStorageFn(oid));
    const text = rows.map((r) =>
      r.map((v, i) => {
        if (v === null) return null;
        const type = codecs[i];
        let canonical: unknown = conv[i] ? conv[i]?.(v as never) : v;
        if (type === OID.bool) canonical = v === 1;
        return getTextEncoder(type)(canonical, DEFAULT_CODEC_CONTEXT);
      }),
    );
    return { tag: tr.tag, count, names: cols.map((c) => c.name), types: cols.map((c) => c.typeOid), rows: text, tr };
  }

  /** The SQLSTATE a statement fails with, or 'no error'. */
  sqlstate(sql: string): string | undefined {
    try {
      this.run(sql);
    } catch (e) {
      return (e as { code?: string }).code;
    }
    return 'no error';
  }

  /** Rows as `a|b` lines like `psql -At`. */
  q(sql: string, params: (string | null)[] = []): string[] {
    return this.run(sql, params).rows.map((r) => r.map((v) => v ?? '').join('|'));
  }
}
