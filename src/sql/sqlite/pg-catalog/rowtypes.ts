/**
 * The row types PostgreSQL creates with every table and view (pg_class.reltype, typtype 'c') and their array
 * types, as pg_type rows. Lumos has no OIDs for them, so they get stable synthetic ones derived from the
 * relation's OID (clients such as pgjdbc's getUDTs and getTypeInfo list them by name).
 */
import { hashOid, type Model, POSTGRES_ROLE } from './model.js';

export function rowTypeOid(relOid: number): number {
  return hashOid(`rowtype:${relOid}`);
}

export function rowArrayTypeOid(relOid: number): number {
  return hashOid(`rowtype[]:${relOid}`);
}

/** pg_type rows (its 32 columns in order) of the row types of user tables and views. */
export function rowTypeRows(m: Model): (string | number | boolean | null)[][] {
  const out: (string | number | boolean | null)[][] = [];
  for (const r of m.relations) {
    if (r.kind !== 'r' && r.kind !== 'v') continue;
    const row = rowTypeOid(r.oid);
    const arr = rowArrayTypeOid(r.oid);
    const common = [POSTGRES_ROLE, -1, false] as const;
    out.push([
      row,
      r.name,
      r.nsp,
      ...common,
      'c',
      'C',
      false,
      true,
      ',',
      r.oid,
      '-',
      0,
      arr,
      'record_in',
      'record_out',
      'record_recv',
      'record_send',
      '-',
      '-',
      '-',
      'd',
      'x',
      false,
      0,
      -1,
      0,
      0,
      null,
      null,
      null,
    ]);
    out.push([
      arr,
      `_${r.name}`.slice(0, 63),
      r.nsp,
      ...common,
      'b',
      'A',
      false,
      true,
      ',',
      0,
      'array_subscript_handler',
      row,
      0,
      'array_in',
      'array_out',
      'array_recv',
      'array_send',
      '-',
      '-',
      'array_typanalyze',
      'd',
      'x',
      false,
      0,
      -1,
      0,
      0,
      null,
      null,
      null,
    ]);
  }
  return out;
}
