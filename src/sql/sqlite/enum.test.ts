import { beforeAll, describe, expect, it } from 'vitest';
import { PgError } from '../../../protocol/errors.js';
import { arrayOidOf, elementOidOf } from '../../../protocol/types/oids.js';
import { sortOrderBetween } from './ddl-enum.js';
import { parseDoBlock } from './do-block.js';
import { TestDb } from './testkit.js';

let d: TestDb;
beforeAll(async () => {
  d = await TestDb.create();
  d.run("create type mood as enum ('sad', 'ok', 'happy')");
  d.run("create table people (id int primary key, m mood default 'ok', ms mood[])");
  d.run("insert into people values (1, 'happy', '{sad,ok}'), (2, 'sad', null), (3, default, '{happy}')");
});

const code = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return e instanceof PgError ? e.code : String(e);
  }
  return undefined;
};

describe('enum types', () => {
  it('registers the type and its array type', () => {
    const def = d.catalog.lookupType('mood');
    expect(def?.labels.map((l) => l.label)).toEqual(['sad', 'ok', 'happy']);
    expect(arrayOidOf(def?.oid ?? 0)).toBe(def?.arrayOid);
    expect(elementOidOf(def?.arrayOid ?? 0)).toBe(def?.oid);
  });

  it('orders by the declared order, not alphabetically', () => {
    expect(d.q('select id from people order by m')).toEqual(['2', '3', '1']);
    expect(d.q("select id from people where m > 'sad' order by m desc")).toEqual(['1', '3']);
    expect(d.q('select min(m), max(m) from people')).toEqual(['sad|happy']);
    expect(d.q("select greatest('sad'::mood, 'ok'), least('happy'::mood, 'ok')")).toEqual(['ok|ok']);
  });

  it('keeps the order after ADD VALUE BEFORE/AFTER', () => {
    d.run("alter type mood add value 'meh' before 'ok'");
    d.run("alter type mood add value 'ecstatic' after 'happy'");
    expect(d.q('select enum_range(null::mood)')).toEqual(['{sad,meh,ok,happy,ecstatic}']);
    expect(d.q('select enumlabel, enumsortorder from pg_enum order by enumsortorder')).toEqual([
      'sad|1',
      'meh|1.5',
      'ok|2',
      'happy|3',
      'ecstatic|4',
    ]);
    expect(d.q("select 'meh'::mood < 'ok', 'meh'::mood > 'sad'")).toEqual(['t|t']);
    expect(d.q("select enum_range('meh'::mood, 'happy')")).toEqual(['{meh,ok,happy}']);
  });

  it('checks labels of literals, casts and parameters (22P02)', () => {
    expect(code(() => d.run("insert into people values (9, 'angry')"))).toBe('22P02');
    expect(code(() => d.run("select 'angry'::text::mood"))).toBe('22P02');
    expect(code(() => d.run('insert into people (id, m) values (9, $1)', ['angry']))).toBe('22P02');
    expect(code(() => d.run("update people set ms = '{sad,angry}' where id = 1"))).toBe('22P02');
    expect(code(() => d.run("select count(*) from people where m = 'ok'::text"))).toBe('42883');
    expect(d.q('select id from people where m = $1', ['sad'])).toEqual(['2']);
  });

  it('renames values in stored rows and arrays', () => {
    d.run("alter type mood rename value 'sad' to 'blue'");
    expect(d.q('select id, m, ms from people order by id')).toEqual(['1|happy|{blue,ok}', '2|blue|', '3|ok|{happy}']);
    expect(code(() => d.run("alter type mood rename value 'nope' to 'x'"))).toBe('22023');
    expect(code(() => d.run("alter type mood rename value 'ok' to 'happy'"))).toBe('42710');
  });

  it('refuses duplicates and drops with RESTRICT/CASCADE', () => {
    expect(code(() => d.run("create type mood as enum ('x')"))).toBe('42710');
    expect(code(() => d.run("alter type mood add value 'ok'"))).toBe('42710');
    expect(d.run("alter type mood add value if not exists 'ok'").tr.notices?.[0].code).toBe('42710');
    expect(code(() => d.run('drop type mood'))).toBe('2BP01');
    d.run('drop type mood cascade');
    expect(d.q("select count(*) from information_schema.columns where table_name = 'people'")).toEqual(['1']);
    expect(code(() => d.run("select 'ok'::mood"))).toBe('42704');
  });

  it('computes PG sort orders for new labels', () => {
    expect(sortOrderBetween(undefined, undefined)).toBe(1);
    expect(sortOrderBetween(3, undefined)).toBe(4);
    expect(sortOrderBetween(undefined, 1)).toBe(0);
    expect(sortOrderBetween(1, 2)).toBe(1.5);
  });
});

describe('DO blocks', () => {
  const block = (body: string) => ({ args: [{ DefElem: { defname: 'as', arg: { String: { sval: body } } } }] });

  it('accepts one DDL statement with an ignoring handler', () => {
    const r = parseDoBlock(block("BEGIN CREATE TYPE t AS ENUM('a'); EXCEPTION WHEN duplicate_object THEN null; END"));
    expect(r.stmt.kind).toBe('CreateEnumStmt');
    expect([...r.ignore]).toEqual(['42710']);
  });

  it('refuses other blocks with 0A000', () => {
    expect(code(() => parseDoBlock(block('BEGIN RAISE NOTICE $$x$$; END')))).toBe('0A000');
    expect(code(() => parseDoBlock(block('DECLARE x int; BEGIN x := 1; END')))).toBe('0A000');
    expect(code(() => parseDoBlock(block('BEGIN UPDATE t SET a = 1; EXCEPTION WHEN others THEN null; END')))).toBe(
      '0A000',
    );
  });

  it('ignores the handled condition and runs the statement otherwise', () => {
    const sql = `DO 'BEGIN CREATE TYPE color AS ENUM(''red''); EXCEPTION WHEN duplicate_object THEN null; END'`;
    expect(d.run(sql).tag).toBe('DO');
    expect(d.q("select 'red'::color")).toEqual(['red']);
    expect(d.run(sql).tag).toBe('DO');
  });
});
