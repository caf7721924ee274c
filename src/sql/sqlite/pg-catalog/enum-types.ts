/**
 * Enum types in the system catalogs: their pg_type rows (typtype 'e', category 'E', and the array type PG
 * creates with each type), pg_enum rows (one per label) and COMMENT ON TYPE in pg_description.
 */
import type { Catalog } from '../../../catalog/catalog.js';
import { CLASS, namespaceOid, POSTGRES_ROLE } from './model.js';

type Row = (string | number | boolean | null)[];

/** pg_type rows (its 32 columns in order), as PG 15 fills them for CREATE TYPE ... AS ENUM. */
export function enumTypeRows(catalog: Catalog): Row[] {
  const out: Row[] = [];
  // typnotnull, typbasetype, typtypmod, typndims, typcollation, typdefaultbin, typdefault, typacl
  const tail = [false, 0, -1, 0, 0, null, null, null];
  for (const e of catalog.enums()) {
    const nsp = namespaceOid(catalog, e.schema);
    const io = (kind: string) => ['in', 'out', 'recv', 'send'].map((f) => `${kind}_${f}`);
    // oid, typname, typnamespace, typowner, typlen, typbyval, typtype, typcategory, typispreferred,
    // typisdefined, typdelim, typrelid, typsubscript, typelem, typarray, typinput/output/receive/send,
    // typmodin, typmodout, typanalyze, typalign, typstorage, then `tail`.
    out.push([
      e.oid,
      e.name,
      nsp,
      POSTGRES_ROLE,
      4,
      true,
      'e',
      'E',
      false,
      true,
      ',',
      0,
      '-',
      0,
      e.arrayOid,
      ...io('enum'),
      '-',
      '-',
      '-',
      'i',
      'p',
      ...tail,
    ]);
    out.push([
      e.arrayOid,
      `_${e.name}`.slice(0, 63),
      nsp,
      POSTGRES_ROLE,
      -1,
      false,
      'b',
      'A',
      false,
      true,
      ',',
      0,
      'array_subscript_handler',
      e.oid,
      0,
      ...io('array'),
      '-',
      '-',
      'array_typanalyze',
      'i',
      'x',
      ...tail,
    ]);
  }
  return out;
}

/** pg_enum rows: oid, enumtypid, enumsortorder, enumlabel; in the order labels were added, as PG stores them. */
export function enumLabelRows(catalog: Catalog): Row[] {
  return catalog
    .enums()
    .flatMap((e) => e.labels.map((l) => [l.oid, e.oid, l.sortOrder, l.label]))
    .sort((a, b) => (a[0] as number) - (b[0] as number));
}

/** pg_description rows of commented types. */
export function enumDescriptionRows(catalog: Catalog): Row[] {
  return catalog
    .enums()
    .filter((e) => e.comment !== undefined)
    .map((e) => [e.oid, CLASS.pg_type, 0, e.comment as string]);
}
