/** Set-returning functions, window frames, DISTINCT ON, quantified subqueries, WITH on DML. */
import { beforeAll, describe, expect, it } from 'vitest';
import { TestDb } from './testkit.js';

let d: TestDb;
beforeAll(async () => {
  d = await TestDb.create();
  d.run('create table qf(id int primary key, grp text, amount numeric(10,2))');
  d.run("insert into qf values (1, 'a', 10.5), (2, 'a', 2), (3, 'b', NULL), (4, 'b', 7)");
});

describe('set-returning functions', () => {
  it('runs generate_series and unnest in FROM and in the select list', () => {
    expect(d.q('select * from generate_series(1, 10, 4)')).toEqual(['1', '5', '9']);
    expect(d.q('select * from generate_series(0.5, 1.5, 0.5) with ordinality as t(v, n)')).toEqual([
      '0.5|1',
      '1.0|2',
      '1.5|3',
    ]);
    expect(d.q("select * from unnest(array[1, 2], array['x', 'y', 'z'])")).toEqual(['1|x', '2|y', '|z']);
    expect(d.q('select generate_series(1, 2), generate_series(1, 3)')).toEqual(['1|1', '2|2', '|3']);
    expect(d.q('select g, h from generate_series(1, 2) g, generate_series(1, g) h')).toEqual(['1|1', '2|1', '2|2']);
    expect(() => d.run('select * from generate_series(1, 3, 0)')).toThrow(/step size cannot equal zero/);
  });
});

describe('windows', () => {
  it('supports frames, named windows and offsets', () => {
    expect(d.q('select id, sum(id) over (order by id rows between 1 preceding and 1 following) from qf')).toEqual([
      '1|3',
      '2|6',
      '3|9',
      '4|7',
    ]);
    expect(
      d.q('select id, lag(id, 1, -1) over w, rank() over w from qf window w as (order by amount desc nulls last)'),
    ).toEqual(['1|-1|1', '4|1|2', '2|4|3', '3|2|4']);
    expect(() => d.run('select sum(id) over w2 from qf window w as (order by id)')).toThrow(
      /window "w2" does not exist/,
    );
  });
});

describe('DISTINCT ON and subqueries', () => {
  it('keeps the first row of each group', () => {
    expect(d.q('select distinct on (grp) grp, id from qf order by grp, amount desc')).toEqual(['a|1', 'b|3']);
    expect(() => d.run('select distinct on (grp) grp from qf order by id')).toThrow(/must match initial ORDER BY/);
  });
  it('evaluates quantified comparisons and row constructors', () => {
    expect(d.q('select id from qf where amount > all (select amount from qf where id in (2, 4)) order by id')).toEqual([
      '1',
    ]);
    expect(d.q('select id from qf where (grp, amount) in (select grp, max(amount) from qf group by grp)')).toEqual([
      '1',
      '4',
    ]);
    expect(() => d.run('select (select id from qf)')).toThrow(/more than one row/);
  });
});

describe('WITH on data-modifying statements', () => {
  it('runs a DELETE ... RETURNING in WITH once and exposes its rows', () => {
    d.run('create table qf2(id int primary key, v text)');
    d.run("insert into qf2 values (1, 'x'), (2, 'y')");
    expect(d.q('with gone as (delete from qf2 where id = 1 returning id, v) select id, v from gone')).toEqual(['1|x']);
    d.run("with src as (select 5 as id) insert into qf2 (id, v) select id, 'z' from src");
    expect(d.q('select id from qf2 order by id')).toEqual(['2', '5']);
  });
});
