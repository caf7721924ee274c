/** Text, regex, date/time, math and aggregate functions (fn-*.ts); expected values come from PostgreSQL 15. */
import { beforeAll, describe, expect, it } from 'vitest';
import { OID } from '../../../protocol/types/oids.js';
import { TestDb } from './testkit.js';

let d: TestDb;
beforeAll(async () => {
  d = await TestDb.create();
});

const one = (sql: string) => d.run(sql).rows[0];
const err = (sql: string) => d.sqlstate(sql);

describe('text functions', () => {
  it('formats, pads and splits like PG', () => {
    expect(
      one("SELECT initcap('hello wORLD-foo bar_baz 3am'), lpad('hello', 3), rpad('', 2, 'ab'), lpad('日本', 4, '*')"),
    ).toEqual(['Hello World-Foo Bar_Baz 3am', 'hel', 'ab', '**日本']);
    expect(one("SELECT split_part('a,b,c', ',', -1), reverse('hello'), translate('hello', 'el', 'ip')")).toEqual([
      'c',
      'olleh',
      'hippo',
    ]);
    expect(
      one(
        "SELECT format('%-5s|%5s|', 'ab', 'cd'), format('%I.%L', 'my table', 'it''s'), format('%3$s %1$s', 'a', 'b', 'c')",
      ),
    ).toEqual(['ab   |   cd|', "\"my table\".'it''s'", 'c a']);
    expect(one("SELECT quote_ident('select'), to_hex(-1), upper('straße'), concat(1, true, NULL)")).toEqual([
      '"select"',
      'ffffffff',
      'STRAßE',
      '1t',
    ]);
    expect(err("SELECT split_part('a.b', '.', 0)")).toBe('22023');
    expect(err("SELECT format('%s-%s', 1)")).toBe('22023');
  });
  it('handles bytea', () => {
    expect(
      one(
        "SELECT encode('hello'::bytea, 'base64'), encode('\\x00ff5c'::bytea, 'escape'), encode(sha256('abc'), 'hex')",
      ),
    ).toEqual(['aGVsbG8=', '\\000\\377\\\\', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad']);
    expect(one("SELECT length('é'::bytea), get_byte('\\x0102'::bytea, 1), '\\x01'::bytea || '\\x02'::bytea")).toEqual([
      '2',
      '2',
      '\\x0102',
    ]);
    expect(err("SELECT decode('not hex', 'hex')")).toBe('22023');
  });
});

describe('regular expressions', () => {
  it('translates ARE patterns and SIMILAR TO', () => {
    expect(
      one("SELECT 'ABC' ~ '(?i)abc', 'foo bar' ~ '\\mbar\\M', 'x1' ~ '[[:digit:]]$', 'abc' SIMILAR TO '(a|b)%'"),
    ).toEqual(['t', 't', 't', 't']);
    expect(
      one(
        "SELECT regexp_replace('Hello World', '(\\w+) (\\w+)', '\\2 \\1'), regexp_replace('aaa', 'a', 'b'), regexp_replace('aaa', 'a', 'b', 'g')",
      ),
    ).toEqual(['World Hello', 'baa', 'bbb']);
    expect(
      one(
        "SELECT regexp_match('a1b22', '(\\d)(\\w)'), regexp_split_to_array('a, b,c', ',\\s*'), substring('Thomas' SIMILAR '%#\"o_a#\"_' ESCAPE '#')",
      ),
    ).toEqual(['{1,b}', '{a,b,c}', 'oma']);
    expect(one("SELECT 'a_b' LIKE 'a!_b' ESCAPE '!', 'axb' LIKE 'a!_b' ESCAPE '!', 'abc' ~~ 'a%'")).toEqual([
      't',
      'f',
      't',
    ]);
  });
});

describe('date/time functions', () => {
  it('formats and parses with templates', () => {
    expect(
      one(
        "SELECT to_char(TIMESTAMP '2024-03-10 15:04:05', 'Mon DD, YYYY at HH:MI:SS PM'), to_char(DATE '2024-12-30', 'IYYY IW ID'), to_char(DATE '2024-03-01', 'FMDay DDth')",
      ),
    ).toEqual(['Mar 10, 2024 at 03:04:05 PM', '2025 01 1', 'Friday 01st']);
    expect(
      one(
        "SELECT to_date('March 5, 2024', 'Month DD, YYYY'), to_timestamp('2024-05-06 07:08:09', 'YYYY-MM-DD HH24:MI:SS')",
      ),
    ).toEqual(['2024-03-05', '2024-05-06 07:08:09+00']);
    expect(
      one("SELECT to_char(1234.5, '9G999D99'), to_char(-12.3, '999.9'), to_char(0.5, 'FM0.00'), to_char(485, 'RN')"),
    ).toEqual([' 1,234.50', ' -12.3', '0.50', '        CDLXXXV']);
    expect(err("SELECT to_date('2024-02-30', 'YYYY-MM-DD')")).toBe('22008');
  });
  it('computes age, make_* and justify_*', () => {
    expect(
      one(
        "SELECT age(TIMESTAMP '2024-03-10 08:30:00', TIMESTAMP '2023-01-01 00:00:00'), age(TIMESTAMP '2024-01-01', TIMESTAMP '2024-03-15 12:00')",
      ),
    ).toEqual(['1 year 2 mons 9 days 08:30:00', '-2 mons -14 days -12:00:00']);
    expect(
      one(
        "SELECT make_date(2024, 2, 29), make_interval(hours => 3, mins => 30), justify_interval(interval '1 month -1 hour')",
      ),
    ).toEqual(['2024-02-29', '03:30:00', '29 days 23:00:00']);
    expect(one("SELECT extract(epoch FROM interval '1 day 2 hours'), date_trunc('month', DATE '2024-03-07')")).toEqual([
      '93600.000000',
      '2024-03-01 00:00:00+00',
    ]);
    expect(err('SELECT make_date(2023, 2, 29)')).toBe('22008');
  });
});

describe('math and aggregates', () => {
  it('uses PG numeric scales', () => {
    expect(
      one('SELECT sqrt(2::numeric), exp(1.0), ln(10.0), log(2, 8.0), 2::numeric ^ 0.5, power(2::numeric, 10)'),
    ).toEqual([
      '1.414213562373095',
      '2.7182818284590452',
      '2.3025850929940457',
      '3.0000000000000000',
      '1.4142135623730950',
      '1024.0000000000000000',
    ]);
    expect(one('SELECT scale(1.2300), trim_scale(1.2300), factorial(25), div(-7, 2)')).toEqual([
      '4',
      '1.23',
      '15511210043330985984000000',
      '-3',
    ]);
    expect(err('SELECT ln(0::float8)')).toBe('2201E');
    const r = d.run('SELECT 1::real + 1, 0.1::real::float8');
    expect(r.types).toEqual([OID.float8, OID.float8]);
    expect(r.rows[0]).toEqual(['2', '0.10000000149011612']);
  });
  it('computes statistics and ordered-set aggregates', () => {
    d.run('CREATE TABLE fn_agg (x numeric, f float8, s text)');
    d.run("INSERT INTO fn_agg VALUES (1.5, 0.1, 'a'), (2.5, 0.2, 'b'), (4, 0.3, 'b')");
    expect(one('SELECT stddev(x), var_pop(f), sum(f) FROM fn_agg')).toEqual([
      '1.2583057392117916',
      '0.006666666666666661',
      '0.6000000000000001',
    ]);
    expect(
      one(
        'SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x), percentile_disc(0.5) WITHIN GROUP (ORDER BY x), mode() WITHIN GROUP (ORDER BY s) FROM fn_agg',
      ),
    ).toEqual(['2.5', '2.5', 'b']);
    expect(one("SELECT string_agg(DISTINCT s, ',' ORDER BY s), count(DISTINCT x * 1.0) FROM fn_agg")).toEqual([
      'a,b',
      '3',
    ]);
  });
});
