/**
 * Runs one parsed statement for a session: utility statements answered by the session, COPY, and
 * everything else translated to SQLite (translations cached) and handed to the executor, under
 * statement_timeout and the failed-transaction rule.
 */
import { PgError, SQLSTATE } from '../../protocol/errors.js';
import { OID } from '../../protocol/types/oids.js';
import { MessageWriter } from '../../protocol/writer.js';
import type { SqliteEngine } from '../engines/sqlite/engine.js';
import { CANCEL_TIMEOUT, type ExecResult } from '../engines/sqlite/job.js';
import { RowEncoder } from '../engines/sqlite/rows.js';
import { type ParsedStatement, parseQuery } from '../sql/parse.js';
import { isShaped, type ShapedStatement, translateWithSlots } from '../sql/shape/shape.js';
import { TranslationCache } from '../sql/sqlite/cache.js';
import { regFormatSql } from '../sql/sqlite/pg-catalog/regtypes.js';
import { translate } from '../sql/sqlite/translate.js';
import type { ResultColumn, Translation } from '../sql/sqlite/translation.js';
import { CopyIn } from './copy-in.js';
import { abortedError } from './errors.js';
import type { PreparedStatement } from './prepared.js';
import type { Session } from './session.js';
import { applySetConfig } from './set-config.js';
import { runUtility, UTILITY_KINDS } from './utility.js';

export interface StatementOutcome {
  tag: string;
  columns: ResultColumn[] | null;
  result: ExecResult;
  copy?: CopyIn;
}

/** Shared by all sessions: keys carry everything a translation depends on (see catalogKey). */
const translationCache = new TranslationCache(2000);

function commandTag(tr: { tag: string; tagHasCount: boolean }, count: number): string {
  if (!tr.tagHasCount) return tr.tag;
  if (tr.tag === 'INSERT') return `INSERT 0 ${count}`;
  return `${tr.tag} ${count}`;
}

/** COMMIT, ROLLBACK and ROLLBACK TO: the statements a failed transaction still accepts. */
export function endsBlock(stmt: ParsedStatement): boolean {
  return (
    stmt.kind === 'TransactionStmt' &&
    ['TRANS_STMT_COMMIT', 'TRANS_STMT_ROLLBACK', 'TRANS_STMT_ROLLBACK_TO'].includes(stmt.node.TransactionStmt.kind)
  );
}

function nowMicros(): number {
  return Math.floor((performance.timeOrigin + performance.now()) * 1000);
}

export class StatementRunner {
  /** now() is the start time of the current transaction. */
  private txnStart = 0;

  constructor(
    private readonly session: Session,
    private readonly engine: SqliteEngine,
  ) {}

  private catalogKey(): string | undefined {
    const ex = this.session.executor;
    if (ex.privateCatalog) return undefined;
    const codec = this.session.settings.codec();
    // Temporary tables are per session: while any exist, a translation is only valid for its own session.
    const temp = this.engine.catalog.hasTempObjects() ? `|${this.session.processId}` : '';
    return `${this.engine.catalog.version}|${this.session.settings.get('search_path')}|${codec.timeZone}|${codec.dateStyle}${temp}`;
  }

  translate(stmt: ParsedStatement, paramTypes: number[]): Translation {
    if (isShaped(stmt) && !stmt.shape.entry.broken) return this.translateShaped(stmt, paramTypes);
    const key = this.catalogKey();
    const cacheKey = key === undefined ? undefined : `${key}|${paramTypes.join(',')}|${stmt.offset}|${stmt.text}`;
    if (cacheKey) {
      const hit = translationCache.get(cacheKey);
      if (hit) return hit;
    }
    const tr = this.translateNow(stmt, paramTypes);
    if (cacheKey) {
      translationCache.set(cacheKey, tr);
    }
    return tr;
  }

  /**
   * A statement of a cached shape: one translation serves every statement of the shape whose literals
   * agree on the ones the translation read (src/sql/shape). Errors come from the ordinary path, which
   * parses the statement's own text (exact positions and messages).
   */
  private translateShaped(stmt: ShapedStatement, paramTypes: number[]): Translation {
    const b = stmt.shape;
    const key = this.catalogKey();
    const context = key === undefined ? undefined : `${key}|${paramTypes.join(',')}`;
    if (context !== undefined) {
      const hit = b.entry.lookup(b, context);
      if (hit !== undefined) return hit;
    }
    let r: ReturnType<typeof translateWithSlots>;
    try {
      r = translateWithSlots(b, () => this.translateNow(stmt, paramTypes));
    } catch {
      const plain = parseQuery(b.sql)[0];
      const tr = this.translate(plain, paramTypes);
      // It failed only as a shape: not worth trying again.
      b.entry.broken = true;
      return tr;
    }
    if (context !== undefined) b.entry.store(b, context, r.dependent, r.translation);
    return r.translation;
  }

  private translateNow(stmt: ParsedStatement, paramTypes: number[]): Translation {
    return translate(stmt, {
      catalog: this.session.executor.catalog(),
      searchPath: this.session.settings.searchPath(),
      tempSchema: `pg_temp_${this.session.processId}`,
      codec: this.session.settings.codec(),
      paramTypes,
    });
  }

  /** Fill in parameter types and result columns of a freshly parsed statement (for Describe). */
  describeStatement(ps: PreparedStatement): void {
    const stmt = ps.stmt;
    if (!stmt) return;
    if (UTILITY_KINDS.has(stmt.kind) || stmt.kind === 'CopyStmt') {
      if (stmt.kind === 'VariableShowStmt') {
        const name = stmt.node.VariableShowStmt.name;
        ps.columns =
          name === 'all'
            ? ['name', 'setting', 'description'].map((n) => textColumn(n))
            : [textColumn(this.showName(name))];
      }
      return;
    }
    const tr = this.translate(stmt, ps.givenTypes);
    ps.translation = tr;
    ps.catalogKey = this.catalogKey();
    ps.paramTypes = tr.paramTypes;
    ps.paramTypmods = tr.paramTypmods;
    ps.columns = tr.columns;
  }

