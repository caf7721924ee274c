/**
 * Result columns whose SQL value is not yet what the client receives: reg columns (regclass...) stored as OIDs
 * and shown as names, and records (record.ts) stored as JSON arrays and sent as record_out text or record_send
 * binary. The top-level SELECT is wrapped so those columns are converted on the way out; which conversion
 * depends on the result format the client asks for at execution (regFormatSql).
 */
import { SQLSTATE } from '../../../protocol/errors.js';
import { OID } from '../../../protocol/types/oids.js';
import type { Node } from '../parse.js';
import { isOidReg, type RegWrap, regToText } from './pg-catalog/regtypes.js';
import { isRecordType, recordOutSql, recordSendSql, recordTypeOid } from './record.js';
import { quoteIdent } from './storage.js';
import type { Translator } from './translator.js';

interface Column {
  name: string;
  type: number;
  typmod: number;
  codecOid?: number;
}

/**
 * `r` with its reg and record columns converted for output; `translate(names)` re-translates the statement with
 * the given output names. Record columns are reported with PG's
 * type OID (record, record[], or a table's row type) and typmod -1; their values are sent as they come out of SQLite
 * (the record codecs pass text and bytes through).
 */
export function resultOutput<C extends Column>(
  t: Translator,
  node: Node,
  r: { sql: string; columns: C[] },
  translate: (names: string[]) => { sql: string },
): { sql: string; columns: C[]; regWrap?: RegWrap } {
  const converted = (c: Column) => isOidReg(c.type) || isRecordType(c.type);
  if (!r.columns.some(converted)) return r;
  // The wrapper refers to the columns by positional names, from a re-translation; data-modifying CTEs must not
  // be translated twice, so there it uses the columns' own names, when SQLite can tell them apart.
  let inner: string;
  let ref: (i: number) => string;
  const ctes: Node[] = node.withClause?.ctes ?? [];
  if (ctes.some((c) => !c.CommonTableExpr?.ctequery?.SelectStmt)) {
    if (!r.columns.some((c) => isRecordType(c.type))) return r;
    const lower = r.columns.map((c) => c.name.toLowerCase());
    if (new Set(lower).size !== lower.length)
      throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, 'record columns with duplicate names are not supported here', node);
    inner = r.sql;
    ref = (i) => quoteIdent(r.columns[i].name);
  } else {
    inner = translate(r.columns.map((_, i) => `__r${i}`)).sql;
    ref = (i) => `"__r${i}"`;
  }
  const col = (c: Column, i: number) => ({ sql: ref(i), type: c.type, typmod: c.typmod });
  const cols = r.columns.map((c, i) =>
    isOidReg(c.type) ? regToText(t, ref(i), c.type) : isRecordType(c.type) ? recordOutSql(t, col(c, i), node) : ref(i),
  );
  const binaryCols = r.columns.map((c, i) => (isRecordType(c.type) ? recordSendSql(t, col(c, i), node) : ref(i)));
  return {
    sql: `SELECT ${cols.join(', ')} FROM (${inner})`,
    columns: r.columns.map((c) =>
      isRecordType(c.type) ? { ...c, type: recordTypeOid(c.type, c.typmod), typmod: -1, codecOid: OID.record } : c,
    ),
    regWrap: { inner, cols, binaryCols },
  };
}
