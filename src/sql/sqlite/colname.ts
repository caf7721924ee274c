/**
 * PG's FigureColname strength of an expression (parse tree), for the names of casts and CASE: 2 when the name
 * comes from a column, a function or a construct with a fixed name (coalesce, row, array...), 1 when only from a
 * type name (a cast) or "case", 0 when there is none ("?column?").
 */
import type { Node } from '../parse.js';

const STRONG = [
  'FuncCall',
  'A_ArrayExpr',
  'RowExpr',
  'CoalesceExpr',
  'MinMaxExpr',
  'SQLValueFunction',
  'GroupingFunc',
  'XmlExpr',
  'XmlSerialize',
];

export function colnameStrength(n: Node): number {
  if (!n) return 0;
  if (n.ColumnRef) return n.ColumnRef.fields.at(-1)?.A_Star ? 0 : 2;
  if (n.A_Indirection) return n.A_Indirection.indirection.at(-1)?.String ? 2 : colnameStrength(n.A_Indirection.arg);
  if (n.TypeCast) return Math.max(colnameStrength(n.TypeCast.arg), 1);
  if (n.CaseExpr) return Math.max(colnameStrength(n.CaseExpr.defresult), 1);
  if (n.CollateClause) return colnameStrength(n.CollateClause.arg);
  if (n.A_Expr) return n.A_Expr.kind === 'AEXPR_NULLIF' ? 2 : 0;
  if (n.SubLink) return ['EXISTS_SUBLINK', 'EXPR_SUBLINK', 'ARRAY_SUBLINK'].includes(n.SubLink.subLinkType) ? 2 : 0;
  return STRONG.some((k) => n[k]) ? 2 : 0;
}
