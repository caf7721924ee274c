import { beforeAll, describe, expect, it } from 'vitest';
import { OID } from '../../../protocol/types/oids.js';
import { TestDb } from './testkit.js';

let d: TestDb;
beforeAll(async () => {
  d = await TestDb.create();
});

describe('pgbench', () => {
  it('initialises and runs the TPC-B statements', () => {
    d.run('drop table if exists pgbench_accounts, pgbench_branches, pgbench_history, pgbench_tellers');
    d.run('create table pgbench_history(tid int,bid int,aid int,delta int,mtime timestamp,filler char(22))');
    d.run('create table pgbench_tellers(tid int not null,bid int,tbalance int,filler char(84)) with (fillfactor=100)');
    d.run('create table pgbench_accounts(aid int not null,bid int,abalance int,filler char(84)) with (fillfactor=100)');
    d.run('create table pgbench_branches(bid int not null,bbalance int,filler char(88)) with (fillfactor=100)');
    d.run('truncate table pgbench_accounts, pgbench_branches, pgbench_history, pgbench_tellers');
    expect(d.run('insert into pgbench_branches(bid,bbalance) values(1,0)').count).toBe(1);
    for (let i = 1; i <= 10; i++) d.run(`insert into pgbench_tellers(tid,bid,tbalance) values (${i},1,0)`);
    for (let i = 1; i <= 100; i++)
      d.run('insert into pgbench_accounts(aid,bid,abalance,filler) values ($1, 1, 0, $2)', [String(i), '']);
    expect(d.run('vacuum analyze pgbench_branches').tag).toBe('VACUUM');
    for (const t of ['branches (bid)', 'tellers (tid)', 'accounts (aid)']) {
      expect(d.run(`alter table pgbench_${t.split(' ')[0]} add primary key ${t.split(' ')[1]}`).tag).toBe(
        'ALTER TABLE',
      );
    }
    const c = d.run('select count(*) from pgbench_branches');
    expect(c.names).toEqual(['count']);
    expect(c.types).toEqual([OID.int8]);
    expect(c.rows).toEqual([['1']]);
    const p = d.run(
      "select o.n, p.partstrat, pg_catalog.count(i.inhparent) from pg_catalog.pg_class as c join pg_catalog.pg_namespace as n on (n.oid = c.relnamespace) cross join lateral (select pg_catalog.array_position(pg_catalog.current_schemas(true), n.nspname)) as o(n) left join pg_catalog.pg_partitioned_table as p on (p.partrelid = c.oid) left join pg_catalog.pg_inherits as i on (c.oid = i.inhparent) where c.relname = 'pgbench_accounts' and o.n is not null group by 1, 2 order by 1 asc limit 1",
    );
    expect(p.rows).toEqual([['2', null, '0']]);
    expect(p.types).toEqual([OID.int4, OID.char, OID.int8]);
    expect(d.run('UPDATE pgbench_accounts SET abalance = abalance + $1 WHERE aid = $2;', ['5', '7']).count).toBe(1);
    const sel = d.run('SELECT abalance FROM pgbench_accounts WHERE aid = $1', ['7']);
    expect(sel.rows).toEqual([['5']]);
    expect(sel.tr.paramTypes).toEqual([OID.int4]);
    d.run('UPDATE pgbench_tellers SET tbalance = tbalance + -5 WHERE tid = 3;');
    d.run('INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES ($1, $2, $3, $4, CURRENT_TIMESTAMP);', [
      '3',
      '1',
      '7',
      '5',
    ]);
    d.run('INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (3, 1, 7, -5, CURRENT_TIMESTAMP);');
    expect(d.q('select tid, delta, mtime, filler from pgbench_history order by delta')).toEqual([
      '3|-5|2024-01-02 03:04:05|',
      '3|5|2024-01-02 03:04:05|',
    ]);
    expect(d.q('select tbalance from pgbench_tellers where tid = 3')).toEqual(['-5']);
  });
});

