/**
 * set_config(name, value, is_local) applies like SET / SET LOCAL (same validation, ParameterStatus, rollback).
 * The translator collects the calls' arguments (SQL without column references, see fn-catalog.ts); before the
 * statement runs, they are evaluated in one row and applied, so the statement's own set_config() results and any
 * later current_setting() see the new values.
 */
import { PgError } from '../../protocol/errors.js';
import { OID } from '../../protocol/types/oids.js';
import type { ResultColumn, Translation } from '../sql/sqlite/translation.js';
import type { Session } from './session.js';

/** The text values of the DataRow messages in `data`. */
function dataRowValues(data: Uint8Array): (string | null)[] {
  const b = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const out: (string | null)[] = [];
  let p = 0;
  while (p < b.length) {
    const end = p + 1 + b.readInt32BE(p + 1);
    const n = b.readInt16BE(p + 5);
    let q = p + 7;
    for (let i = 0; i < n; i++) {
      const len = b.readInt32BE(q);
      q += 4;
      out.push(len < 0 ? null : b.toString('utf8', q, q + len));
      if (len > 0) q += len;
    }
    p = end;
  }
  return out;
}

export async function applySetConfig(
  session: Session,
  setConfig: NonNullable<Translation['setConfig']>,
  params: Record<string, unknown>,
): Promise<void> {
  const ex = session.executor;
  const width = setConfig.calls * 3;
  const columns: ResultColumn[] = Array.from({ length: width }, (_, i) => ({
    name: `c${i}`,
    typeOid: OID.text,
    typmod: -1,
    tableOid: 0,
    attnum: 0,
  }));
  const tr: Translation = {
    tag: 'SELECT',
    tagHasCount: true,
    sql: [setConfig.sql],
    columns,
    paramTypes: [],
    paramTypmods: [],
    sessionParams: [],
    readOnly: true,
    blocking: false,
  };
  const r = await ex.run(tr, params, {
    formats: columns.map(() => 0),
    offsets: false,
    codec: session.settings.codec(),
    autocommit: false,
  });
  const v = r.data ? dataRowValues(r.data) : [];
  for (let i = 0; i + 2 < v.length; i += 3) {
    const [name, value, local] = [v[i], v[i + 1], v[i + 2]];
    if (name === null) throw new PgError('22004', 'SET requires parameter name');
    // PG: a NULL value resets the setting; set_config is not strict.
    if (value === null) session.settings.reset(name);
    else session.settings.set(name, value, { local: local === '1' || local === 't', inTransaction: ex.inBlock });
  }
}
