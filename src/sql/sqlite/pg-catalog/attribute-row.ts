/** One pg_attribute row (its 26 columns in PG 15's order) from the fields that vary; the rest as PG has them. */
import type { Value } from './relations.js';

export interface AttributeFields {
  relid: number;
  name: string;
  type: number;
  /** attstattarget: -1 (default) for ordinary columns, 0 for system columns. */
  statTarget: number;
  len: number;
  attnum: number;
  ndims: number;
  typmod: number;
  byval: boolean;
  align: string;
  storage: string;
  notNull: boolean;
  hasDefault?: boolean;
  /** attidentity: 'a', 'd' or ''. */
  identity?: string;
  collation: number;
}

export function attributeRow(a: AttributeFields): Value[] {
  return [
    a.relid,
    a.name,
    a.type,
    a.statTarget,
    a.len,
    a.attnum,
    a.ndims,
    -1, // attcacheoff
    a.typmod,
    a.byval,
    a.align,
    a.storage,
    '', // attcompression
    a.notNull,
    a.hasDefault ?? false,
    false, // atthasmissing
    a.identity ?? '',
    '', // attgenerated
    false, // attisdropped
    true, // attislocal
    0, // attinhcount
    a.collation,
    null, // attacl
    null, // attoptions
    null, // attfdwoptions
    null, // attmissingval
  ];
}