describe('types, names and OIDs', () => {
  it('reports PG column names and types', () => {
    const r = d.run(
      "select 1, 1.5, 'x', 3000000000, 1::text, count(*), now(), 'a'::varchar(3) as v, case when true then 1 end, coalesce(null, 2)",
    );
    expect(r.names).toEqual([
      '?column?',
      '?column?',
      '?column?',
      '?column?',
      'text',
      'count',
      'now',
      'v',
      'case',
      'coalesce',
    ]);
    expect(r.types).toEqual([
      OID.int4,
      OID.numeric,
      OID.text,
      OID.int8,
      OID.text,
      OID.int8,
      OID.timestamptz,
      OID.varchar,
      OID.int4,
      OID.int4,
    ]);
    expect(r.rows).toEqual([['1', '1.5', 'x', '3000000000', '1', '1', '2024-01-02 03:04:05+00', 'a', '1', '2']]);
  });

  it('round-trips the common column types', () => {
    d.run(
      'create table ty (id serial primary key, b bool, i2 int2, i8 int8, f4 real, f8 float8, n numeric(6,2), t text, vc varchar(4), c char(3), by bytea, dt date, tm time, ts timestamp, tz timestamptz, iv interval, u uuid, j json, jb jsonb, ai int[], at text[])',
    );
    const ins = d.run(
      "insert into ty (b, i2, i8, f4, f8, n, t, vc, c, by, dt, tm, ts, tz, iv, u, j, jb, ai, at) values (true, 2, 9007199254740993, 1.5, 0.1, 3.14159, 'tx', 'abcd', 'ab', '\\x0102', '2024-02-29', '12:34:56.5', '2024-01-01 00:00:01', '2024-01-01 00:00:00+05', '1 mon 2 days 03:00:00', 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', '{\"a\":1}', '{\"b\": 2, \"a\": 1}', '{1,2}', '{x,\"y z\"}') returning id",
    );
    expect(ins.rows).toEqual([['1']]);
    expect(ins.types).toEqual([OID.int4]);
    const r = d.run('select * from ty');
    expect(r.rows[0]).toEqual([
      '1',
      't',
      '2',
      '9007199254740993',
      '1.5',
      '0.1',
      '3.14',
      'tx',
      'abcd',
      'ab ',
      '\\x0102',
      '2024-02-29',
      '12:34:56.5',
      '2024-01-01 00:00:01',
      '2023-12-31 19:00:00+00',
      '1 mon 2 days 03:00:00',
      'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
      '{"a":1}',
      '{"a": 1, "b": 2}',
      '{1,2}',
      '{x,"y z"}',
    ]);
    expect(r.tr.columns?.[1]).toMatchObject({
      name: 'b',
      typeOid: OID.bool,
      tableOid: d.catalog.lookup('ty')?.oid,
      attnum: 2,
    });
    expect(r.tr.columns?.[6]).toMatchObject({ typeOid: OID.numeric, typmod: ((6 << 16) | 2) + 4 });
    expect(d.q('select n * 2, n / 3, n + 1, b and true, not b from ty')).toEqual([
      '6.28|1.04666666666666666667|4.14|t|f',
    ]);
    expect(d.q("select id from ty where dt = '2024-02-29' and ts > '2023-12-31' and c = 'ab' and n = 3.14")).toEqual([
      '1',
    ]);
  });

  it('infers parameter types from context', () => {
    d.run('create table pt (a int8, b date, c text)');
    expect(d.translate('insert into pt values ($1, $2, $3)').paramTypes).toEqual([OID.int8, OID.date, OID.text]);
    expect(d.translate('select * from pt where b > $1 limit $2').paramTypes).toEqual([OID.date, OID.int8]);
    expect(d.translate('select $1, $2::int').paramTypes).toEqual([OID.text, OID.int4]);
    expect(d.translate('select $1 = 1', [OID.int8]).paramTypes).toEqual([OID.int8]);
  });
});

describe('errors', () => {
  const code = (sql: string) => {
    try {
      d.run(sql);
    } catch (e) {
      return `${(e as { code: string }).code}${(e as { position?: number }).position ? `@${(e as { position?: number }).position}` : ''}`;
    }
    return 'ok';
  };
  it('uses PG SQLSTATEs and positions', () => {
    expect(code('select * from nosuch')).toBe('42P01@15');
    expect(code('select nosuch from pgbench_branches')).toBe('42703@8');
    expect(code("select 'abc'::int")).toBe('22P02@8');
    expect(code('select 1/0')).toBe('22012');
    expect(code('create table pgbench_branches (x int)')).toBe('42P07@14');
    expect(code('listen foo')).toBe('0A000');
    expect(code("insert into pgbench_tellers (tid, filler) values (99, repeat('x', 100))")).toBe('22001');
    expect(code('select 2147483647::int + 1')).toBe('22003');
    expect(code('select count(*) from pgbench_branches where count(*) > 1')).toBe('42803@45');
    expect(code('insert into pgbench_branches (bid) values (null)')).toMatch(/SQLITE_CONSTRAINT_NOTNULL|23502/);
  });
});

describe('DDL', () => {
  it('persists catalog changes in the same SQL', () => {
    d.run(
      'create table ddl1 (id serial primary key, name varchar(20) not null unique, created timestamptz default now())',
    );
    const row = d.db.prepare("select definition from _lumos_catalog where name = 'ddl1'").get() as {
      definition: string;
    };
    const def = JSON.parse(row.definition);
    expect(def.rowidColumn).toBe('id');
    expect(def.indexes.map((i: { name: string }) => i.name)).toEqual(['ddl1_pkey', 'ddl1_name_key']);
    expect(d.run("insert into ddl1 (name) values ('a'), ('b') returning id, created").rows).toEqual([
      ['1', '2024-01-02 03:04:05+00'],
      ['2', '2024-01-02 03:04:05+00'],
    ]);
    d.run('alter table ddl1 rename to ddl2');
    d.run('alter table ddl2 add column n int default 7');
    expect(d.q('select id, name, n from ddl2 order by id')).toEqual(['1|a|7', '2|b|7']);
    d.run('create index ddl2_n on ddl2 (n)');
    expect(d.run('drop index ddl2_n').tag).toBe('DROP INDEX');
    expect(d.run('drop table ddl2').tag).toBe('DROP TABLE');
    expect(d.db.prepare("select count(*) as n from _lumos_catalog where name like 'ddl%'").get()).toEqual({ n: 0 });
    expect(d.catalog.lookup('ddl2')).toBeUndefined();
  });
});
