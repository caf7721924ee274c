/**
 * The extensions Lumos can install (CREATE EXTENSION, see ddl-extension.ts) and the functions they bring. An
 * extension's functions are Lumos code registered here by its fn-*.ts module; a call resolves to one only
 * while the extension is installed in the database, through the schema it was created in (qualified calls and
 * search_path, like PG). Translations depend on the catalog, so they are cached per catalog version.
 */
import type { Node } from '../parse.js';
import type { ScalarFn } from './fn-registry.js';
import type { Translator } from './translator.js';

/** What PG reads from an extension's control file (pg_available_extension_versions). */
export interface AvailableExtension {
  name: string;
  /** default_version: the only version Lumos has (PG 15's contrib versions). */
  version: string;
  comment: string;
  relocatable: boolean;
  superuser: boolean;
  trusted: boolean;
  /** Fixed schema of a non-relocatable extension. */
  schema: string | null;
}

/** In pg_available_extensions' order on PG 15 (the order of the control files' directory scan). */
export const AVAILABLE_EXTENSIONS: readonly AvailableExtension[] = [
  {
    name: 'uuid-ossp',
    version: '1.1',
    comment: 'generate universally unique identifiers (UUIDs)',
    relocatable: true,
    superuser: true,
    trusted: true,
    schema: null,
  },
  {
    name: 'pgcrypto',
    version: '1.3',
    comment: 'cryptographic functions',
    relocatable: true,
    superuser: true,
    trusted: true,
    schema: null,
  },
  {
    name: 'plpgsql',
    version: '1.0',
    comment: 'PL/pgSQL procedural language',
    relocatable: false,
    superuser: true,
    trusted: true,
    schema: 'pg_catalog',
  },
];

/** plpgsql is installed in every database by initdb, with this pg_extension OID. */
export const PLPGSQL_EXTENSION_OID = 13571;

export function availableExtension(name: string): AvailableExtension | undefined {
  return AVAILABLE_EXTENSIONS.find((e) => e.name === name);
}

interface ExtensionFunction {
  extension: string;
  fn: ScalarFn;
  /** SQL signature for error details ("function uuid_generate_v4()"), as PG's dependency messages print it. */
  signature: string;
}

const functions = new Map<string, ExtensionFunction>();

/** Register a function of an extension by lower-case name (see fn-uuid-ossp.ts, fn-pgcrypto.ts). */
export function defineExtensionFunction(extension: string, name: string, signature: string, fn: ScalarFn): void {
  if (functions.has(name)) throw new Error(`extension function ${name} defined twice`);
  functions.set(name, { extension, fn, signature });
}

/** The names and signatures of an extension's functions (dependency checks of DROP EXTENSION). */
export function extensionFunctions(extension: string): { name: string; signature: string }[] {
  return [...functions]
    .filter(([, f]) => f.extension === extension)
    .map(([name, f]) => ({ name, signature: f.signature }));
}

/**
 * The installed extension function a call names, or undefined: `schema` given, the extension must be in it;
 * otherwise its schema must be on the search path.
 */
export function resolveExtensionFunction(
  t: Translator,
  name: string,
  schema: string | undefined,
): ScalarFn | undefined {
  const f = functions.get(name);
  if (!f) return undefined;
  const ext = t.catalog.extension(f.extension);
  if (!ext) return undefined;
  if (schema !== undefined ? ext.schema !== schema : !t.opts.searchPath.includes(ext.schema)) return undefined;
  return f.fn;
}

/** A FuncCall node's function name, lower-case, when it may be an extension's (for dependency scans). */
export function extensionFunctionName(n: Node): string | undefined {
  const names: string[] = (n.funcname ?? []).map((x: Node) => x.String?.sval ?? x.str);
  const name = names[names.length - 1]?.toLowerCase();
  return name && functions.has(name) ? name : undefined;
}
