/**
 * One client session: the simple and extended query protocols (prepared statements, portals, row limits,
 * skip-to-Sync after errors), implicit and explicit transaction blocks, ReadyForQuery status, notices,
 * COPY FROM STDIN, cancel and statement_timeout.
 */
import {
  backendKeyData,
  bindComplete,
  closeComplete,
  commandComplete,
  emptyQueryResponse,
  errorResponse,
  noData,
  noticeResponse,
  parameterDescription,
  parameterStatus,
  parseComplete,
  portalSuspended,
  readyForQuery,
} from '../../protocol/backend.js';
import type { BackendOutput, SessionHandler, StartupInfo } from '../../protocol/connection.js';
import { toPgError } from '../../protocol/connection.js';
import { PgError, SQLSTATE } from '../../protocol/errors.js';
import type { FrontendMessage } from '../../protocol/frontend.js';
import { dropSessionTemp } from '../catalog/temp.js';
import type { SqliteEngine } from '../engines/sqlite/engine.js';
import { CANCEL_TIMEOUT, CANCEL_USER, type ExecResult } from '../engines/sqlite/job.js';
import type { ParsedStatement } from '../sql/parse.js';
import { parseStatements } from '../sql/shape/shape.js';
import type { CopyIn } from './copy-in.js';
import { abortedError } from './errors.js';
import { Executor } from './executor.js';
import { bindPortal, type Portal, type PreparedStatement, prepare, writeRowDescription } from './prepared.js';
import { Settings } from './settings.js';
import { endsBlock, type StatementOutcome, StatementRunner } from './statement.js';

export interface SessionEnv {
  engine: SqliteEngine;
  processId: number;
  secretKey: number;
  /** Server-wide default statement_timeout (ms, 0 = off). */
  statementTimeoutMs: number;
  onClose: () => void;
}

export class Session implements SessionHandler {
  readonly settings: Settings;
  readonly executor: Executor;
  private readonly runner: StatementRunner;
  private readonly statements = new Map<string, PreparedStatement>();
  private readonly portals = new Map<string, Portal>();
  /** After an error in the extended protocol, messages are discarded until Sync. */
  private skipToSync = false;
  private copy?: CopyIn;
  /** Statements of a simple Query still to run after a COPY finishes. */
  private pendingSimple?: { stmts: ParsedStatement[]; index: number };
  private closedFlag = false;
  /** While applying startup parameters: ParameterStatus is sent once, for all, afterwards. */
  private starting = true;

  constructor(
    readonly startup: StartupInfo,
    private readonly out: BackendOutput,
    private readonly env: SessionEnv,
  ) {
    this.settings = new Settings((name, value) => {
      if (!this.starting) parameterStatus(this.out.w, name, value);
    });
    this.executor = new Executor(env.engine, this);
    this.runner = new StatementRunner(this, env.engine);
  }

  get processId(): number {
    return this.env.processId;
  }

  /** Apply startup parameters, then greet: ParameterStatus, BackendKeyData, ReadyForQuery. */
  start(): void {
    const w = this.out.w;
    if (this.env.statementTimeoutMs > 0) {
      this.settings.set('statement_timeout', String(this.env.statementTimeoutMs), { startup: true });
    }
    for (const [name, value] of Object.entries(this.startup.params)) {
      if (name === 'options') this.applyOptions(value);
      else if (name === 'replication') {
        throw new PgError(SQLSTATE.FEATURE_NOT_SUPPORTED, 'replication connections are not supported', {
          severity: 'FATAL',
        });
      } else {
        try {
          this.settings.set(name, value, { startup: true });
        } catch (e) {
          const err = toPgError(e);
          throw new PgError(err.code, err.message, { severity: 'FATAL', hint: err.hint });
        }
      }
    }
    this.starting = false;
    parameterStatus(w, 'application_name', this.settings.get('application_name'));
    for (const name of Settings.reportedNames()) {
      if (name !== 'application_name') parameterStatus(w, name, this.settings.get(name));
    }
    backendKeyData(w, this.env.processId, this.env.secretKey);
    readyForQuery(w, 'I');
    this.out.flush();
  }

