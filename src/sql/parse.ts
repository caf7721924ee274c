/**
 * The PostgreSQL grammar front end (libpg-query, WASM). Parse trees are cached by statement text so hot
 * statements (pgbench, ORMs, prepared statements) are never re-parsed.
 */
import { loadModule, parseSync } from 'libpg-query';
import { PgError, SQLSTATE } from '../../protocol/errors.js';

/** A parse-tree node: libpg-query's JSON, one key naming the node type. */
export type Node = any;

export interface ParsedStatement {
  /** The statement node, e.g. `{ SelectStmt: {...} }`. */
  node: Node;
  /** Node type name, e.g. 'SelectStmt'. */
  kind: string;
  /** The statement's own text within the query string. */
  text: string;
  /** 0-based offset of `text` in the original query string (for error positions). */
  offset: number;
}

let loaded: Promise<void> | undefined;

export function initParser(): Promise<void> {
  loaded ??= loadModule();
  return loaded;
}

const CACHE_LIMIT = 4096;
const cache = new Map<string, ParsedStatement[]>();

/** Parse a query string into its statements (several when sent in one simple Query). */
export function parseQuery(sql: string): ParsedStatement[] {
  const hit = cache.get(sql);
  if (hit) return hit;
  // libpg-query refuses "" outright; PG answers it with EmptyQueryResponse like any blank query.
  if (sql === '') return [];
  let result: { stmts?: { stmt: Node; stmt_location?: number; stmt_len?: number }[] };
  try {
    result = parseSync(sql) as typeof result;
  } catch (e) {
    throw toSyntaxError(e);
  }
  const stmts: ParsedStatement[] = [];
  for (const s of result.stmts ?? []) {
    const offset = s.stmt_location ?? 0;
    const text = s.stmt_len ? sql.slice(offset, offset + s.stmt_len) : sql.slice(offset);
    const kind = Object.keys(s.stmt)[0];
    stmts.push({ node: s.stmt, kind, text: text.trim(), offset });
  }
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(sql, stmts);
  return stmts;
}

function toSyntaxError(e: unknown): PgError {
  const details = (e as { sqlDetails?: { message: string; cursorPosition: number } }).sqlDetails;
  const message = details?.message ?? (e instanceof Error ? e.message : String(e));
  const position = details ? details.cursorPosition + 1 : undefined;
  let code: string = SQLSTATE.SYNTAX_ERROR;
  if (/unterminated|invalid/.test(message) && !/syntax error/.test(message)) code = SQLSTATE.SYNTAX_ERROR;
  if (/^invalid byte sequence for encoding/.test(message)) code = SQLSTATE.CHARACTER_NOT_IN_REPERTOIRE;
  return new PgError(code, message, { position });
}
