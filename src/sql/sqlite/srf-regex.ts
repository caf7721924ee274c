/**
 * The set-returning regular expression functions: regexp_matches (one text[] row per match, all of them
 * with the g flag) and regexp_split_to_table, on the same ARE -> JS translation as fn-regex.ts.
 */
import { OID } from '../../../protocol/types/oids.js';
import type { Node } from '../parse.js';
import type { Expr } from './coerce.js';
import type { ExprCtx } from './expr.js';
import { groups, matches, pgRegex, regexpSplit } from './fn-regex.js';
import { textArgs } from './fn-util.js';
import { defineSetReturning, defineSqliteTable } from './srf.js';
import type { StorageValue } from './storage.js';

type V = StorageValue | undefined;
const str = (v: V) => (Buffer.isBuffer(v) ? v.toString() : String(v));

/** (string, pattern [, flags]) as text; undefined when the types do not match. */
function regexArgs(ctx: ExprCtx, args: Expr[], n: Node): string[] | undefined {
  if (args.length !== 2 && args.length !== 3) return undefined;
  return textArgs(ctx, args, n)?.map((e) => e.sql);
}

defineSqliteTable('lumos_regexp_matches', {
  columns: ['value'],
  parameters: ['string', 'pattern', 'flags'],
  *rows(s: V, p: V, f: V) {
    if (s === null || p === null || f === null) return;
    const flags = f === undefined ? '' : str(f);
    const text = str(s);
    // pgRegex validates the flags (and the pattern) even when the string is empty.
    const re = pgRegex(str(p), flags);
    if (!flags.includes('g')) {
      const m = re.exec(text);
      if (m) yield [JSON.stringify(groups(m))];
      return;
    }
    for (const m of matches(re, text)) yield [JSON.stringify(groups(m))];
  },
});

defineSqliteTable('lumos_regexp_split', {
  columns: ['value'],
  parameters: ['string', 'pattern', 'flags'],
  *rows(s: V, p: V, f: V) {
    if (s === null || p === null || f === null) return;
    for (const part of regexpSplit(str(s), str(p), f === undefined ? '' : str(f), 'regexp_split_to_table'))
      yield [part];
  },
});

defineSetReturning('regexp_matches', (ctx, args, n) => {
  const sql = regexArgs(ctx, args, n);
  return (
    sql && {
      table: 'lumos_regexp_matches',
      args: sql,
      columns: [{ name: 'regexp_matches', type: OID._text, typmod: -1 }],
      scalar: true,
    }
  );
});

defineSetReturning('regexp_split_to_table', (ctx, args, n) => {
  const sql = regexArgs(ctx, args, n);
  return (
    sql && {
      table: 'lumos_regexp_split',
      args: sql,
      columns: [{ name: 'regexp_split_to_table', type: OID.text, typmod: -1 }],
      scalar: true,
    }
  );
});
