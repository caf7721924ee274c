/** Lumos's aggregates as window functions (fn-window-agg.ts); expected values come from PostgreSQL 15. */
import { beforeAll, describe, expect, it } from 'vitest';
import { framedAggregates, MOVING_FRAME_SUFFIX } from './fn-window-agg.js';
import { TestDb } from './testkit.js';

let d: TestDb;
beforeAll(async () => {
  d = await TestDb.create();
  d.run('create table wt(id int, x float8, n numeric)');
  d.run('insert into wt values (1, 1e16, 1.50), (2, 1, 2), (3, -1e16, 3), (4, 0.5, 4.125), (5, 0.25, 1)');
});

const col = (sql: string) => d.q(sql);

describe('window aggregates over moving frames', () => {
  it('recomputes float aggregates over each frame instead of subtracting', () => {
    // 1e16 + 1 rounds to 1e16: a sum that subtracted the departed 1e16 would say 0 for the frame {1, 1}.
    const rows = 'from (values (1, 1e16::float8), (2, 1), (3, 1), (4, 3)) t(i, v) order by i';
    const w = 'over (order by i rows 1 preceding)';
    expect(col(`select sum(v) ${w}, avg(v) ${w}, stddev(v) ${w} ${rows}`)).toEqual([
      '1e+16|1e+16|',
      '1e+16|5e+15|7.071067811865474e+15',
      '2|1|0',
      '4|2|1.4142135623730951',
    ]);
    expect(col('select sum(x) over (order by id rows 2 preceding) from wt order by id')).toEqual([
      '1e+16',
      '1e+16',
      '0',
      '-1e+16',
      '-1e+16',
    ]);
  });

  it('gives numeric sums the scale of the values in the frame', () => {
    expect(col('select sum(n) over (order by id rows 1 preceding) from wt order by id')).toEqual([
      '1.50',
      '3.50',
      '5',
      '7.125',
      '5.125',
    ]);
    expect(col('select max(n) over (order by id rows 1 preceding) from wt order by id')).toEqual([
      '1.50',
      '2',
      '3',
      '4.125',
      '4.125',
    ]);
  });

  it('picks the recomputing variant only when the frame head moves', () => {
    const sql = (over: string) => d.translate(`select sum(x) over (${over}) from wt`).sql.join('\n');
    expect(sql('order by id rows 2 preceding')).toContain(`lumos_float_sum${MOVING_FRAME_SUFFIX}(`);
    expect(sql('order by id range between 1 following and unbounded following')).toContain(
      `lumos_float_sum${MOVING_FRAME_SUFFIX}(`,
    );
    for (const over of ['order by id', 'partition by id', 'rows between unbounded preceding and 1 following']) {
      expect(sql(over)).not.toContain(MOVING_FRAME_SUFFIX);
    }
    expect(d.translate('select sum(x) from wt').sql.join('')).not.toContain(MOVING_FRAME_SUFFIX);
  });

  it('registers both variants of every framed aggregate', () => {
    const db = d.db;
    const fns = new Set((db.prepare('select name from pragma_function_list').pluck().all() as string[]).map(String));
    for (const name of framedAggregates()) {
      expect(fns.has(name), name).toBe(true);
      expect(fns.has(`${name}${MOVING_FRAME_SUFFIX}`), name).toBe(true);
    }
  });

  it('refuses OVER for ordered-set aggregates like PG', () => {
    expect(() => d.run('select percentile_cont(0.5) within group (order by x) over () from wt')).toThrow(
      /OVER is not supported for ordered-set aggregate percentile_cont/,
    );
  });
});
