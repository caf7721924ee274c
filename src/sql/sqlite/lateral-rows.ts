/**
 * The SQLite side of LATERAL subqueries that may return several rows (lateral.ts). SQLite has no LATERAL,
 * but the arguments of a table-valued function may be correlated to earlier FROM items, so
 *
 *   FROM s, LATERAL (SELECT a, b ... WHERE x = s.id ORDER BY .. LIMIT 2) AS l
 *
 * becomes
 *
 *   FROM s, lumos_lateral_4((SELECT lumos_lateral_pack(a, b) FROM (<the subquery>))) AS l
 *
 * The pack aggregate collects the subquery's rows, in order, into one BLOB and the table function yields them
 * again. The BLOB is a V8 serialization of the stored values, so every storage form comes back exactly:
 * integers as bigint (all 64 bits), REALs to the last bit, NaN/Infinity, text, NULLs and BLOBs (bytea). JSON
 * (json_group_array + json_each) would need BLOBs encoded and loses the JSON subtype distinction between
 * text and json values.
 */
import { deserialize, serialize } from 'node:v8';
import { defineSqliteFunctions } from './fn-registry.js';

/** The table functions: one per width, the rows padded with NULLs to it. */
const WIDTHS = [4, 16, 100];

/** The widest lateral subquery (SQLite functions take at most 127 arguments, better-sqlite3's 100). */
export const LATERAL_MAX_COLUMNS = WIDTHS[WIDTHS.length - 1];

/** The table function for a subquery of `n` columns. */
export function lateralTable(n: number): string {
  return `lumos_lateral_${WIDTHS.find((w) => w >= n) ?? LATERAL_MAX_COLUMNS}`;
}

export const LATERAL_PACK = 'lumos_lateral_pack';

defineSqliteFunctions((db) => {
  db.aggregate(LATERAL_PACK, {
    start: () => [] as unknown[][],
    step: (rows: unknown[][], ...row: unknown[]) => {
      rows.push(row);
      return rows;
    },
    result: (rows: unknown[][]) => serialize(rows),
    varargs: true,
    safeIntegers: true,
    deterministic: true,
  } as never);
  for (const width of WIDTHS) {
    db.table(`lumos_lateral_${width}`, {
      columns: Array.from({ length: width }, (_, i) => `c${i}`),
      parameters: ['packed'],
      safeIntegers: true,
      rows: function* (packed: unknown) {
        if (!Buffer.isBuffer(packed)) return;
        for (const row of deserialize(packed) as unknown[][]) {
          while (row.length < width) row.push(null);
          yield row;
        }
      },
    });
  }
});
