/** format_type against PostgreSQL 15.20's answers, odd typmods and OIDs included. */
import { describe, expect, it } from 'vitest';
import { formatType } from './format-type.js';

describe('format_type', () => {
  it.each([
    [1044, 15, '???'],
    [1044, null, '???'],
    [99999, 5, '???'],
    [0, null, '-'],
    [0, -1, '-'],
    [23, 5, 'integer'],
    [1043, 4, 'character varying'],
    [1043, 0, 'character varying'],
    [1043, 14, 'character varying(10)'],
    [1042, null, 'character'],
    [1042, -1, 'bpchar'],
    [1042, 1, 'character'],
    [1700, 3, 'numeric'],
    [1700, 4, 'numeric(0,0)'],
    [1700, 65540, 'numeric(1,0)'],
    [1700, 65531, 'numeric(0,-9)'],
    [1700, 1001 * 65536 + 4, 'numeric(1001,0)'],
    [1186, 2147418112, 'interval(0)'],
    [1186, 2147418114, 'interval(2)'],
    [1186, 131078, 'interval month(6)'],
    [1186, 196607, 'interval month'],
    [1560, -1, '"bit"'],
    [1560, null, 'bit'],
    [1560, 0, 'bit(0)'],
    [1562, 0, 'bit varying(0)'],
    [1083, 3, 'time(3) without time zone'],
    [1083, -5, 'time without time zone'],
    [1266, 7, 'time(7) with time zone'],
    [1184, 0, 'timestamp(0) with time zone'],
    [2277, 3, 'anyarray(3)'],
    [19, 3, 'name(3)'],
    [16, 1, 'boolean'],
    [1000, 3, 'boolean[]'],
    [1015, 10, 'character varying(6)[]'],
    [1014, 5, 'character(1)[]'],
    [22, null, 'int2vector'],
    [1034, null, 'aclitem[]'],
    [18, null, '"char"'],
    [83, -1, 'pg_class'],
    [13226, -1, 'information_schema.sql_identifier'],
    [13226, 7, 'information_schema.sql_identifier(7)'],
  ])('format_type(%s, %s) = %s', (oid, typmod, expected) => {
    expect(formatType(oid, typmod)).toBe(expected);
  });

  it('rejects an interval typmod naming no field range, like PG', () => {
    expect(() => formatType(1186, 32767)).toThrow('invalid INTERVAL typmod: 0x7fff');
  });
});
