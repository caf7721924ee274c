/**
 * regproc, regprocedure, regoper and regoperator over PG 15's built-in functions and operators (procs.ts): stored
 * as the OID like regclass, printed and parsed as PG's regprocout/regprocin & co. do. Lumos has no user functions
 * or operators, and pg_catalog is always first on the search path, so a name resolves among pg_catalog's objects
 * unless qualified (information_schema's functions need their schema, as in PG with the default search_path).
 */
import { OID, oidOfTypeName } from '../../../../protocol/types/oids.js';
import { formatType, quoteIdentifier } from './format-type.js';
import { INFORMATION_SCHEMA_NSP, PG_CATALOG_NSP } from './model.js';
import { PG_TYPES } from './pg-type-data.js';
import { type Operator, type Proc, procIndex } from './procs.js';

/** Why a name does not resolve: PG's SQLSTATE and message. */
export interface RegError {
  code: string;
  message: string;
}

const NSP_NAMES = new Map<number, string>([
  [PG_CATALOG_NSP, 'pg_catalog'],
  [INFORMATION_SCHEMA_NSP, 'information_schema'],
]);

/** stringToQualifiedNameList: dot-separated names, unquoted ones folded to lower case. */
function qualifiedName(text: string): string[] | undefined {
  const parts: string[] = [];
  const re = /\s*(?:"((?:[^"]|"")*)"|([^".\s]+))\s*(\.|$)/y;
  while (re.lastIndex < text.length) {
    const m = re.exec(text);
    if (!m) return undefined;
    parts.push(m[1] !== undefined ? m[1].replaceAll('""', '"') : m[2].toLowerCase());
    if (!m[3]) break;
  }
  return parts.length ? parts : undefined;
}

/** Candidates of a (possibly qualified) name: pg_catalog's when unqualified. */
function candidates<T extends { name: string }>(byName: Map<string, T[]>, parts: string[], nsp: (x: T) => number): T[] {
  const name = parts[parts.length - 1];
  const schema = parts.length > 1 ? parts[parts.length - 2] : 'pg_catalog';
  return (byName.get(name) ?? []).filter((x) => NSP_NAMES.get(nsp(x)) === schema);
}

/** parseNameAndArgTypes: "name(type, type)" as the name and the argument type texts. */
function nameAndArgs(text: string): { name: string; args: string[] } | undefined {
  let quoted = false;
  let open = -1;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '"') quoted = !quoted;
    else if (!quoted && text[i] === '(') {
      open = i;
      break;
    }
  }
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open || text.slice(close + 1).trim() !== '') return undefined;
  const inner = text.slice(open + 1, close);
  const args: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of inner) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      args.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim() !== '' || args.length) args.push(cur.trim());
  return { name: text.slice(0, open), args };
}

/** pg_type names of pg_catalog (pseudo-types such as anyrange included), beside the SQL names oidOfTypeName knows. */
let typnames: Map<string, number> | undefined;

function typeOid(name: string): number | RegError {
  typnames ??= new Map(PG_TYPES.map((r) => [r[1], r[0]]));
  const unquoted = /^"(.*)"$/.exec(name.trim())?.[1];
  return (
    oidOfTypeName(name) ??
    typnames.get(
      unquoted ??
        name
          .trim()
          .toLowerCase()
          .replace(/^pg_catalog\./, ''),
    ) ?? {
      code: '42704',
      message: `type "${name}" does not exist`,
    }
  );
}