  private showName(name: string): string {
    if (name === 'transaction_isolation' || name === 'transaction_read_only') return name;
    const all = this.session.settings.all();
    return all.find((s) => s.name.toLowerCase() === name.toLowerCase())?.name ?? name;
  }

  /** Re-translate a prepared statement whose catalog changed since it was prepared. */
  refresh(ps: PreparedStatement): void {
    if (!ps.translation || !ps.stmt) return;
    const key = this.catalogKey();
    if (key !== undefined && key === ps.catalogKey) return;
    const before = ps.paramTypes.length;
    this.describeStatement(ps);
    if (ps.paramTypes.length !== before) {
      throw new PgError(SQLSTATE.FEATURE_NOT_SUPPORTED, 'cached plan must not change result type');
    }
  }

  runSimple(stmt: ParsedStatement, opts: { autocommit: boolean }): Promise<StatementOutcome> {
    return this.run(stmt, null, {}, [], { autocommit: opts.autocommit, offsets: false });
  }

  async run(
    stmt: ParsedStatement,
    ps: PreparedStatement | null,
    params: Record<string, unknown>,
    formats: number[],
    opts: { autocommit: boolean; offsets: boolean },
  ): Promise<StatementOutcome> {
    const session = this.session;
    const ex = session.executor;
    if (ex.status === 'failed' && !endsBlock(stmt)) throw abortedError();
    if (!ex.inBlock) this.txnStart = nowMicros();
    if (UTILITY_KINDS.has(stmt.kind)) {
      const wasIdle = !ex.inBlock;
      const u = await runUtility(session, stmt);
      if (wasIdle && ex.inBlock) this.txnStart = nowMicros();
      if (!u.columns) return { tag: u.tag, columns: null, result: { rowCount: 0, data: null } };
      const fmts = formats.length ? formats : u.columns.map(() => 0);
      const enc = new RowEncoder(
        u.columns.map((c) => c.typeOid),
        fmts,
        session.settings.codec(),
      );
      const w = new MessageWriter(256);
      for (const row of u.rows ?? []) enc.write(w, row);
      const n = u.rows?.length ?? 0;
      return { tag: `${u.tag}`, columns: u.columns, result: { rowCount: n, data: w.take(), offsets: undefined } };
    }
    if (stmt.kind === 'CopyStmt') {
      const copy = CopyIn.start(
        stmt.node.CopyStmt,
        ex.catalog(),
        session.settings.searchPath(),
        ex,
        session.settings.codec(),
        session.output.w,
        () => this.sessionValues(['now', 'user', 'database', 'pid', 'schema']),
      );
      return { tag: 'COPY', columns: null, result: { rowCount: 0, data: null }, copy };
    }
    let tr = ps?.translation;
    if (!tr) tr = this.translate(stmt, []);
    let all = tr.sessionParams.length === 0 ? params : Object.assign(this.sessionValues(tr.sessionParams), params);
    if (tr.literalParams !== undefined && isShaped(stmt)) all = { ...all, ...stmt.shape.params };
    if (tr.setConfig) {
      await applySetConfig(session, tr.setConfig, all);
      // The statement reads the settings as its set_config() calls left them.
      all = { ...all, ...this.sessionValues(tr.sessionParams) };
    }
    const formatsFull = tr.columns ? (formats.length ? formats : tr.columns.map(() => 0)) : [];
    // reg columns asked in binary are sent as OIDs, not names (see regFormatSql).
    const regSql = tr.regWrap && formats.includes(1) ? regFormatSql(tr.regWrap, formatsFull) : undefined;
    // The statement itself is last (data-modifying CTEs run statements before it).
    if (regSql) tr = { ...tr, sql: [...tr.sql.slice(0, -1), regSql] };
    const timeoutMs = session.settings.statementTimeoutMs();
    const timer = timeoutMs > 0 ? setTimeout(() => ex.cancel(CANCEL_TIMEOUT), timeoutMs) : undefined;
    let result: ExecResult;
    try {
      result = await ex.run(tr, all, {
        formats: formatsFull,
        offsets: opts.offsets,
        codec: session.settings.codec(),
        autocommit: opts.autocommit,
      });
    } finally {
      if (timer) clearTimeout(timer);
    }
    if (tr.notices) for (const n of tr.notices) session.notice(n.code, n.message, n.severity);
    return { tag: commandTag(tr, result.rowCount), columns: tr.columns, result };
  }

  private sessionValues(names: readonly string[]): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const s = this.session;
    for (const n of names) {
      switch (n) {
        case 'now':
          out.__now = this.txnStart || nowMicros();
          break;
        case 'user':
          out.__user = s.startup.user;
          break;
        case 'database':
          out.__database = s.startup.database;
          break;
        case 'pid':
          out.__pid = s.processId;
          break;
        case 'schema':
          out.__schema = s.settings.searchPath()[0] ?? null;
          break;
        case 'gucs':
          // pg_settings rows: [name, setting, source, reset_val] per setting.
          out.__gucs = JSON.stringify(s.settings.describe());
          break;
        case 'settings':
          out.__settings = JSON.stringify(
            Object.fromEntries(s.settings.all().map((x) => [x.name.toLowerCase(), x.setting])),
          );
          break;
      }
    }
    return out;
  }
}

function textColumn(name: string): ResultColumn {
  return { name, typeOid: OID.text, typmod: -1, tableOid: 0, attnum: 0 };
}
