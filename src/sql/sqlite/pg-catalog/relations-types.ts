/**
 * Catalogs of the type system beyond pg_type (kept apart from relations.ts, which holds the relation catalogs).
 * pg_range: PostgreSQL 15's built-in range types; drivers read it at connect time (Sequelize maps range and
 * array OIDs from it), so it must exist and list the ranges pg_type has.
 */
import { OID } from '../../../../protocol/types/oids.js';
import type { RelationDef } from './relations.js';

const o = OID.oid;
const rp = OID.regproc;

export const TYPE_RELATIONS: Record<string, RelationDef> = {
  pg_range: {
    columns: [
      ['rngtypid', o],
      ['rngsubtype', o],
      ['rngmultitypid', o],
      ['rngcollation', o],
      ['rngsubopc', o],
      ['rngcanonical', rp],
      ['rngsubdiff', rp],
    ],
    rows: () => [
      [3904, 23, 4451, 0, 1978, 'int4range_canonical', 'int4range_subdiff'],
      [3906, 1700, 4532, 0, 3125, '-', 'numrange_subdiff'],
      [3908, 1114, 4533, 0, 3128, '-', 'tsrange_subdiff'],
      [3910, 1184, 4534, 0, 3127, '-', 'tstzrange_subdiff'],
      [3912, 1082, 4535, 0, 3122, 'daterange_canonical', 'daterange_subdiff'],
      [3926, 20, 4536, 0, 3124, 'int8range_canonical', 'int8range_subdiff'],
    ],
    fixed: true,
  },
};
