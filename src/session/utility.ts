/**
 * Statements the session answers itself: transaction control, SET/SHOW/RESET, DISCARD, DEALLOCATE.
 * They never reach the SQL translator.
 */
import { PgError, SQLSTATE } from '../../protocol/errors.js';
import { OID } from '../../protocol/types/oids.js';
import type { Node, ParsedStatement } from '../sql/parse.js';
import type { ResultColumn } from '../sql/sqlite/translation.js';
import type { Executor } from './executor.js';
import type { Settings } from './settings.js';

export const UTILITY_KINDS = new Set([
  'TransactionStmt',
  'VariableSetStmt',
  'VariableShowStmt',
  'DiscardStmt',
  'DeallocateStmt',
  'CheckPointStmt',
]);

export interface UtilityResult {
  tag: string;
  columns?: ResultColumn[];
  rows?: string[][];
}

export interface UtilityContext {
  settings: Settings;
  executor: Executor;
  notice(code: string, message: string, severity?: 'WARNING' | 'NOTICE'): void;
  deallocate(name: string | null): void;
  discardAll(): void;
}

function constText(n: Node): string {
  const c = n?.A_Const;
  if (c) {
    if (c.sval) return c.sval.sval ?? '';
    if (c.ival) return String(c.ival.ival ?? 0);
    if (c.fval) return c.fval.fval;
    if (c.boolval) return c.boolval.boolval ? 'on' : 'off';
    if (c.isnull) return '';
  }
  if (n?.TypeCast) return constText(n.TypeCast.arg);
  if (n?.String) return n.String.sval;
  throw new PgError(SQLSTATE.SYNTAX_ERROR, 'syntax error in SET value');
}

/** Transaction options from BEGIN / SET TRANSACTION: isolation level and read-only flag. */
function txnOptions(options: Node[] | undefined, settings: Settings): { isolation: string; readOnly: boolean } {
  let isolation = settings.get('default_transaction_isolation');
  let readOnly = settings.get('default_transaction_read_only') === 'on';
  for (const o of options ?? []) {
    const d = o.DefElem;
    if (d.defname === 'transaction_isolation') isolation = constText(d.arg);
    else if (d.defname === 'transaction_read_only') readOnly = constText(d.arg) === '1' || constText(d.arg) === 'on';
  }
  return { isolation, readOnly };
}

function textColumn(name: string): ResultColumn {
  return { name, typeOid: OID.text, typmod: -1, tableOid: 0, attnum: 0 };
}

export async function runUtility(ctx: UtilityContext, stmt: ParsedStatement): Promise<UtilityResult> {
  const node = stmt.node[stmt.kind];
  switch (stmt.kind) {
    case 'TransactionStmt':
      return transaction(ctx, node);
    case 'VariableSetStmt':
      return variableSet(ctx, node);
    case 'VariableShowStmt': {
      const name: string = node.name;
      if (name === 'all') {
        return {
          tag: 'SHOW',
          columns: [textColumn('name'), textColumn('setting'), textColumn('description')],
          rows: ctx.settings.all().map((s) => [s.name, s.setting, '']),
        };
      }
      if (name === 'transaction_isolation') {
        return {
          tag: 'SHOW',
          columns: [textColumn(name)],
          rows: [[ctx.executor.inBlock ? ctx.executor.isolation : ctx.settings.get('default_transaction_isolation')]],
        };
      }
      if (name === 'transaction_read_only') {
        return { tag: 'SHOW', columns: [textColumn(name)], rows: [[ctx.executor.readOnly ? 'on' : 'off']] };
      }
      const value = ctx.settings.get(name);
      const canonical = ctx.settings.all().find((s) => s.name.toLowerCase() === name.toLowerCase())?.name ?? name;
      return { tag: 'SHOW', columns: [textColumn(canonical)], rows: [[value]] };
    }
    case 'DiscardStmt':
      if (ctx.executor.inBlock) {
        throw new PgError(SQLSTATE.ACTIVE_SQL_TRANSACTION, 'DISCARD ALL cannot run inside a transaction block');
      }
      if (node.target === 'DISCARD_ALL') ctx.discardAll();
      return {
        tag:
          node.target === 'DISCARD_ALL'
            ? 'DISCARD ALL'
            : node.target === 'DISCARD_PLANS'
              ? 'DISCARD PLANS'
              : node.target === 'DISCARD_SEQUENCES'
                ? 'DISCARD SEQUENCES'
                : 'DISCARD TEMP',
      };
    case 'DeallocateStmt':
      ctx.deallocate(node.isall ? null : node.name);
      return { tag: node.isall ? 'DEALLOCATE ALL' : 'DEALLOCATE' };
    case 'CheckPointStmt':
      return { tag: 'CHECKPOINT' };
    default:
      throw new PgError(SQLSTATE.FEATURE_NOT_SUPPORTED, `${stmt.kind} is not supported`);
  }
}