  /** `options=-c name=value --name=value` from the startup packet. */
  private applyOptions(options: string): void {
    const parts = options.match(/(?:\\.|\S)+/g) ?? [];
    for (let i = 0; i < parts.length; i++) {
      let p = parts[i].replace(/\\(.)/g, '$1');
      if (p === '-c') p = (parts[++i] ?? '').replace(/\\(.)/g, '$1');
      else if (p.startsWith('-c')) p = p.slice(2);
      else if (p.startsWith('--')) p = p.slice(2);
      else continue;
      const eq = p.indexOf('=');
      if (eq > 0) this.settings.set(p.slice(0, eq).replace(/-/g, '_'), p.slice(eq + 1), { startup: true });
    }
  }

  handle(msg: FrontendMessage): void | Promise<void> {
    if (this.copy) return this.handleCopy(msg);
    switch (msg.type) {
      case 'Query':
        return this.simpleQuery(msg.sql);
      case 'Sync':
        return this.sync();
      case 'Flush':
        this.out.flush();
        return;
      case 'FunctionCall':
        this.sendError(
          new PgError(SQLSTATE.FEATURE_NOT_SUPPORTED, 'the fastpath function call protocol is not supported'),
        );
        this.ready();
        return;
      case 'CopyData':
      case 'CopyDone':
        // PG ignores these outside COPY (a client may still be sending after an error ended the COPY).
        return;
      case 'CopyFail':
        return;
      case 'Invalid':
        if (msg.messageType === 0x51) {
          this.sendError(msg.error);
          this.ready();
          return;
        }
        return this.extendedError(msg.error);
      default:
        if (this.skipToSync) return;
        return this.extended(msg);
    }
  }

  private extended(msg: FrontendMessage): void | Promise<void> {
    try {
      switch (msg.type) {
        case 'Parse':
          return this.parse(msg.name, msg.sql, msg.paramTypes);
        case 'Bind':
          return this.bind(msg);
        case 'Describe':
          return this.describe(msg.kind, msg.name);
        case 'Execute':
          return this.execute(msg.portal, msg.maxRows).catch((e) => this.extendedError(e));
        case 'Close':
          if (msg.kind === 'S') {
            if (msg.name === '' || this.statements.has(msg.name)) this.statements.delete(msg.name);
          } else this.portals.delete(msg.name);
          closeComplete(this.out.w);
          return;
        default:
          throw new PgError(SQLSTATE.PROTOCOL_VIOLATION, `unexpected message ${msg.type}`);
      }
    } catch (e) {
      return this.extendedError(e);
    }
  }

  private async extendedError(e: unknown): Promise<void> {
    this.sendError(e);
    this.skipToSync = true;
    await this.executor.fail();
  }

  private parse(name: string, sql: string, paramTypes: number[]): void {
    if (name !== '' && this.statements.has(name)) {
      throw new PgError(SQLSTATE.DUPLICATE_PREPARED_STATEMENT, `prepared statement "${name}" already exists`);
    }
    if (this.executor.status === 'failed') {
      // Like PG: in a failed transaction only COMMIT/ROLLBACK may even be parsed.
      const stmts = parseStatements(sql);
      if (stmts.length !== 1 || !endsBlock(stmts[0])) throw abortedError();
    }
    const ps = prepare(name, sql, paramTypes, this.runner);
    this.statements.set(name, ps);
    parseComplete(this.out.w);
  }

  private bind(msg: Extract<FrontendMessage, { type: 'Bind' }>): void {
    const ps = this.statements.get(msg.statement);
    if (!ps) {
      throw new PgError(SQLSTATE.UNDEFINED_PSTATEMENT, `prepared statement "${msg.statement}" does not exist`);
    }
    if (msg.portal !== '' && this.portals.has(msg.portal)) {
      throw new PgError(SQLSTATE.DUPLICATE_CURSOR, `cursor "${msg.portal}" already exists`);
    }
    if (this.executor.status === 'failed' && !ps.endsBlock) throw abortedError();
    const portal = bindPortal(msg.portal, ps, msg, this.settings.codec(), this.runner);
    this.portals.set(msg.portal, portal);
    bindComplete(this.out.w);
  }

