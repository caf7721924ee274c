/**
 * Binary codecs against the real PostgreSQL 15: the bytes of our encoder must equal those of the type's send
 * function (typsend) for the same literal, and decoding PG's bytes must give back PG's text output.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { getBinaryDecoder, getBinaryEncoder } from './binary.js';
import type { CodecContext } from './context.js';
import { OID, oidOfTypeName } from './oids.js';
import { applySettings, connectReference, context, outcome, reference } from './reference.testutil.js';
import { getTextDecoder, getTextEncoder } from './text.js';

const client = await connectReference();
afterAll(() => client?.end());

async function compare(type: string, literals: string[], over: Partial<CodecContext> = {}): Promise<unknown[]> {
  if (!client) return [];
  const ctx = context(over);
  await applySettings(client, ctx);
  const oid = oidOfTypeName(type);
  if (oid === undefined) throw new Error(`unknown type ${type}`);
  const failures: unknown[] = [];
  for (const lit of literals) {
    const ref = await reference(client, lit, type, true);
    if (!ref.ok) {
      failures.push({ lit, pgError: ref.message });
      continue;
    }
    const mine = outcome(() => getBinaryEncoder(oid)(getTextDecoder(oid)(lit, ctx), ctx).toString('hex'));
    if (!mine.ok || mine.value !== ref.hex) failures.push({ lit, expected: ref.hex, got: mine.ok ? mine.value : mine });
    const back = outcome(() => getTextEncoder(oid)(getBinaryDecoder(oid)(Buffer.from(ref.hex ?? '', 'hex'), ctx), ctx));
    if (!back.ok || back.value !== ref.text)
      failures.push({ lit, decoded: ref.text, got: back.ok ? back.value : back });
  }
  return failures;
}

const d = describe.skipIf(!client);

d('binary codecs vs PostgreSQL 15 send functions', () => {
  it('bool, integers, oid, "char"', async () => {
    expect(await compare('bool', ['t', 'f'])).toEqual([]);
    expect(await compare('int2', ['0', '-32768', '32767', '-1'])).toEqual([]);
    expect(await compare('int4', ['0', '-2147483648', '2147483647', '123456'])).toEqual([]);
    const int8 = ['0', '-9223372036854775808', '9223372036854775807', '9007199254740993', '-1', '4294967296'];
    expect(await compare('int8', int8)).toEqual([]);
    expect(await compare('oid', ['0', '4294967295', '2147483648'])).toEqual([]);
    expect(await compare('"char"', ['a', 'z'])).toEqual([]);
  });

  it('float4, float8', async () => {
    const lits = ['0', '-0', '0.1', '1e30', '-1.5', 'NaN', 'Infinity', '-Infinity', '1e-40', '3.4e38'];
    expect(await compare('float4', lits)).toEqual([]);
    expect(await compare('float8', [...lits, '1e300', '5e-324', '3.141592653589793'])).toEqual([]);
  });

  it('numeric', async () => {
    const lits = ['0', '0.00', '12345.678', '-0.0001', 'NaN', 'Infinity', '-Infinity', '100000000', '1e-20'];
    lits.push('123456789012345678901234567890.123456789', '-1.5', '9999', '10000', '0.5', '1e100', '0.00010000');
    expect(await compare('numeric', lits)).toEqual([]);
  });

  it('text types, bytea, uuid, json, jsonb', async () => {
    expect(await compare('text', ['', 'hello', 'ünïcödé 🎉'])).toEqual([]);
    expect(await compare('varchar', ['abc'])).toEqual([]);
    expect(await compare('bpchar', ['abc  '])).toEqual([]);
    expect(await compare('name', ['pg_class'])).toEqual([]);
    expect(await compare('bytea', ['\\x', '\\x00ff10', 'abc'])).toEqual([]);
    expect(
      await compare('uuid', ['a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '00000000-0000-0000-0000-000000000000']),
    ).toEqual([]);
    expect(await compare('json', ['{"b": 1,"a":[1,2]}', '"x"'])).toEqual([]);
    expect(await compare('jsonb', ['{"b": 1,"a":[1,2]}', '"x"', '[1.0, 1e2]', '{"é": "\\u00e9"}'])).toEqual([]);
  });

  it('date, time, timetz, timestamp, timestamptz, interval', async () => {
    const dates = ['2024-01-05', '2000-01-01', '1970-01-01', '0044-03-15 BC', 'infinity', '-infinity', '5874897-12-31'];
    expect(await compare('date', dates)).toEqual([]);
    expect(await compare('time', ['00:00', '12:34:56.789', '24:00:00', '23:59:59.999999'])).toEqual([]);
    expect(await compare('timetz', ['12:00 +05', '12:00:00-08:30', '00:00:00.5+00', '12:00:00+05:30:15'])).toEqual([]);
    const ts = ['2024-01-05 12:34:56.789', '2000-01-01', '1970-01-01', '1969-12-31 23:59:59.999999', 'infinity'];
    ts.push('-infinity', '0044-03-15 12:00 BC', '294276-12-31 23:59:59.999999', '4713-11-24 00:00 BC', '2300-01-01');
    expect(await compare('timestamp', ts)).toEqual([]);
    expect(await compare('timestamptz', ts, { timeZone: 'Europe/Paris' })).toEqual([]);
    const iv = ['0', '1 year 2 mons 3 days 04:05:06.5', '-1 days +02:00:00', '100000 hours', '-1.5 seconds'];
    expect(await compare('interval', iv)).toEqual([]);
  });

  it('bit, bit varying (int32 length, packed bits), money (int64 cents)', async () => {
    const bits = ['', '1', '101', '10000000', '111111111', 'x1F', '0'.repeat(70)];
    expect(await compare('"bit"', bits)).toEqual([]);
    expect(await compare('varbit', bits)).toEqual([]);
    const money = ['0', '12.35', '-1234.5', '92233720368547758.07', '-92233720368547758.08', '0.01'];
    expect(await compare('money', money)).toEqual([]);
  });

  it('arrays (one and two dimensions, NULLs, empty)', async () => {
    expect(await compare('int4[]', ['{}', '{1,2,NULL}', '{{1,2},{3,4}}', '{NULL}'])).toEqual([]);
    expect(await compare('text[]', ['{a,"b c",NULL,""}'])).toEqual([]);
    expect(await compare('int8[]', ['{9223372036854775807,-1}'])).toEqual([]);
    expect(await compare('numeric[]', ['{1.5,NaN}'])).toEqual([]);
    expect(await compare('timestamptz[]', ['{"2024-01-05 12:00+02",infinity}'])).toEqual([]);
    expect(await compare('bytea[]', ['{"\\\\x0102",NULL}'])).toEqual([]);
    expect(await compare('bool[]', ['{t,f}'])).toEqual([]);
    expect(await compare('uuid[]', ['{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}'])).toEqual([]);
    expect(await compare('jsonb[]', ['{"{\\"a\\": 1}"}'])).toEqual([]);
  });
});

describe('binary codecs without a server', () => {
  const ctx = context();
  it('rejects truncated input with 22P03', () => {
    const r = outcome(() => getBinaryDecoder(OID.int4)(Buffer.from([0, 1, 2]), ctx));
    expect(r).toMatchObject({ ok: false, code: '22P03' });
  });
  it('int8 decodes to number when safe and bigint otherwise', () => {
    const dec = getBinaryDecoder(OID.int8);
    expect(dec(Buffer.from('000000000000002a', 'hex'), ctx)).toBe(42);
    expect(dec(Buffer.from('7fffffffffffffff', 'hex'), ctx)).toBe(9223372036854775807n);
    expect(dec(Buffer.from('ffffffffffffffff', 'hex'), ctx)).toBe(-1);
  });
  it('encoders accept engine values (0/1 for bool, bigint timestamps, text dates)', () => {
    expect(getBinaryEncoder(OID.bool)(1, ctx)).toEqual(Buffer.from([1]));
    expect(getBinaryEncoder(OID.timestamp)(946684800000000n, ctx)).toEqual(Buffer.alloc(8));
    expect(getBinaryEncoder(OID.date)('2000-01-01', ctx)).toEqual(Buffer.alloc(4));
  });
  it('unknown OIDs fall back to the UTF-8 text', () => {
    expect(getBinaryEncoder(999999)(12, ctx)).toEqual(Buffer.from('12'));
    expect(getBinaryDecoder(999999)(Buffer.from('x'), ctx)).toBe('x');
  });
});
