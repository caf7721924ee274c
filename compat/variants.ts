/**
 * Literal variants (`npm run compat -- --literal-variants`): each read-only corpus statement is run a second
 * time with its numbers changed, right after the original. On Lumos the variant is a new statement of an
 * already-seen shape (src/sql/shape), so it is answered from the shape cache: any difference from PG here
 * is a translation that was reused where it should not have been (or a value-dependent bug elsewhere).
 */
import { lexShape } from '../src/sql/shape/lexer.js';

/** The statement with every integer and decimal literal changed, or null when it has none or writes. */
export function literalVariant(sql: string): string | null {
  if (!/^\s*(select|with|values|table)\b/i.test(sql) || /\b(insert|update|delete|nextval|setval)\b/i.test(sql))
    return null;
  const shape = lexShape(sql);
  if (!shape) return null;
  let out = '';
  let copied = 0;
  let changed = false;
  for (const lit of shape.literals) {
    let v: string | undefined;
    if (lit.cls === 'i' && !/^0\d/.test(lit.value))
      v = lit.value === '2147483647' ? '2147483646' : String(Number(lit.value) + 1);
    else if (lit.cls === 'n' && /^\d*\.\d+$/.test(lit.value)) v = `${lit.value}5`;
    if (v === undefined) continue;
    out += sql.slice(copied, lit.start) + v;
    copied = lit.start + lit.value.length;
    changed = true;
  }
  return changed ? out + sql.slice(copied) : null;
}