  private describe(kind: 'S' | 'P', name: string): void {
    const w = this.out.w;
    if (kind === 'S') {
      const ps = this.statements.get(name);
      if (!ps) throw new PgError(SQLSTATE.UNDEFINED_PSTATEMENT, `prepared statement "${name}" does not exist`);
      this.runner.refresh(ps);
      parameterDescription(w, ps.paramTypes);
      if (ps.columns) writeRowDescription(w, ps.columns, []);
      else noData(w);
      return;
    }
    const portal = this.portals.get(name);
    if (!portal) throw new PgError(SQLSTATE.INVALID_CURSOR_NAME, `portal "${name}" does not exist`);
    if (portal.columns) writeRowDescription(w, portal.columns, portal.formats);
    else noData(w);
  }

  private async execute(name: string, maxRows: number): Promise<void> {
    const portal = this.portals.get(name);
    if (!portal) throw new PgError(SQLSTATE.INVALID_CURSOR_NAME, `portal "${name}" does not exist`);
    const w = this.out.w;
    if (!portal.outcome) {
      if (portal.prepared.stmt === null) {
        emptyQueryResponse(w);
        return;
      }
      const autocommit = !this.executor.inBlock && this.out.peekNext() === 'Sync';
      if (!this.executor.inBlock && !autocommit) this.executor.implicit = true;
      const outcome = await this.runner.run(portal.prepared.stmt, portal.prepared, portal.params, portal.formats, {
        autocommit,
        offsets: maxRows > 0,
      });
      if (outcome.copy) {
        this.copy = outcome.copy;
        return;
      }
      portal.outcome = outcome;
      portal.sent = 0;
    }
    const o = portal.outcome as StatementOutcome;
    const total = o.result.rowCount;
    if (o.result.data && o.columns) {
      const from = portal.sent ?? 0;
      const to = maxRows > 0 ? Math.min(total, from + maxRows) : total;
      sendRows(this, o.result, from, to);
      portal.sent = to;
      if (to < total) {
        portalSuspended(w);
        return this.flushIfLarge();
      }
      // A SELECT fetched in pieces reports the rows of its last Execute, as PG does.
      if (from > 0 && o.tag.startsWith('SELECT ')) {
        commandComplete(w, `SELECT ${to - from}`);
        return this.flushIfLarge();
      }
    }
    commandComplete(w, o.tag);
    return this.flushIfLarge();
  }

  /**
   * Like PG, output is sent at Sync, Flush or ReadyForQuery (one write per round trip), or earlier when
   * a large result has accumulated (and then we wait for the socket: backpressure).
   */
  private flushIfLarge(): Promise<void> | undefined {
    return this.out.w.length >= 65536 ? this.out.flush() : undefined;
  }

  private async sync(): Promise<void> {
    this.skipToSync = false;
    if (this.executor.implicit && !this.executor.inBlock) {
      try {
        await this.executor.end(true);
      } catch (e) {
        this.sendError(e);
      }
    }
    if (!this.executor.inBlock) this.portals.clear();
    this.ready();
  }

  private ready(): void {
    const s = this.executor.status;
    readyForQuery(this.out.w, s === 'idle' ? 'I' : s === 'active' ? 'T' : 'E');
    this.out.flush();
  }

  private simpleQuery(sql: string): Promise<void> | void {
    this.statements.delete('');
    this.portals.delete('');
    let stmts: ParsedStatement[];
    try {
      stmts = parseStatements(sql);
    } catch (e) {
      this.sendError(e);
      return this.afterSimpleError();
    }
    if (stmts.length === 0) {
      emptyQueryResponse(this.out.w);
      this.ready();
      return;
    }
    if (stmts.length > 1 && !this.executor.inBlock) this.executor.implicit = true;
    this.pendingSimple = { stmts, index: 0 };
    return this.continueSimple();
  }

