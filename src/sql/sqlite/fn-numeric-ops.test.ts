/**
 * Bitwise operators (op-bitwise.ts), width_bucket (fn-bucket.ts), num_nulls (fn-comparison.ts), regex SRFs
 * (srf-regex.ts), timetz (fn-timetz.ts), interval qualifiers and float NaN / -0 storage. Expected values come
 * from PostgreSQL 15.20.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { adjustIntervalForTypmod } from '../../../protocol/types/interval.js';
import { widthBucketArray, widthBucketFloat, widthBucketNumeric } from './fn-bucket.js';
import { parseDecText } from './numeric.js';
import { sqlLiteral, timetzFromStorage, timetzToStorage, toStorage } from './storage.js';
import { TestDb } from './testkit.js';

let d: TestDb;
beforeAll(async () => {
  d = await TestDb.create();
});

const one = (sql: string) => d.run(sql).rows[0];
const col = (sql: string) => d.run(sql).rows.map((r) => r[0]);
const err = (sql: string) => d.sqlstate(sql);

describe('bitwise operators', () => {
  it('keeps the operand type and wraps shifts like PG on x86', () => {
    expect(one('SELECT 5 & 3, 5 | 3, 5 # 3, ~5, 1 << 4, 256 >> 2')).toEqual(['1', '7', '6', '-6', '16', '64']);
    expect(one('SELECT 1 << 31, 1 << 32, 1::int2 << 15, 1::int2 << 16, -8 >> 1, -1::int8 >> 70')).toEqual([
      '-2147483648',
      '1',
      '-32768',
      '0',
      '-4',
      '-1',
    ]);
    expect(one('SELECT 9223372036854775807 # -1, ~5::int2')).toEqual(['-9223372036854775808', '-6']);
    expect(d.run('SELECT 1::int2 & 1::int2, 1::int2 & 1, 1::int8 # 1, 1::int2 << 1').types).toEqual([21, 23, 20, 21]);
  });
  it('reports PG errors for ambiguous and missing operators', () => {
    expect(err("SELECT '5' & '3'")).toBe('42725');
    expect(err("SELECT ~ '5'")).toBe('42725');
    expect(err('SELECT 5 << 2::int8')).toBe('42883');
    expect(err('SELECT 1.5 & 1')).toBe('42883');
  });
});

describe('width_bucket', () => {
  it('float form uses PG 15 double arithmetic', () => {
    expect(widthBucketFloat(29, 0, 100, 100)).toBe(30);
    expect(widthBucketFloat(0.3, 0, 1, 3)).toBe(1);
    expect(widthBucketFloat(1e308, -1e308, 1.5e308, 7)).toBe(-2147483648);
    expect(widthBucketFloat(3, 10, 0, 4)).toBe(3);
    expect(() => widthBucketFloat(1, 0, 1, 0)).toThrow('count must be greater than zero');
    expect(() => widthBucketFloat(20, 0, 10, 2147483647)).toThrow('integer out of range');
  });
  it('numeric form is exact', () => {
    const n = parseDecText;
    expect(widthBucketNumeric(n('5.35'), n('0.024'), n('10.06'), 5)).toBe(3);
    expect(widthBucketNumeric(n('10'), n('10'), n('0'), 4)).toBe(1);
    expect(widthBucketNumeric(n('0'), n('10'), n('0'), 4)).toBe(5);
    expect(() => widthBucketNumeric(n('1'), n('1'), n('1'), 2)).toThrow('lower bound cannot equal upper bound');
  });
  it('array form is a binary search', () => {
    expect(widthBucketArray(5, [1, 3, 4], 'int')).toBe(3);
    expect(widthBucketArray(0, [1, 3, 4], 'int')).toBe(0);
    expect(widthBucketArray('b', ['a', 'c'], 'text')).toBe(1);
    expect(() => widthBucketArray(5, [1, null], 'int')).toThrow('must not contain NULLs');
    expect(one('SELECT width_bucket(5, 0, 10, 5), width_bucket(5.5, ARRAY[1, 5, 6])')).toEqual(['3', '2']);
    expect(err("SELECT width_bucket('nan'::numeric, 1, 2, 2)")).toBe('2201G');
  });
});

describe('num_nulls and regex set-returning functions', () => {
  it('counts NULL arguments and VARIADIC elements', () => {
    expect(one("SELECT num_nulls(1, NULL, NULL), num_nonnulls(1, NULL, 'a')")).toEqual(['2', '2']);
    expect(one('SELECT num_nulls(VARIADIC ARRAY[[1, NULL], [NULL, 4]]), num_nulls(VARIADIC NULL::int[])')).toEqual([
      '2',
      null,
    ]);
  });
  it('regexp_matches returns one text[] row per match with g', () => {
    expect(col("SELECT regexp_matches('a1b22c333', '([a-z])(\\d+)', 'g')")).toEqual(['{a,1}', '{b,22}', '{c,333}']);
    expect(col("SELECT regexp_matches('abc', 'x*', 'g')")).toEqual(['{""}', '{""}', '{""}', '{""}']);
    expect(col("SELECT m FROM regexp_matches('ab', 'z') AS m")).toEqual([]);
    expect(col("SELECT regexp_split_to_table('x-y-z', '-')")).toEqual(['x', 'y', 'z']);
    expect(err("SELECT regexp_split_to_table('x-y', '-', 'g')")).toBe('22023');
  });
});

describe('timetz and interval qualifiers', () => {
  it('stores timetz as a key that sorts like timetz_cmp', () => {
    const a = timetzToStorage({ micros: 12 * 3600e6, offset: 7200 });
    const b = timetzToStorage({ micros: 10 * 3600e6, offset: 0 });
    expect(a < b).toBe(true);
    expect(timetzFromStorage(a)).toEqual({ micros: 12 * 3600e6, offset: 7200 });
    expect(one('SELECT pg_typeof(current_time), current_time::time = localtime')).toEqual(['time with time zone', 't']);
  });
  it('reads unit-less fields with the qualifier and truncates to it', () => {
    expect(
      one(
        "SELECT interval '3 4' day to hour, interval '1:30' minute to second, interval '1' day, interval '1.5' second(0)",
      ),
    ).toEqual(['3 days 04:00:00', '00:01:30', '1 day', '00:00:02']);
    const dayToHour = (8 | 1024) << 16;
    expect(adjustIntervalForTypmod({ months: 0, days: 1, micros: 5_400_000_000 }, dayToHour | 0xffff)).toEqual({
      months: 0,
      days: 1,
      micros: 3_600_000_000,
    });
  });
});

describe('float NaN and -0', () => {
  it('stores NaN as text that sorts above every number', () => {
    expect(toStorage(701, Number.NaN)).toBe('NaN');
    expect(sqlLiteral(-0)).toBe('-0.0');
    d.run('CREATE TABLE nan_t (x float8)');
    d.run("INSERT INTO nan_t VALUES ('NaN'), ('Infinity'), (1), (NULL)");
    expect(col('SELECT x FROM nan_t ORDER BY x')).toEqual(['1', 'Infinity', 'NaN', null]);
    expect(one("SELECT max(x), sum(x), count(*) FILTER (WHERE x = 'NaN') FROM nan_t")).toEqual(['NaN', 'NaN', '1']);
    expect(
      one("SELECT 'inf'::float8 - 'inf'::float8, -'NaN'::float8, abs('NaN'::float8), 'NaN'::numeric::float8"),
    ).toEqual(['NaN', 'NaN', 'NaN', 'NaN']);
    expect(one("SELECT '-0'::float8, -0.0::float8")).toEqual(['-0', '-0']);
  });
});
