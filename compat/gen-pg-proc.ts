/**
 * Writes the built-in function catalogs of PostgreSQL 15 as JSON Lines data files, read from a real PG 15
 * (template1, which holds nothing but initdb's objects), into src/sql/sqlite/pg-catalog/data/:
 *
 *   pg_proc.jsonl             oid, proname, pronamespace, prolang, procost, prorows, provariadic, prosupport (OID),
 *                             prokind, prosecdef, proleakproof, proisstrict, proretset, provolatile, proparallel,
 *                             pronargs, pronargdefaults, prorettype, proargtypes, proallargtypes, proargmodes,
 *                             proargnames, proargdefaults, protrftypes, prosrc, probin, prosqlbody, proconfig,
 *                             proacl (PG's column order without proowner); then pg_get_function_arguments,
 *                             pg_get_function_identity_arguments and pg_get_function_result (each 0 where
 *                             proc-signature.ts derives the same text from the row), the description and
 *                             pg_get_function_sqlbody
 *   pg_language.jsonl         pg_language's columns, then the description
 *   pg_operator.jsonl         pg_operator's columns without oprowner (regproc columns as OIDs), then the description
 *   pg_aggregate.jsonl        pg_aggregate's columns (regproc columns as OIDs)
 *   pg_am_description.jsonl   pg_am OID and description
 *   pg_type_description.jsonl pg_type OID and description (pg_catalog's types)
 *
 * Booleans are 0/1 and trailing NULLs are left out. Columns whose value is the same on every built-in row
 * (proowner, oprowner: the bootstrap superuser) are checked here and not stored. The files are read on first use
 * (pg-catalog/procs.ts): as TypeScript modules these 900 kB cost a few hundred ms of tsx transform in every process
 * and worker at startup, while most statements never read these catalogs. Run by hand after a PostgreSQL major
 * upgrade of the reference:
 *
 *   npx tsx compat/gen-pg-proc.ts          # COMPAT_PGHOST/PORT/USER/PASSWORD as for the compat suite
 *
 * Lumos never talks to PostgreSQL at run time.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { functionResult, identityArguments, type ProcArgs } from '../src/sql/sqlite/pg-catalog/proc-signature.js';
import { pgDefaults } from './reference.js';

const DIR = join(dirname(fileURLToPath(import.meta.url)), '../src/sql/sqlite/pg-catalog/data');

const client = new pg.Client({ ...pgDefaults(), database: 'template1' });
// Every value as PG's text output, converted below: no driver-side parsing.
const asText = { getTypeParser: () => (v: string) => v };

await client.connect();
const version: string = (await client.query('SHOW server_version')).rows[0].server_version;
if (!version.startsWith('15.')) throw new Error(`PostgreSQL 15 expected, got ${version}`);

async function rows(sql: string): Promise<(string | null)[][]> {
  return (await client.query({ text: sql, rowMode: 'array', types: asText })).rows;
}

async function expectNone(what: string, sql: string): Promise<void> {
  const r = await rows(sql);
  if (r.length) throw new Error(`${what}: ${r.length} rows the data module does not carry, e.g. ${r[0]}`);
}

await expectNone('pg_proc.proowner', 'SELECT oid FROM pg_proc WHERE proowner <> 10');
await expectNone('pg_operator.oprowner', 'SELECT oid FROM pg_operator WHERE oprowner <> 10');
await expectNone('user objects', 'SELECT oid FROM pg_proc WHERE oid >= 16384');

/** Column converters from PG's text output to the JS value the tuple holds. */
const num = (v: string | null) => (v === null ? null : Number(v));
/** Booleans as 0/1 (the storage form), to keep the modules small. */
const bool = (v: string | null) => (v === null ? null : v === 't' ? 1 : 0);
const str = (v: string | null) => v;
/** Arrays come as JSON (array_to_json), oidvectors as their space-separated text. */
const json = (v: string | null) => (v === null ? null : JSON.parse(v));
const vec = (v: string | null) => (v === null ? null : v === '' ? [] : v.split(' ').map(Number));

type Conv = (v: string | null) => unknown;
function table(cols: [string, Conv][], data: (string | null)[][]): unknown[][] {
  return data.map((r) => r.map((v, k) => cols[k][1](v)));
}

const desc = (classoid: string, alias: string) =>
  `(SELECT d.description FROM pg_description d WHERE d.objoid = ${alias}.oid AND d.classoid = '${classoid}'::regclass AND d.objsubid = 0)`;