async function transaction(ctx: UtilityContext, node: Node): Promise<UtilityResult> {
  const ex = ctx.executor;
  switch (node.kind) {
    case 'TRANS_STMT_BEGIN':
    case 'TRANS_STMT_START': {
      if (ex.inBlock) {
        ctx.notice(SQLSTATE.ACTIVE_SQL_TRANSACTION, 'there is already a transaction in progress', 'WARNING');
        return { tag: node.kind === 'TRANS_STMT_BEGIN' ? 'BEGIN' : 'START TRANSACTION' };
      }
      const o = txnOptions(node.options, ctx.settings);
      // An implicit block (multi-statement Query) that already wrote keeps its SQLite transaction: it becomes this block.
      ex.begin(o.isolation, o.readOnly);
      ctx.settings.beginTransaction();
      return { tag: node.kind === 'TRANS_STMT_BEGIN' ? 'BEGIN' : 'START TRANSACTION' };
    }
    case 'TRANS_STMT_COMMIT':
    case 'TRANS_STMT_ROLLBACK': {
      const wantCommit = node.kind === 'TRANS_STMT_COMMIT';
      if (!ex.inBlock) {
        if (node.chain) {
          throw new PgError(
            SQLSTATE.NO_ACTIVE_SQL_TRANSACTION,
            `${wantCommit ? 'COMMIT' : 'ROLLBACK'} AND CHAIN can only be used in transaction blocks`,
          );
        }
        ctx.notice(SQLSTATE.NO_ACTIVE_SQL_TRANSACTION, 'there is no transaction in progress', 'WARNING');
        if (ex.implicit) await ex.end(wantCommit);
        return { tag: wantCommit ? 'COMMIT' : 'ROLLBACK' };
      }
      const { isolation, readOnly } = ex;
      const committed = await ex.end(wantCommit);
      ctx.settings.endTransaction(committed);
      if (node.chain) {
        ex.begin(isolation, readOnly);
        ctx.settings.beginTransaction();
      }
      return { tag: committed || !wantCommit ? (wantCommit ? 'COMMIT' : 'ROLLBACK') : 'ROLLBACK' };
    }
    case 'TRANS_STMT_SAVEPOINT':
      if (!ex.inBlock)
        throw new PgError(SQLSTATE.NO_ACTIVE_SQL_TRANSACTION, 'SAVEPOINT can only be used in transaction blocks');
      await ex.savepoint(node.savepoint_name);
      return { tag: 'SAVEPOINT' };
    case 'TRANS_STMT_RELEASE':
      if (!ex.inBlock)
        throw new PgError(
          SQLSTATE.NO_ACTIVE_SQL_TRANSACTION,
          'RELEASE SAVEPOINT can only be used in transaction blocks',
        );
      await ex.release(node.savepoint_name);
      return { tag: 'RELEASE' };
    case 'TRANS_STMT_ROLLBACK_TO':
      if (!ex.inBlock)
        throw new PgError(
          SQLSTATE.NO_ACTIVE_SQL_TRANSACTION,
          'ROLLBACK TO SAVEPOINT can only be used in transaction blocks',
        );
      await ex.rollbackTo(node.savepoint_name);
      return { tag: 'ROLLBACK' };
    default:
      throw new PgError(SQLSTATE.FEATURE_NOT_SUPPORTED, 'prepared transactions (two-phase commit) are not supported');
  }
}

function variableSet(ctx: UtilityContext, node: Node): UtilityResult {
  const s = ctx.settings;
  const ex = ctx.executor;
  switch (node.kind) {
    case 'VAR_SET_VALUE': {
      const name: string = node.name;
      const value = (node.args ?? []).map(constText).join(', ');
      if (name === 'transaction_isolation' || name === 'transaction_read_only') {
        applyTxnSetting(ctx, name, value);
        return { tag: 'SET' };
      }
      s.set(name, value, { local: node.is_local, inTransaction: ex.inBlock });
      if (node.is_local && !ex.inBlock) {
        ctx.notice(SQLSTATE.NO_ACTIVE_SQL_TRANSACTION, 'SET LOCAL can only be used in transaction blocks', 'WARNING');
      }
      return { tag: 'SET' };
    }
    case 'VAR_SET_DEFAULT':
      s.reset(node.name);
      return { tag: 'SET' };
    case 'VAR_RESET':
      s.reset(node.name);
      return { tag: 'RESET' };
    case 'VAR_RESET_ALL':
      s.resetAll();
      return { tag: 'RESET' };
    case 'VAR_SET_MULTI': {
      const o = txnOptions(node.args, s);
      if (node.name === 'TRANSACTION') {
        if (!ex.inBlock) {
          ctx.notice(
            SQLSTATE.NO_ACTIVE_SQL_TRANSACTION,
            'SET TRANSACTION can only be used in transaction blocks',
            'WARNING',
          );
        } else {
          for (const a of node.args ?? []) applyTxnSetting(ctx, a.DefElem.defname, constText(a.DefElem.arg));
        }
      } else {
        for (const a of node.args ?? []) {
          const d = a.DefElem;
          if (d.defname === 'transaction_isolation') s.set('default_transaction_isolation', o.isolation);
          if (d.defname === 'transaction_read_only') s.set('default_transaction_read_only', o.readOnly ? 'on' : 'off');
        }
      }
      return { tag: 'SET' };
    }
    default:
      throw new PgError(SQLSTATE.FEATURE_NOT_SUPPORTED, `SET ${node.kind} is not supported`);
  }
}

function applyTxnSetting(ctx: UtilityContext, name: string, value: string): void {
  const ex = ctx.executor;
  if (!ex.inBlock) return;
  if (name === 'transaction_isolation') {
    const v = value.toLowerCase();
    if (!['serializable', 'repeatable read', 'read committed', 'read uncommitted'].includes(v)) {
      throw new PgError(
        SQLSTATE.INVALID_PARAMETER_VALUE,
        `invalid value for parameter "transaction_isolation": "${value}"`,
      );
    }
    ex.isolation = v;
  } else {
    ex.readOnly = value === '1' || value === 'on' || value === 'true';
  }
}
