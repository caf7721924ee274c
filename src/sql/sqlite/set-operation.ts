/**
 * UNION / INTERSECT / EXCEPT [ALL] of two prepared SELECTs (select.ts): PG's column typing, numerics compared
 * by value, and INTERSECT ALL / EXCEPT ALL, which SQLite lacks.
 */
import { SQLSTATE } from '../../../protocol/errors.js';
import type { Node } from '../parse.js';
import { resolveCommon } from './coerce.js';
import { commonRecordTypmod, isRecordType } from './record.js';
import { Scope } from './scope.js';
import type { Prepared } from './select.js';
import { eqKey, needsEqKey, selectTail } from './select-tail.js';
import { quoteIdent } from './storage.js';
import type { Translator } from './translator.js';

export function prepareSetOp(
  t: Translator,
  s: Node,
  scope: Scope | undefined,
  prepare: (arm: Node, scope?: Scope) => Prepared,
): Prepared {
  const l = prepare(s.larg, scope);
  const r = prepare(s.rarg, scope);
  if (l.cols.length !== r.cols.length) {
    throw t.error(SQLSTATE.SYNTAX_ERROR, `each ${s.op.slice(6)} query must have the same number of columns`, s.rarg);
  }
  const opName = s.op.slice(6); // UNION, INTERSECT, EXCEPT
  // INTERSECT ALL / EXCEPT ALL (SQLite has neither): see the numbered arms below.
  const multiset = s.all && opName !== 'UNION';
  const cols = l.cols.map((c, i) => {
    const type = resolveCommon(t, [c, r.cols[i]], opName, s);
    // Records: one shape for the column; all but UNION ALL compare them (record.ts).
    const compares = !(s.all && opName === 'UNION');
    return {
      sql: '',
      type,
      typmod: isRecordType(type)
        ? commonRecordTypmod(t, [c, r.cols[i]], opName, s, compares)
        : c.typmod === r.cols[i].typmod
          ? c.typmod
          : -1,
      tableOid: undefined,
      attnum: undefined,
    };
  });
  const names = l.names;
  const tail = selectTail(t, s, { t, scope: new Scope(scope), aggs: false }, [], names, true);
  const arm = (p: Prepared, final: { type: number; typmod: number }[], aliases: string[], isRight: boolean) => {
    const sql = p.render(final, aliases);
    return p.hasTail || (isRight && (s.rarg.op ?? 'SETOP_NONE') !== 'SETOP_NONE') ? `SELECT * FROM (${sql})` : sql;
  };
  return {
    cols,
    names,
    hasTail: tail.has,
    render: (final, aliases) => {
      // Numerics equal in value but not in text (1.0, 1) must be one row; ORDER BY numeric/array/... needs sort
      // keys, which a compound's ORDER BY cannot take: such set operations become a plain SELECT over the arms.
      const numeric = (!s.all || multiset) && final.some((f) => needsEqKey(f.type));
      if (!numeric && !multiset && !tail.ties && !tail.needsKeys(final)) {
        const body = `${arm(l, final, aliases, false)} ${opName}${s.all ? ' ALL' : ''} ${arm(r, final, aliases, true)}`;
        return `${body}${tail.render(final.map((f, i) => ({ sql: String(i + 1), ...f })))}`;
      }
      const inner = final.map((_, i) => `lumos_c${i}`);
      const ref = (q: string, i: number) => `${q}.${quoteIdent(inner[i])}`;
      const keys = (q: string) => final.map((f, i) => eqKey({ sql: ref(q, i), type: f.type }));
      const L = arm(l, final, inner, false);
      const R = arm(r, final, inner, true);
      let body: string;
      if (multiset) {
        // The k-th copy of a row is numbered k on each side: INTERSECT ALL keeps min(m, n) copies of a row,
        // EXCEPT ALL max(m - n, 0), as rows (columns..., k) compared as sets.
        const cols = inner.map((c) => quoteIdent(c));
        const numbered = (arm: string, q: string) => {
          const w = `(PARTITION BY ${keys(q).join(', ')})`;
          // Numerics equal in value: like PG, every copy shows the first row's text.
          const firsts = numeric ? cols.map((c, i) => `, first_value(${c}) OVER ${w} AS "?f${i}"`).join('') : '';
          return `SELECT *, row_number() OVER ${w} AS "?n"${firsts} FROM (${arm}) AS ${q}`;
        };
        if (!numeric)
          body = `SELECT ${cols.join(', ')} FROM (${numbered(L, '"lumos_l"')} ${opName} ${numbered(R, '"lumos_r"')})`;
        else {
          const lk = keys('"lumos_l"');
          const rk = keys('"lumos_r"');
          const match = lk.map((k, i) => `${k} IS ${rk[i]}`).join(' AND ');
          const firsts = cols.map((c, i) => `"?f${i}" AS ${c}`).join(', ');
          body =
            `SELECT ${firsts} FROM (${numbered(L, '"lumos_l"')}) AS "lumos_l" WHERE ${opName === 'EXCEPT' ? 'NOT ' : ''}EXISTS ` +
            `(SELECT 1 FROM (${numbered(R, '"lumos_r"')}) AS "lumos_r" WHERE ${match} AND "lumos_r"."?n" = "lumos_l"."?n")`;
        }
      } else if (!numeric) body = `${L} ${opName}${s.all ? ' ALL' : ''} ${R}`;
      else if (opName === 'UNION')
        body = `SELECT * FROM (${L} UNION ALL ${R}) AS "lumos_u" GROUP BY ${keys('"lumos_u"').join(', ')}`;
      else {
        const lk = keys('"lumos_l"');
        const rk = keys('"lumos_r"');
        const match = lk.map((k, i) => `${k} IS ${rk[i]}`).join(' AND ');
        body =
          `SELECT * FROM (${L}) AS "lumos_l" WHERE ${opName === 'EXCEPT' ? 'NOT ' : ''}EXISTS ` +
          `(SELECT 1 FROM (${R}) AS "lumos_r" WHERE ${match}) GROUP BY ${lk.join(', ')}`;
      }
      const list = inner.map((c, i) => `${quoteIdent(c)} AS ${quoteIdent(aliases[i])}`).join(', ');
      const items = final.map((f, i) => ({ sql: quoteIdent(inner[i]), ...f }));
      if (tail.ties) return tail.ties.wrap(`SELECT ${list}${tail.ties.columns(items)} FROM (${body})`, aliases);
      return `SELECT ${list} FROM (${body})${tail.render(items, true)}`;
    },
  };
}
