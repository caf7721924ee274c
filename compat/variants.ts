/**
 * Literal variants (`npm run compat -- --literal-variants`): each read-only corpus statement is run again with
 * its numbers changed, and again with its plain strings changed, right after the original. On Lumos a variant is
 * a new statement of an already-seen shape (src/sql/shape), so it is answered from the shape cache: any
 * difference from PG here is a translation that was reused where it should not have been (or a value-dependent
 * bug elsewhere). Changed strings often become invalid input (a date, a regclass name): both servers must then
 * fail alike.
 */
import { type LiteralToken, lexShape } from '../src/sql/shape/lexer.js';

/** Variants of a read-only statement: numbers changed, strings changed (each only when there is one). */
export function literalVariants(sql: string): string[] {
  if (!/^\s*(select|with|values|table)\b/i.test(sql) || /\b(insert|update|delete|nextval|setval)\b/i.test(sql))
    return [];
  const shape = lexShape(sql);
  if (!shape) return [];
  return [rewrite(sql, shape.literals, numberVariant), rewrite(sql, shape.literals, stringVariant)].filter(
    (v): v is string => v !== null,
  );
}

function numberVariant(lit: LiteralToken, raw: string): string | undefined {
  if (lit.cls === 'i' && !/^0\d/.test(raw)) return raw === '2147483647' ? '2147483646' : String(Number(raw) + 1);
  if (lit.cls === 'n' && /^\d*\.\d+$/.test(raw)) return `${raw}5`;
  return undefined;
}

/** The string with its last letter or digit moved on by one ('2024-01-01' -> '2024-01-02', 'abc' -> 'abd'). */
function stringVariant(lit: LiteralToken, raw: string): string | undefined {
  if (lit.cls !== 's') return undefined;
  const m = /[A-Za-z0-9](?=[^A-Za-z0-9]*'$)/.exec(raw);
  if (!m) return undefined;
  const c = m[0];
  const next = c === '9' ? '0' : c === 'z' ? 'a' : c === 'Z' ? 'A' : String.fromCharCode(c.charCodeAt(0) + 1);
  return raw.slice(0, m.index) + next + raw.slice(m.index + 1);
}

/** The token's text as written: digits, or the quoted string with its '' escapes. */
function rawToken(sql: string, lit: LiteralToken): string {
  if (lit.cls !== 's') return sql.slice(lit.start, lit.start + lit.value.length);
  let j = lit.start + 1;
  for (;;) {
    const q = sql.indexOf("'", j);
    if (sql.charCodeAt(q + 1) !== 39) return sql.slice(lit.start, q + 1);
    j = q + 2;
  }
}

function rewrite(
  sql: string,
  literals: LiteralToken[],
  change: (lit: LiteralToken, raw: string) => string | undefined,
): string | null {
  let out = '';
  let copied = 0;
  let changed = false;
  for (const lit of literals) {
    const raw = rawToken(sql, lit);
    const v = change(lit, raw);
    if (v === undefined) continue;
    out += sql.slice(copied, lit.start) + v;
    copied = lit.start + raw.length;
    changed = true;
  }
  return changed ? out + sql.slice(copied) : null;
}
