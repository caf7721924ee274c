/**
 * bit(n) / bit varying(n) (type-bit.ts, op-bit.ts, fn-bit.ts) and money (type-money.ts, op-money.ts,
 * fn-money.ts). Expected values come from PostgreSQL 15 (lc_monetary C).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { bitApplyLength, bitFromInt, bitFromText, bitToInt } from '../../../protocol/types/bitstring.js';
import { moneyFromText, moneyToText } from '../../../protocol/types/money.js';
import { bitOverlay, bitPosition, bitSubstring } from './fn-bit.js';
import { cashWords } from './fn-money.js';
import { bitShiftLeft } from './op-bit.js';
import { cashFloatOp } from './op-money.js';
import { TestDb } from './testkit.js';

let d: TestDb;
beforeAll(async () => {
  d = await TestDb.create();
});

const one = (sql: string) => d.run(sql).rows[0];
const col = (sql: string) => d.run(sql).rows.map((r) => r[0]);
const err = (sql: string) => d.sqlstate(sql);

describe('bit string rules', () => {
  it('reads B, X and plain forms and applies lengths like bit()/varbit()', () => {
    expect(bitFromText('x1F')).toBe('00011111');
    expect(bitFromText('b101')).toBe('101');
    expect(() => bitFromText('101', 4)).toThrow('bit string length 3 does not match type bit(4)');
    expect(() => bitFromText('10101', 4, true)).toThrow('bit string too long for type bit varying(4)');
    expect(bitApplyLength('101', 4, false, true)).toBe('1010');
    expect(bitApplyLength('10101', 3, true, true)).toBe('101');
    expect(bitApplyLength('1', 4, true, false)).toBe('1');
  });

  it('converts integers with sign extension and back with wrap-around', () => {
    expect(bitFromInt(-1n, 40, 32)).toBe('1'.repeat(40));
    expect(bitFromInt(300n, 4, 32)).toBe('1100');
    expect(bitFromInt(7n, 70, 64)).toBe(`${'0'.repeat(67)}111`);
    expect(bitToInt('1'.repeat(32), 32)).toBe(-1n);
    expect(() => bitToInt('1'.repeat(33), 32)).toThrow('integer out of range');
  });

  it('substring, overlay, position and shifts clip like varbit.c', () => {
    expect(bitSubstring('1101', 0, 2)).toBe('1');
    expect(bitSubstring('1101', -1, 2)).toBe('');
    expect(bitSubstring('1101', 3, 10)).toBe('01');
    expect(() => bitSubstring('1101', 2, -1)).toThrow('negative substring length not allowed');
    expect(bitOverlay('11111', '00', 2, 1)).toBe('100111');
    expect(bitPosition('101', '')).toBe(1);
    expect(bitPosition('', '')).toBe(0);
    expect(bitShiftLeft('1010', -2)).toBe('0010');
    expect(bitShiftLeft('1010', 10)).toBe('0000');
  });
});

describe('bit columns and operators', () => {
  it('stores, checks lengths and orders like PG', () => {
    d.run('CREATE TABLE bt (id int, b bit(4), v varbit(3))');
    d.run("INSERT INTO bt VALUES (1, B'1010', B'1'), (2, '0001', B'10'), (3, 9::bit(4), B''), (4, B'1010', B'0')");
    expect(err("INSERT INTO bt (b) VALUES (B'101')")).toBe('22026');
    expect(err("INSERT INTO bt (v) VALUES (B'1111')")).toBe('22001');
    expect(err('INSERT INTO bt (b) VALUES (5)')).toBe('42804');
    expect(col('SELECT v FROM bt ORDER BY v')).toEqual(['', '0', '1', '10']);
    expect(col('SELECT DISTINCT b FROM bt ORDER BY b')).toEqual(['0001', '1001', '1010']);
    expect(one("SELECT bit_and(b), bit_or(b), bit_xor(b) FROM bt WHERE b <> B'0001'")).toEqual([
      '1000',
      '1011',
      '1001',
    ]);
    expect(err('SELECT max(b) FROM bt')).toBe('42883');
  });

  it('has the bitwise operators, functions and integer casts', () => {
    expect(one("SELECT B'1010' & B'1100', B'1010' # B'1100', ~B'1010', B'1010' << 1, B'10' || B'011'")).toEqual([
      '1000',
      '0110',
      '0101',
      '0100',
      '10011',
    ]);
    expect(err("SELECT B'101' & B'11'")).toBe('22026');
    expect(one("SELECT length(B'10101'), octet_length(B'101010101'), bit_count(X'FF'), get_bit(B'1010', 2)")).toEqual([
      '5',
      '2',
      '8',
      '1',
    ]);
    expect(err("SELECT get_bit(B'1010', 4)")).toBe('2202E');
    expect(one("SELECT 1::bit(4), B'1111'::int4, '101'::bit(4), '101'::text::bit(4)")).toEqual([
      '0001',
      '15',
      '1010',
      '1010',
    ]);
    expect(err("SELECT '1012'::bit(4)")).toBe('22P02');
    expect(err("SELECT '1'::varbit::int")).toBe('42846');
  });
});

describe('money', () => {
  it('reads and writes PG text with lc_monetary C', () => {
    expect(moneyToText(moneyFromText('12.345'))).toBe('$12.35');
    expect(moneyToText(moneyFromText('-$1,234.5'))).toBe('-$1,234.50');
    expect(moneyToText(moneyFromText('(12.5)'))).toBe('-$12.50');
    expect(moneyToText(moneyFromText('-92233720368547758.08'))).toBe('-$92,233,720,368,547,758.08');
    expect(() => moneyFromText('92233720368547758.08')).toThrow('out of range for type money');
    expect(() => moneyFromText('1.2.3')).toThrow('invalid input syntax for type money: "1.2.3"');
  });

  it('rounds float products half to even like rint', () => {
    expect(cashFloatOp(5n, '*', 0.5)).toBe(2n);
    expect(cashFloatOp(15n, '*', 0.5)).toBe(8n);
    expect(() => cashFloatOp(1000n, '*', Number.NaN)).toThrow('money out of range');
    expect(() => cashFloatOp(1000n, '/', 0)).toThrow('division by zero');
  });

  it('spells amounts like cash_words', () => {
    expect(cashWords(123456n)).toBe('One thousand two hundred thirty four dollars and fifty six cents');
    expect(cashWords(100000n)).toBe('One thousand  dollars and zero cents');
    expect(cashWords(-1n)).toBe('Minus zero dollars and one cent');
    expect(cashWords(10110n)).toBe('One hundred and one dollars and ten cents');
  });

  it('stores cents: arithmetic, casts, aggregates and overflow', () => {
    d.run('CREATE TABLE mt (id int, m money)');
    d.run("INSERT INTO mt VALUES (1, '$1,200'), (2, 3.455), (3, '-$45.10'), (4, 2), (5, NULL)");
    expect(col('SELECT m FROM mt ORDER BY m')).toEqual(['-$45.10', '$2.00', '$3.46', '$1,200.00', null]);
    expect(one('SELECT sum(m), min(m), max(m) FROM mt')).toEqual(['$1,160.36', '-$45.10', '$1,200.00']);
    expect(err('SELECT avg(m) FROM mt')).toBe('42883');
    expect(one("SELECT m * 1.5, m / 3, 2 * m, m / '$2'::money, m::numeric FROM mt WHERE id = 2")).toEqual([
      '$5.19',
      '$1.15',
      '$6.92',
      '1.73',
      '3.46',
    ]);
    expect(err("SELECT '92233720368547758.07'::money + '$0.01'")).toBe('22003');
    expect(err("SELECT '$1'::money / 0")).toBe('22012');
    expect(err('SELECT 1e20::money')).toBe('22003');
    expect(err('INSERT INTO mt VALUES (6, 1.5::float8)')).toBe('42804');
    expect(err("SELECT '$1'::money::float8")).toBe('42846');
  });
});