  private async continueSimple(): Promise<void> {
    const p = this.pendingSimple;
    if (!p) return;
    const single = p.stmts.length === 1;
    while (p.index < p.stmts.length) {
      const stmt = p.stmts[p.index++];
      let outcome: StatementOutcome;
      try {
        outcome = await this.runner.runSimple(stmt, { autocommit: single && !this.executor.inBlock });
      } catch (e) {
        this.pendingSimple = undefined;
        this.sendError(e);
        return this.afterSimpleError();
      }
      if (outcome.copy) {
        this.copy = outcome.copy;
        this.out.flush();
        return;
      }
      if (outcome.columns) writeRowDescription(this.out.w, outcome.columns, []);
      if (outcome.result.data) sendRows(this, outcome.result, 0, outcome.result.rowCount);
      commandComplete(this.out.w, outcome.tag);
      const flushed = this.flushIfLarge();
      if (flushed) await flushed;
    }
    this.pendingSimple = undefined;
    if (this.executor.implicit && !this.executor.inBlock) {
      try {
        await this.executor.end(true);
      } catch (e) {
        this.sendError(e);
      }
    }
    this.ready();
  }

  private async afterSimpleError(): Promise<void> {
    await this.executor.fail();
    this.ready();
  }

  private async handleCopy(msg: FrontendMessage): Promise<void> {
    const copy = this.copy as CopyIn;
    try {
      switch (msg.type) {
        case 'CopyData':
          await copy.data(msg.data);
          return;
        case 'CopyDone': {
          const n = await copy.done();
          this.copy = undefined;
          commandComplete(this.out.w, `COPY ${n}`);
          break;
        }
        case 'CopyFail':
          this.copy = undefined;
          await copy.abort();
          throw new PgError(SQLSTATE.QUERY_CANCELED, `COPY from stdin failed: ${msg.message}`);
        case 'Flush':
        case 'Sync':
          return;
        default:
          this.copy = undefined;
          await copy.abort();
          throw new PgError(
            SQLSTATE.PROTOCOL_VIOLATION,
            `unexpected message type 0x${msg.type} during COPY from stdin`,
          );
      }
    } catch (e) {
      if (this.copy) {
        this.copy = undefined;
        await copy.abort();
      }
      this.sendError(e);
      if (this.pendingSimple) {
        this.pendingSimple = undefined;
        return this.afterSimpleError();
      }
      this.skipToSync = true;
      await this.executor.fail();
      return;
    }
    if (this.pendingSimple) return this.continueSimple();
    this.out.flush();
  }

  notice(code: string, message: string, severity: 'WARNING' | 'NOTICE' = 'NOTICE'): void {
    noticeResponse(this.out.w, { severity, code, message });
  }

  sendError(e: unknown): void {
    const err = toPgError(e);
    if (err.severity === 'FATAL') {
      this.out.fatal(err);
      return;
    }
    errorResponse(this.out.w, err.fields());
  }

  deallocate(name: string | null): void {
    if (name === null) {
      this.statements.clear();
      return;
    }
    if (!this.statements.delete(name)) {
      throw new PgError(SQLSTATE.UNDEFINED_PSTATEMENT, `prepared statement "${name}" does not exist`);
    }
  }

  discardAll(): void {
    this.statements.clear();
    this.portals.clear();
    this.settings.resetAll();
  }

  /** A CancelRequest with our key arrived, or statement_timeout fired. */
  cancel(timeout = false): void {
    this.executor.cancel(timeout ? CANCEL_TIMEOUT : CANCEL_USER);
  }

  closed(): void {
    if (this.closedFlag) return;
    this.closedFlag = true;
    void this.copy?.abort();
    this.executor.abandon();
    // After the abandoned transaction released the writer (the lock queue orders it).
    void dropSessionTemp(this.env.engine, this.processId);
    this.env.onClose();
  }

  /** The writer queue for DataRows (used by sendRows). */
  get output(): BackendOutput {
    return this.out;
  }
}

/** Copy DataRows [from, to) of a result into the output. */
function sendRows(session: Session, r: ExecResult, from: number, to: number): void {
  const data = r.data as Uint8Array;
  const w = session.output.w;
  if (from === 0 && to === r.rowCount) {
    w.bytes(data);
    return;
  }
  const offsets = r.offsets as number[];
  const start = offsets[from] ?? data.length;
  const end = to < offsets.length ? offsets[to] : data.length;
  w.bytes(data.subarray(start, end));
}
