/**
 * pg_extension and the views over the extensions a server can install (pg_available_extensions,
 * pg_available_extension_versions), kept apart from relations.ts. They list what Lumos provides (extension.ts),
 * not PG's whole contrib directory, so a tool that checks availability before CREATE EXTENSION is told the truth.
 */
import { OID } from '../../../../protocol/types/oids.js';
import type { Catalog } from '../../../catalog/catalog.js';
import { AVAILABLE_EXTENSIONS, PLPGSQL_EXTENSION_OID } from '../extension.js';
import { namespaceOid, PG_CATALOG_NSP, POSTGRES_ROLE } from './model.js';
import type { RelationDef, Value } from './relations.js';

/** pg_extension's own OID: pg_description.classoid of extension comments. */
const PG_EXTENSION_CLASS = 3079;

const b = OID.bool;
const n = OID.name;
const tx = OID.text;

/** Installed extensions as [name, version, schema OID, oid]: plpgsql (initdb's) first, then in creation order. */
function installed(catalog: Catalog): [string, string, number, number][] {
  return [
    ['plpgsql', '1.0', PG_CATALOG_NSP, PLPGSQL_EXTENSION_OID],
    ...catalog
      .extensions()
      .sort((x, y) => x.oid - y.oid)
      .map((e): [string, string, number, number] => [e.name, e.version, namespaceOid(catalog, e.schema), e.oid]),
  ];
}

function installedVersion(catalog: Catalog, name: string): string | null {
  return name === 'plpgsql' ? '1.0' : (catalog.extension(name)?.version ?? null);
}

export const EXTENSION_RELATIONS: Record<string, RelationDef> = {
  pg_extension: {
    columns: [
      ['oid', OID.oid],
      ['extname', n],
      ['extowner', OID.oid],
      ['extnamespace', OID.oid],
      ['extrelocatable', b],
      ['extversion', tx],
      ['extconfig', OID._oid],
      ['extcondition', OID._text],
    ],
    rows: (_m, catalog) =>
      installed(catalog).map(([name, version, nsp, oid]) => [
        oid,
        name,
        POSTGRES_ROLE,
        nsp,
        AVAILABLE_EXTENSIONS.find((e) => e.name === name)?.relocatable ?? false,
        version,
        null,
        null,
      ]),
  },
  pg_available_extensions: {
    columns: [
      ['name', n],
      ['default_version', tx],
      ['installed_version', tx],
      ['comment', tx],
    ],
    rows: (_m, catalog) =>
      AVAILABLE_EXTENSIONS.map((e) => [e.name, e.version, installedVersion(catalog, e.name), e.comment]),
  },
  pg_available_extension_versions: {
    columns: [
      ['name', n],
      ['version', tx],
      ['installed', b],
      ['superuser', b],
      ['trusted', b],
      ['relocatable', b],
      ['schema', n],
      ['requires', OID._name],
      ['comment', tx],
    ],
    rows: (_m, catalog) =>
      AVAILABLE_EXTENSIONS.map((e) => [
        e.name,
        e.version,
        installedVersion(catalog, e.name) === e.version,
        e.superuser,
        e.trusted,
        e.relocatable,
        e.schema,
        null,
        e.comment,
      ]),
  },
};

/** pg_description rows of the installed extensions (CREATE EXTENSION sets the control file's comment). */
export function extensionDescriptionRows(catalog: Catalog): Value[][] {
  const rows: Value[][] = [[PLPGSQL_EXTENSION_OID, PG_EXTENSION_CLASS, 0, 'PL/pgSQL procedural language']];
  for (const e of catalog.extensions())
    if (e.comment !== undefined) rows.push([e.oid, PG_EXTENSION_CLASS, 0, e.comment]);
  return rows;
}