// pg_proc in PG's column order (proowner left out), then derived texts PG computes from the row.
const procCols: [string, Conv][] = [
  ['oid::int', num],
  ['proname', str],
  ['pronamespace::int', num],
  ['prolang::int', num],
  ['procost', num],
  ['prorows', num],
  ['provariadic::int', num],
  ['prosupport::oid::int', num],
  ['prokind', str],
  ['prosecdef', bool],
  ['proleakproof', bool],
  ['proisstrict', bool],
  ['proretset', bool],
  ['provolatile', str],
  ['proparallel', str],
  ['pronargs', num],
  ['pronargdefaults', num],
  ['prorettype::int', num],
  ['proargtypes::text', vec],
  ['array_to_json(proallargtypes::int[])', json],
  ['array_to_json(proargmodes)', json],
  ['array_to_json(proargnames)', json],
  ['proargdefaults::text', str],
  ['array_to_json(protrftypes::int[])', json],
  ['prosrc', str],
  ['probin', str],
  ['prosqlbody::text', str],
  ['array_to_json(proconfig)', json],
  ['array_to_json(proacl::text[])', json],
  ['pg_get_function_arguments(p.oid)', str],
  ['pg_get_function_identity_arguments(p.oid)', str],
  ['pg_get_function_result(p.oid)', str],
  [desc('pg_proc', 'p'), str],
  ['pg_get_function_sqlbody(p.oid)', str],
];
const procRows = table(
  procCols,
  await rows(`SELECT ${procCols.map(([c]) => c).join(', ')} FROM pg_proc p ORDER BY oid`),
);
let derived = 0;
for (const r of procRows) {
  // The function texts Lumos derives from the row itself (proc-signature.ts) are stored as 0.
  const p: ProcArgs = {
    prokind: r[8] as string,
    proretset: r[12] === 1,
    prorettype: r[17] as number,
    proargtypes: r[18] as number[],
    proallargtypes: r[19] as number[] | null,
    proargmodes: r[20] as string[] | null,
    proargnames: r[21] as string[] | null,
  };
  const identity = identityArguments(p);
  if (r[30] === identity) r[30] = 0;
  if (r[29] === identity) r[29] = 0;
  if (r[31] === functionResult(p)) r[31] = 0;
  if (r[29] === 0 && r[30] === 0 && r[31] === 0) derived++;
}

const languageCols: [string, Conv][] = [
  ['oid::int', num],
  ['lanname', str],
  ['lanowner::int', num],
  ['lanispl', bool],
  ['lanpltrusted', bool],
  ['lanplcallfoid::int', num],
  ['laninline::int', num],
  ['lanvalidator::int', num],
  ['array_to_json(lanacl::text[])', json],
  [desc('pg_language', 'l'), str],
];
const languageRows = table(
  languageCols,
  await rows(`SELECT ${languageCols.map(([c]) => c).join(', ')} FROM pg_language l ORDER BY oid`),
);

const operatorCols: [string, Conv][] = [
  ['oid::int', num],
  ['oprname', str],
  ['oprnamespace::int', num],
  ['oprkind', str],
  ['oprcanmerge', bool],
  ['oprcanhash', bool],
  ['oprleft::int', num],
  ['oprright::int', num],
  ['oprresult::int', num],
  ['oprcom::int', num],
  ['oprnegate::int', num],
  ['oprcode::oid::int', num],
  ['oprrest::oid::int', num],
  ['oprjoin::oid::int', num],
  [desc('pg_operator', 'o'), str],
];
const operatorRows = table(
  operatorCols,
  await rows(`SELECT ${operatorCols.map(([c]) => c).join(', ')} FROM pg_operator o ORDER BY oid`),
);

const aggregateCols: [string, Conv][] = [
  ['aggfnoid::oid::int', num],
  ['aggkind', str],
  ['aggnumdirectargs', num],
  ['aggtransfn::oid::int', num],
  ['aggfinalfn::oid::int', num],
  ['aggcombinefn::oid::int', num],
  ['aggserialfn::oid::int', num],
  ['aggdeserialfn::oid::int', num],
  ['aggmtransfn::oid::int', num],
  ['aggminvtransfn::oid::int', num],
  ['aggmfinalfn::oid::int', num],
  ['aggfinalextra', bool],
  ['aggmfinalextra', bool],
  ['aggfinalmodify', str],
  ['aggmfinalmodify', str],
  ['aggsortop::int', num],
  ['aggtranstype::int', num],
  ['aggtransspace', num],
  ['aggmtranstype::int', num],
  ['aggmtransspace', num],
  ['agginitval', str],
  ['aggminitval', str],
];
const aggregateRows = table(
  aggregateCols,
  await rows(`SELECT ${aggregateCols.map(([c]) => c).join(', ')} FROM pg_aggregate a ORDER BY aggfnoid::oid`),
);

const amDescriptions = await rows(
  `SELECT a.oid::int, ${desc('pg_am', 'a')} FROM pg_am a WHERE ${desc('pg_am', 'a')} IS NOT NULL ORDER BY a.oid`,
);
const typeDescriptions = await rows(
  `SELECT t.oid::int, ${desc('pg_type', 't')} FROM pg_type t WHERE ${desc('pg_type', 't')} IS NOT NULL ORDER BY t.oid`,
);
await client.end();

/** Trailing NULLs left out (a missing field reads as NULL). */
function trim(r: unknown[]): unknown[] {
  let n = r.length;
  while (n > 0 && r[n - 1] === null) n--;
  return r.slice(0, n);
}

/** JSON Lines: one tuple a line. */
const jsonl = (data: unknown[][]) => `${data.map((r) => JSON.stringify(trim(r))).join('\n')}\n`;

mkdirSync(DIR, { recursive: true });
writeFileSync(join(DIR, 'pg_proc.jsonl'), jsonl(procRows));
writeFileSync(join(DIR, 'pg_language.jsonl'), jsonl(languageRows));
writeFileSync(join(DIR, 'pg_operator.jsonl'), jsonl(operatorRows));
writeFileSync(join(DIR, 'pg_aggregate.jsonl'), jsonl(aggregateRows));
writeFileSync(join(DIR, 'pg_am_description.jsonl'), jsonl(amDescriptions.map(([o, d]) => [Number(o), d])));
writeFileSync(join(DIR, 'pg_type_description.jsonl'), jsonl(typeDescriptions.map(([o, d]) => [Number(o), d])));
console.log(
  `${procRows.length} functions (${derived} with derived texts), ${languageRows.length} languages, ${operatorRows.length} operators, ${aggregateRows.length} aggregates`,
);