/** The OID a reg literal names (regprocin, regprocedurein, regoperin, regoperatorin), or why it names none. */
export function regProcIn(type: number, input: string): number | RegError {
  const text = input.trim();
  if (/^\d+$/.test(text)) return Number(text);
  const idx = procIndex();
  const pnsp = (p: Proc) => p.nsp;
  const onsp = () => PG_CATALOG_NSP;
  if (type === OID.regproc || type === OID.regprocedure) {
    if (text === '-') return 0;
    const notFound = { code: '42883', message: `function "${text}" does not exist` };
    if (type === OID.regproc) {
      const parts = qualifiedName(text);
      const found = parts ? candidates(idx.procsByName, parts, pnsp) : [];
      if (found.length > 1) return { code: '42725', message: `more than one function named "${text}"` };
      return found.length ? found[0].oid : notFound;
    }
    const sig = nameAndArgs(text);
    const parts = sig && qualifiedName(sig.name);
    if (!sig || !parts) return { code: '22P02', message: `expected a left parenthesis` };
    const types: number[] = [];
    for (const a of sig.args) {
      const t = typeOid(a);
      if (typeof t !== 'number') return t;
      types.push(t);
    }
    const p = candidates(idx.procsByName, parts, pnsp).find(
      (x) => x.args.proargtypes.length === types.length && x.args.proargtypes.every((t, k) => t === types[k]),
    );
    return p ? p.oid : notFound;
  }
  const notFound = { code: '42883', message: `operator does not exist: ${text}` };
  if (type === OID.regoper) {
    const parts = qualifiedName(text);
    const found = parts ? candidates(idx.operatorsByName, parts, onsp) : [];
    if (found.length > 1) return { code: '42725', message: `more than one operator named ${text}` };
    return found.length ? found[0].oid : notFound;
  }
  const sig = nameAndArgs(text);
  const parts = sig && qualifiedName(sig.name);
  if (!sig || !parts) return { code: '22P02', message: `expected a left parenthesis` };
  if (sig.args.length !== 2)
    return { code: sig.args.length > 2 ? '54023' : '42601', message: 'expected two argument types' };
  const sides: number[] = [];
  for (const a of sig.args) {
    const t = a.toLowerCase() === 'none' ? 0 : typeOid(a);
    if (typeof t !== 'number') return t;
    sides.push(t);
  }
  const op = candidates(idx.operatorsByName, parts, onsp).find((x) => x.left === sides[0] && x.right === sides[1]);
  return op ? op.oid : notFound;
}

/** The name of a function, qualified unless it is the only one of its name in pg_catalog (regprocout). */
function procName(p: Proc): string {
  const unique = p.nsp === PG_CATALOG_NSP && procIndex().procsByName.get(p.name)?.length === 1;
  return unique ? quoteIdentifier(p.name) : `${NSP_NAMES.get(p.nsp)}.${quoteIdentifier(p.name)}`;
}

function operatorName(o: Operator): string {
  return procIndex().operatorsByName.get(o.name)?.length === 1 ? o.name : `pg_catalog.${o.name}`;
}

/** The text of a reg value (regprocout & co.): the OID as digits when no built-in has it. */
export function regProcOut(type: number, oid: number): string {
  if (oid === 0) return type === OID.regoper || type === OID.regoperator ? '0' : '-';
  const idx = procIndex();
  switch (type) {
    case OID.regproc: {
      const p = idx.procByOid.get(oid);
      return p ? procName(p) : String(oid);
    }
    case OID.regprocedure: {
      const p = idx.procByOid.get(oid);
      if (!p) return String(oid);
      // format_procedure qualifies the functions not visible on the search path (information_schema's).
      const name =
        p.nsp === PG_CATALOG_NSP ? quoteIdentifier(p.name) : `${NSP_NAMES.get(p.nsp)}.${quoteIdentifier(p.name)}`;
      return `${name}(${p.args.proargtypes.map((t) => formatType(t, null)).join(',')})`;
    }
    case OID.regoper: {
      const o = idx.operatorByOid.get(oid);
      return o ? operatorName(o) : String(oid);
    }
    case OID.regoperator: {
      const o = idx.operatorByOid.get(oid);
      if (!o) return String(oid);
      const side = (t: number) => (t === 0 ? 'NONE' : formatType(t, null));
      return `${o.name}(${side(o.left)},${side(o.right)})`;
    }
  }
  return String(oid);
}
