/** Grouping sets, INTERSECT/EXCEPT ALL, WITH TIES, join aliases, LATERAL, UPDATE ... FROM ... RETURNING. */
import { beforeAll, describe, expect, it } from 'vitest';
import { TestDb } from './testkit.js';

let d: TestDb;
beforeAll(async () => {
  d = await TestDb.create();
  d.run('create table qs(id int primary key, grp text, kind text, n int)');
  d.run("insert into qs values (1, 'a', 'x', 1), (2, 'a', 'y', 2), (3, 'b', 'x', 2), (4, 'b', NULL, 5)");
});

describe('grouping sets', () => {
  it('expands ROLLUP, CUBE and GROUPING SETS into one grouped query per set', () => {
    expect(d.q('select grp, kind, sum(n) from qs group by rollup (grp, kind) order by 1, 2')).toEqual([
      'a|x|1',
      'a|y|2',
      'a||3',
      'b|x|2',
      'b||5',
      'b||7',
      '||10',
    ]);
    expect(d.q('select grp, grouping(grp) as g, count(*) from qs group by cube (grp) order by g, grp')).toEqual([
      'a|0|2',
      'b|0|2',
      '|1|4',
    ]);
    expect(d.q('select grp, kind, count(*) from qs group by grouping sets ((grp), (kind), ()) order by 1, 2')).toEqual([
      'a||2',
      'b||2',
      '|x|2',
      '|y|1',
      '||1',
      '||4',
    ]);
  });

  it('yields the empty grouping set row over no input, and applies HAVING per set', () => {
    expect(d.q('select count(*) from qs where false group by rollup (grp)')).toEqual(['0']);
    expect(d.q('select grp, sum(n) from qs group by rollup (grp) having sum(n) > 3 order by 2')).toEqual([
      'b|7',
      '|10',
    ]);
  });

  it('rejects grouping() outside grouped expressions', () => {
    expect(() => d.run('select grouping(n) from qs group by rollup (grp)')).toThrow(/arguments to GROUPING/);
    expect(() => d.run('select 1 from qs where grouping(grp) = 0 group by grp')).toThrow(/not allowed in WHERE/);
  });
});

describe('set operations and FETCH WITH TIES', () => {
  it('keeps duplicates by count with INTERSECT ALL / EXCEPT ALL', () => {
    const l = 'select * from (values (1), (1), (1), (2), (null)) a(x)';
    const r = 'select * from (values (1), (null), (null)) b(y)';
    expect(d.q(`${l} intersect all ${r} order by 1`)).toEqual(['1', '']);
    expect(d.q(`${l} except all ${r} order by 1`)).toEqual(['1', '1', '2']);
  });

  it('returns the rows tied with the last fetched one', () => {
    expect(d.q('select id from qs order by n fetch first 2 rows with ties')).toEqual(['1', '2', '3']);
    expect(d.q('select id from qs order by n offset 1 rows fetch first 1 row with ties')).toEqual(['2', '3']);
    expect(() => d.run('select id from qs fetch first 1 row with ties')).toThrow(/without ORDER BY/);
  });

  it('types set operation columns like select_common_type', () => {
    expect(d.run("select 'x'::varchar union select 'y'::text").types).toEqual([1043]);
    expect(d.run('select 1 union all select 2.5::float4').types).toEqual([700]);
  });
});

describe('FROM items', () => {
  it('gives a parenthesised join an alias that hides its tables', () => {
    expect(d.q('select j.id, j.g from (qs join qs as q2 using (id)) as j(id, g) where j.id < 3 order by 1')).toEqual([
      '1|a',
      '2|a',
    ]);
    expect(() => d.run('select j.n from (qs join qs as q2 using (id)) as j')).toThrow(/ambiguous/);
    expect(() => d.run('select qs.id from (qs join qs as q2 using (id)) as j')).toThrow(/missing FROM-clause/);
  });

  it('runs LATERAL subqueries that return at most one row', () => {
    const top = 'select q.id from qs q where q.grp = o.grp order by q.n desc limit 1';
    expect(d.q(`select o.id, t.id from qs o cross join lateral (${top}) t order by 1`)).toEqual([
      '1|2',
      '2|2',
      '3|4',
      '4|4',
    ]);
    const cnt = "select count(*) as c from qs q where q.kind = o.kind and q.kind = 'x' having count(*) > 0";
    expect(d.q(`select o.id, t.c from qs o left join lateral (${cnt}) t on true order by 1`)).toEqual([
      '1|2',
      '2|',
      '3|2',
      '4|',
    ]);
    expect(d.q(`select o.id from qs o, lateral (${cnt}) t order by 1`)).toEqual(['1', '3']);
  });

  it('runs LATERAL subqueries that return several rows, in their order and with their stored values', () => {
    const sameGrp = 'select q.id, q.n * 0.5 as half from qs q where q.grp = o.grp order by q.id desc';
    expect(d.q(`select o.id, t.id, t.half from qs o, lateral (${sameGrp}) t where o.id in (1, 3)`)).toEqual([
      '1|2|1.0',
      '1|1|0.5',
      '3|4|2.5',
      '3|3|1.0',
    ]);
    // LEFT JOIN keeps the outer rows whose lateral rows all fail the ON condition.
    const bigger = 'select q.n from qs q where q.grp = o.grp and q.id <> o.id';
    expect(d.q(`select o.id, t.n from qs o left join lateral (${bigger}) t on t.n > o.n order by 1`)).toEqual([
      '1|2',
      '2|',
      '3|5',
      '4|',
    ]);
    expect(d.q(`select o.id, t.n from qs o join lateral (${bigger}) t on t.n > o.n order by 1`)).toEqual([
      '1|2',
      '3|5',
    ]);
    const values = "select x.v, x.b from qs o, lateral (values (o.n::float8 / 3, '\\x00ff'::bytea)) x(v, b)";
    expect(d.q(`${values} where o.id = 1`)).toEqual(['0.3333333333333333|\\x00ff']);
    expect(() => d.run('select * from qs o right join lateral (select o.n) t on true')).toThrow(
      /invalid reference to FROM-clause entry for table "o"/,
    );
  });
});

describe('UPDATE ... FROM ... RETURNING', () => {
  it('returns the FROM items with the updated target row', () => {
    d.run('create table qs_t(k int primary key, v int)');
    d.run('insert into qs_t values (1, 10), (2, 20), (3, 30)');
    const r = d.run(
      'update qs_t t set v = t.v + s.add from (values (1, 5), (3, 7)) s(k, add) where s.k = t.k returning t.k, t.v, s.add',
    );
    expect(r.count).toBe(2);
    expect(r.rows.map((x) => x.join('|')).sort()).toEqual(['1|15|5', '3|37|7']);
    expect(d.q('select v from qs_t order by k')).toEqual(['15', '20', '37']);
  });
});
