/**
 * The texts PG derives from a pg_proc row (ruleutils.c's print_function_arguments and pg_get_function_result),
 * for the rows where no default values or ordered-set ORDER BY are involved. compat/gen-pg-proc.ts stores PG's own
 * text for every row where this derivation differs, so the data modules need not carry the common case.
 */
import { formatType, quoteIdentifier } from './format-type.js';

/** The argument columns of a pg_proc row. */
export interface ProcArgs {
  prokind: string;
  proretset: boolean;
  prorettype: number;
  proargtypes: number[];
  proallargtypes: number[] | null;
  proargmodes: string[] | null;
  proargnames: string[] | null;
}

const MODE_PREFIX: Record<string, string> = { i: '', b: 'INOUT ', o: 'OUT ', v: 'VARIADIC ' };

/** print_function_arguments without defaults: table arguments (mode 't') or the others. */
function printArguments(p: ProcArgs, tableArgs: boolean): string {
  const types = p.proallargtypes ?? p.proargtypes;
  const out: string[] = [];
  for (let i = 0; i < types.length; i++) {
    const mode = p.proargmodes?.[i] ?? 'i';
    if (tableArgs !== (mode === 't')) continue;
    const name = p.proargnames?.[i];
    out.push(`${MODE_PREFIX[mode] ?? ''}${name ? `${quoteIdentifier(name)} ` : ''}${formatType(types[i], null)}`);
  }
  return out.join(', ');
}

/** pg_get_function_identity_arguments (and pg_get_function_arguments of a function without defaults). */
export function identityArguments(p: ProcArgs): string {
  return printArguments(p, false);
}

/** pg_get_function_result: NULL for a procedure, TABLE(...) for a function returning a table. */
export function functionResult(p: ProcArgs): string | null {
  if (p.prokind === 'p') return null;
  if (p.proretset && p.proargmodes?.includes('t')) return `TABLE(${printArguments(p, true)})`;
  return `${p.proretset ? 'SETOF ' : ''}${formatType(p.prorettype, null)}`;
}
