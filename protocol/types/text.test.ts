/**
 * Text codecs against the real PostgreSQL 15: for every literal, decode -> encode must give PG's output text byte
 * for byte (and re-reading PG's output must give it again), and invalid input must fail with PG's SQLSTATE and
 * message.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { CodecContext } from './context.js';
import { oidOfTypeName } from './oids.js';
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
  const enc = getTextEncoder(oid);
  const dec = getTextDecoder(oid);
  const failures: unknown[] = [];
  for (const lit of literals) {
    const ref = await reference(client, lit, type);
    const mine = outcome(() => enc(dec(lit, ctx), ctx));
    if (ref.ok) {
      if (!mine.ok || mine.value !== ref.text) {
        failures.push({ lit, expected: ref.text, got: mine.ok ? mine.value : mine });
        continue;
      }
      const again = outcome(() => enc(dec(ref.text, ctx), ctx));
      if (!again.ok || again.value !== ref.text) {
        // Only a failure if PG reads its own output back (it does not always: '1.79769313486232e+308').
        const back = await reference(client, ref.text, type);
        if (back.ok) failures.push({ lit, reread: ref.text, got: again });
      }
    } else if (mine.ok || mine.code !== ref.code || mine.message !== ref.message) {
      failures.push({ lit, expected: ref, got: mine });
    }
  }
  return failures;
}

const d = describe.skipIf(!client);

d('text codecs vs PostgreSQL 15', () => {
  it('bool', async () => {
    const lits = ['t', 'true', 'TRUE', ' yes ', 'y', 'on', 'off', 'of', 'o', '1', '0', 'f', 'False', 'no', 'n'];
    lits.push('x', '', 'tru', 'truex', '2', ' ');
    expect(await compare('bool', lits)).toEqual([]);
  });

  it('integers and oid', async () => {
    const common = ['0', '-0', '  12  ', '+5', 'abc', '', '1.5', '1e3', '00012', ' ', '- 1', '12a'];
    expect(await compare('int2', [...common, '-32768', '32767', '32768', '-32769'])).toEqual([]);
    expect(await compare('int4', [...common, '2147483647', '-2147483648', '2147483648', '99999999999'])).toEqual([]);
    const int8 = ['9223372036854775807', '-9223372036854775808', '9223372036854775808', '9007199254740993'];
    int8.push('-9007199254740993', '1234567890123456', '99999999999999999999999');
    expect(await compare('int8', [...common, ...int8])).toEqual([]);
    expect(await compare('oid', ['0', '4294967295', '4294967296', '-1', '12', 'x'])).toEqual([]);
  });

  const float4 = ['0.1', '1e6', '123456', '1234567', '1.5', '-0', 'NaN', 'Infinity', '-inf', '3.4e38', '1e39'];
  float4.push('1e-40', '1e-46', 'abc', '3.14159265', '100', '1e-5', '0.0001', '16777217', '1.17549435e-38', '1e10');
  float4.push('0.3', '2.5', '-123.456', '7e-45', '1234565', '33554435', '9.999999e5', '1.0000001', '', '1e');
  const float8 = ['0.1', '1e15', '1e14', '123456789012345678', '0.0001', '0.00001', '-0', '1e400', '1e-400'];
  float8.push('1e-310', 'abc', '1.7976931348623157e308', '5e-324', '3.141592653589793', '1e21', '1e22');
  float8.push('123.456', '-1.5e-7', '2.5', '0x10', ' 42 ', '0.30000000000000004', '1e16', '123456789.123', 'inf');
  float8.push('-nan', '1.', '.5e1', '100', '999999999999999.9', '0.000123456789', '2e-308', '1234565', '0.5');

  it('float4 / float8 with extra_float_digits 1 (shortest)', async () => {
    expect(await compare('float4', float4)).toEqual([]);
    expect(await compare('float8', float8)).toEqual([]);
  });

  it('float4 / float8 with extra_float_digits <= 0 and 3', async () => {
    for (const extraFloatDigits of [0, -3, -15, 3]) {
      expect(await compare('float4', float4, { extraFloatDigits })).toEqual([]);
      expect(await compare('float8', float8, { extraFloatDigits })).toEqual([]);
    }
  });

  it('numeric', async () => {
    const lits = ['1e3', '1.5e-3', '1.50e1', '-0.00', ' 1.50 ', 'inf', '-Infinity', 'nan', '.5', '5.', '000123.4500'];
    lits.push('abc', '1e', '-', '12345678901234567890.123456789', '0.000000001', '-1.5E+10', '+3', '1e-20', '');
    lits.push('.', '-.5', '1.2.3', '0', '-0', '00', '1 2', '+infinity', ' NaN ', '1e+2', '100e-2');
    expect(await compare('numeric', lits)).toEqual([]);
  });

  it('text, varchar, name, char', async () => {
    const lits = ['hello', '', ' sp ', 'ünïcödé 🎉', 'a"b\\c'];
    expect(await compare('text', lits)).toEqual([]);
    expect(await compare('varchar', lits)).toEqual([]);
    expect(await compare('name', [...lits, 'x'.repeat(70), `${'é'.repeat(40)}`])).toEqual([]);
    expect(await compare('"char"', ['a', 'xyz'])).toEqual([]);
  });

  it('bytea (hex and escape output)', async () => {
    const lits = ['\\x', '\\x0102ff', '\\x01 02', '\\xzz', '\\x1', 'abc', 'a\\\\b', 'a\\001b', 'a\\b', 'é', '\\X01'];
    lits.push('\\xAbCd', ' \\x01', 'a\\400', '\\x0', 'tab\there', '\\x01\n02');
    expect(await compare('bytea', lits)).toEqual([]);
    expect(await compare('bytea', lits, { byteaOutput: 'escape' })).toEqual([]);
  });

  it('uuid', async () => {
    const lits = ['a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'];
    lits.push('{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}', 'a0eebc999c0b4ef8bb6d6bb9bd380a11');
    lits.push('a0ee-bc99-9c0b-4ef8-bb6d-6bb9-bd38-0a11', 'abc', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1');
    lits.push(
      ' a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
      '{a0eebc999c0b4ef8bb6d6bb9bd380a11',
      'a0eebc99-9c0b4ef8-bb6d6bb9bd380a11',
    );
    expect(await compare('uuid', lits)).toEqual([]);
  });

  it('json and jsonb', async () => {
    const json = ['{"a":1}', ' [1, 2 ] ', '{"a":}', '"\\u0000"', '1e5', 'tru', '{"a":1,"a":2}', '[1,2', 'x', ''];
    expect(await compare('json', json)).toEqual([]);
    const jsonb = ['{"b":1,"a":2}', '{"aa":1,"b":2,"a":3}', '{"a":1,"a":2}', '[1.0, 1e2, -0, 0.10, 1E-2]'];
    jsonb.push('{"a":{"c":[1,{"d":null}],"b":true}}', '"\\u00e9\\n\\t\\"\\\\/"', '"\\u0001\\u001f"', '{}', '[]');
    jsonb.push('  null ', '{"a":}', '"\\u0000"', '[1,2', 'x', '{"é":1,"z":2}', '123456789012345678901234567890');
    jsonb.push('"\\ud83d\\ude00"', '[[], {}, [{}]]', '{"key": "value with spaces", "n": -1.5e-3}', 'true', '01');
    jsonb.push('[1,]', '{"a" 1}', '"abc', '-', '1.', '"a\tb"', '{"b":1,"a":{"y":1,"x":2}}', '"\u007f"');
    expect(await compare('jsonb', jsonb)).toEqual([]);
  });

  const dates = ['2024-01-05', '20240105', 'Jan 5 2024', '1/5/2024', '0044-03-15 BC', 'epoch', 'infinity'];
  dates.push('-infinity', '2024-13-01', '2024-02-30', '2024-02-29', '2023-02-29', 'abc', '13/13/2024');
  dates.push('05 jan 2024', 'jan-05-2024', '2024-jan-05', '1/5/24', '240105', '2024.01.05', '2024 001');
  dates.push('2024.001', '10000-01-01', '5874898-01-01', '5874897-12-31', '4713-11-24 BC', '4714-11-23 BC');
  dates.push('2024-01-05 12:34:56', '2024-01-05T12:34:56+02', 'Friday Jan 5 2024', '99-01-05', '01/02/03');
  dates.push('Jan 5 24', '5 Jan 24', '24 Jan 5', '0001-01-01', '0001-12-31 BC', '1900-02-29', '2000-02-29', '');
  dates.push('0000-01-01', 'January 5, 2024', '2024-01-05 BC', '2024-1-5', 'Jan 32 2024', '2024-01-05 garbage');

  it('date (ISO, MDY / DMY / YMD and output styles)', async () => {
    expect(await compare('date', dates)).toEqual([]);
    expect(await compare('date', dates, { dateStyle: 'ISO, DMY' })).toEqual([]);
    expect(await compare('date', dates, { dateStyle: 'ISO, YMD' })).toEqual([]);
    expect(await compare('date', dates, { dateStyle: 'SQL, MDY' })).toEqual([]);
    expect(await compare('date', dates, { dateStyle: 'German' })).toEqual([]);
    expect(await compare('date', dates, { dateStyle: 'Postgres, DMY' })).toEqual([]);
    // Relative dates follow the session zone (UTC+14 and UTC-11 disagree about 'today' most of the day).
    for (const timeZone of ['Pacific/Kiritimati', 'Pacific/Pago_Pago']) {
      expect(await compare('date', ['today', 'tomorrow', 'yesterday', 'now'], { timeZone })).toEqual([]);
    }
  });

  it('time and timetz', async () => {
    const times = ['12:34:56', '00:00', '24:00:00', '24:00:01', '23:59:60', '23:59:60.5', '12:00:00.1234567'];
    times.push('23:59:59.9999999', 'abc', '2024-01-05', '2024-01-05 12:00', '040506', '1230', '12', '13:00 pm');
    times.push('12:30 am', '1:02:03.5 PM', 'allballs', '12:00:00+05', '04:05:06.789', '10:61', '12:00 2024-01-05');
    times.push('T12:00', '040506.5', '', '25:00');
    expect(await compare('time', times)).toEqual([]);
    const tz = ['12:00 +05', '12:00:00-08:30', '12:00 +25', '2024-01-05 12:00 america/new_york', '12:00 PST'];
    tz.push('2024-07-05 12:00 america/new_york', '12:00 america/new_york', '00:00:00+00', '12:00:00.5 UTC');
    tz.push('12:00 -0330', '12:00:00+05:30:15', 'abc', '24:00:00+01', 'allballs');
    expect(await compare('timetz', tz)).toEqual([]);
    expect(
      await compare('timetz', ['12:00', '2024-07-05 12:00', '2024-01-05 12:00'], { timeZone: 'Europe/Paris' }),
    ).toEqual([]);
  });

  const ts = ['2024-01-05 12:34:56.789', '2024-01-05T12:34:56', '2024-01-01 24:00:00', '2024-01-01 24:00:01'];
  ts.push(
    '2024-01-01 23:59:60',
    '0044-03-15 12:00 BC',
    'infinity',
    '-infinity',
    'epoch',
    '294276-12-31 23:59:59.999999',
  );
  ts.push(
    '294277-01-01',
    '4713-11-24 00:00 BC',
    '4714-11-23 23:59 BC',
    'abc',
    '20240105T123456',
    '2024-01-05 12:00:00 Europe/Paris',
  );
  ts.push('2024-01-05 12:00:00+05', '12:00:00 2024-01-05', '12:00:00 Jan 5 2024', 'Jan 5, 2024 10:00 PM');
  ts.push(
    '1999-12-31 23:59:59.9999995',
    '2024-01-05 12:00 at time zone',
    '1600-01-01 00:00',
    '2300-06-15 01:02:03.000004',
  );
  ts.push(
    '2024-01-05 12:00 Foo/Bar',
    '2024-01-05T12:00:00Z',
    '1970-01-01 00:00:00.000001',
    '1969-12-31 23:59:59.999999',
  );
  ts.push('2024-01-05 12:00 +05:30', '2024-03-10 02:30', '2024-11-03 01:30', '2024-03-31 02:30', '2024-10-27 02:30');
  ts.push('1800-06-01 00:00', '2100-07-01 12:00', '1900-01-01', 'Jan 5, 2024 10:00 PST', '2024-01-05 12:00 Asia/Tokyo');
  ts.push('2024-01-05 12:00 +25', '2024-01-05 12:00 -03:30', '2024-01-05 12:00 EST5EDT', '');

  it('timestamp', async () => {
    expect(await compare('timestamp', ts)).toEqual([]);
    expect(await compare('timestamp', ts, { dateStyle: 'SQL, DMY' })).toEqual([]);
    expect(await compare('timestamp', ts, { dateStyle: 'Postgres, MDY' })).toEqual([]);
  });

  it('timestamptz in several zones', async () => {
    const zones = ['Etc/UTC', 'Europe/Paris', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe'];
    zones.push('+02', '-03:30', 'UTC', 'America/St_Johns', 'Pacific/Chatham');
    for (const timeZone of zones) expect(await compare('timestamptz', ts, { timeZone })).toEqual([]);
  });

  const intervals = ['1.5 years', '1.01 years', '1.05 years', '1.5 months', '1.7 weeks', '-1 days 2 hours'];
  intervals.push('@ 1 hour ago', '1-2', '-1-2', '3 4:05:06', 'P1Y2M3DT4H5M6S', 'P1.5Y', 'PT1.5S', 'P1W', '1:02.5');
  intervals.push('5', '-1 year -2 mons +3 days -04:05:06', '1.333333333 seconds', 'abc', '1 2 3', '1 day 2 day');
  intervals.push('0', '00:00:00', '1 mon 1 day 1 hour ago', '2 hours 30 minutes', '10 days', '1 week 3 days');
  intervals.push('1 millennium 2 centuries 3 decades', '-00:00:01.5', '1 day -00:00:01', '100000 hours');
  intervals.push('0.5 microseconds', '1.5 milliseconds', '1 day 01:00:00', '01:00:00 1.5 days', '1.5 days 01:00:00');
  intervals.push('+1 -1:00', '1 d 2 h 3 m 4 s', '10 mins 5 secs', '-1.5 days', '1 year -1 month', '', 'P', 'PT');
  intervals.push('-P1D', 'P-1D', '1 day ago 2 hours', '12:00', '-12:00', '1 1-2', '1.2.3', '1-12', '@ 1 minute');
  intervals.push(
    '1 hour 1.5 hours',
    '3 days 2 hours 1 minute 0.000001 second',
    '-0',
    '-0.5 sec',
    '1.5',
    '-2 mon 30 days',
  );

  it('interval (all IntervalStyles)', async () => {
    for (const intervalStyle of ['postgres', 'iso_8601', 'sql_standard', 'postgres_verbose']) {
      expect(await compare('interval', intervals, { intervalStyle })).toEqual([]);
    }
  });

  it('bit, bit varying (B and X forms, bad digits) and money (lc_monetary C)', async () => {
    const bits = ['101', '', 'b101', 'B0', 'x1F', 'X0a', 'x', '1012', 'xG1', ' 101', 'abc', '0'.repeat(70)];
    expect(await compare('varbit', bits)).toEqual([]);
    expect(await compare('"bit"', bits)).toEqual([]);
    const money = ['12.345', '$1,234.56', '-$1,234.50', '(12.5)', '', '1,2,3', ' $ 12 ', '12-', '+5', 'abc', '1.2.3'];
    money.push('0.005', '-0.005', '12.3449', '92233720368547758.07', '-92233720368547758.08', '92233720368547758.08');
    money.push('$-10', '10$', '$(10)', '0', '7', '1e3', '99999999999999999999');
    expect(await compare('money', money)).toEqual([]);
  });

  it('arrays', async () => {
    const ints = ['{1,2,NULL}', '{}', ' { 1 , 2 } ', '{{1,2},{3,4}}', '{1,2', '{1,a}', '{{1},{2,3}}', '{null,NULL}'];
    ints.push('[1:2]={1,2}', '1,2', '{1,,2}', '{1,2}x', '{{1,2},3}', '{"1","2"}', '{ }', '{{}}');
    expect(await compare('int4[]', ints)).toEqual([]);
    const texts = ['{a,"b c","",NULL,"NULL","x\\"y","a\\\\b"}', '{" a ", b c ,"d"}', '{\\"}', '{a\\,b}', '{nULl}'];
    texts.push('{"a\\nb"}', '{a{b}', '{"}', '{x y,"z"  }', '{\\ a}', '{"{}"}', '{a\tb}');
    expect(await compare('text[]', texts)).toEqual([]);
    expect(await compare('date[]', ['{2024-01-05,infinity,NULL}', '{"Jan 5 2024"}'])).toEqual([]);
    expect(await compare('timestamptz[]', ['{"2024-01-05 12:00+02",NULL}'], { timeZone: 'Europe/Paris' })).toEqual([]);
    expect(await compare('bytea[]', ['{"\\\\x0102",NULL,abc}'])).toEqual([]);
    expect(await compare('numeric[]', ['{1.50,NaN,-0.001,1e3}'])).toEqual([]);
    expect(await compare('bool[]', ['{t,f,yes,NULL}'])).toEqual([]);
    expect(await compare('jsonb[]', ['{"{\\"b\\":1,\\"a\\":2}",null,"[]"}'])).toEqual([]);
    expect(await compare('float8[]', ['{1.5,NaN,-Infinity,1e100}'])).toEqual([]);
    expect(await compare('uuid[]', ['{A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11}'])).toEqual([]);
    expect(await compare('interval[]', ['{"1 day","2 hours",NULL}'])).toEqual([]);
    expect(await compare('varchar[]', ['{"",NULL," "}'])).toEqual([]);
  });
});

describe('encoders accept the engines representations', () => {
  const ctx = context();
  it('bool from numbers and bigint, ints from bigint', () => {
    const b = getTextEncoder(16);
    expect([b(1, ctx), b(0, ctx), b(1n, ctx), b(true, ctx), b('yes', ctx)]).toEqual(['t', 'f', 't', 't', 't']);
    expect(getTextEncoder(20)(9223372036854775807n, ctx)).toBe('9223372036854775807');
  });
  it('int8 decoder returns number when safe, bigint otherwise', () => {
    const dec = getTextDecoder(20);
    expect(dec('42', ctx)).toBe(42);
    expect(dec('9007199254740993', ctx)).toBe(9007199254740993n);
  });
  it('timestamps as bigint and date/time values given as text', () => {
    expect(getTextEncoder(1114)(253402300799999999n, ctx)).toBe('9999-12-31 23:59:59.999999');
    expect(getTextEncoder(1114)('2024-01-05T01:02:03', ctx)).toBe('2024-01-05 01:02:03');
    expect(getTextEncoder(1082)('20240105', ctx)).toBe('2024-01-05');
    expect(getTextDecoder(1184)('2024-01-05 00:00:00+00', ctx)).toBe(1704412800000000);
  });
  it('unknown OIDs fall back to text', () => {
    expect(getTextEncoder(999999)(12, ctx)).toBe('12');
    expect(getTextDecoder(999999)('x', ctx)).toBe('x');
  });
});

/** Deterministic PRNG (mulberry32) for the randomised sweeps. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** PG's text output for each input of `sql` (which reads the array $1 and returns one text row per element). */
async function pgColumn(sql: string, values: unknown[]): Promise<string[]> {
  const r = await client!.query({ text: sql, values: [values], types: { getTypeParser: () => (v: string) => v } });
  return r.rows.map((row) => row.v as string);
}

function mismatches(expected: string[], got: string[], inputs: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i < expected.length && out.length < 10; i++) {
    if (expected[i] !== got[i]) out.push({ input: inputs[i], expected: expected[i], got: got[i] });
  }
  return out;
}

d('randomised sweeps vs PostgreSQL 15', () => {
  it('float8 and float4 output for random bit patterns', async () => {
    const next = rng(1);
    const buf = Buffer.alloc(8);
    const doubles: number[] = [];
    while (doubles.length < 3000) {
      buf.writeUInt32BE((next() * 2 ** 32) >>> 0, 0);
      buf.writeUInt32BE((next() * 2 ** 32) >>> 0, 4);
      const v = buf.readDoubleBE(0);
      if (Number.isFinite(v)) doubles.push(v);
    }
    for (let i = 0; i < 500; i++)
      doubles.push(Math.round(next() * 1e6) / 100, (next() - 0.5) * 10 ** Math.floor(next() * 40 - 20));
    const floats = doubles.map((v, i) => (i % 2 ? Math.fround(v / 2 ** Math.floor(next() * 900)) : Math.fround(v)));
    const inputs = doubles.map((v) => v.toExponential(17));
    const finite = floats.filter((v) => Number.isFinite(v));
    for (const extraFloatDigits of [1, 0, -4]) {
      const ctx = context({ extraFloatDigits });
      await applySettings(client!, ctx);
      const pg8 = await pgColumn(
        'SELECT x::float8::text AS v FROM unnest($1::text[]) WITH ORDINALITY t(x, n) ORDER BY n',
        inputs,
      );
      const mine8 = doubles.map((v) => getTextEncoder(OID_FLOAT8)(v, ctx));
      expect(mismatches(pg8, mine8, inputs)).toEqual([]);
      const in4 = finite.map((v) => v.toExponential(10));
      const pg4 = await pgColumn(
        'SELECT x::float4::text AS v FROM unnest($1::text[]) WITH ORDINALITY t(x, n) ORDER BY n',
        in4,
      );
      const mine4 = finite.map((v) =>
        getTextEncoder(OID_FLOAT4)(getTextDecoder(OID_FLOAT4)(v.toExponential(10), ctx), ctx),
      );
      expect(mismatches(pg4, mine4, in4)).toEqual([]);
    }
  });

  it('timestamptz output over 4000 random instants in several zones', async () => {
    const next = rng(2);
    const micros: number[] = [];
    for (let i = 0; i < 4000; i++) {
      const span = i % 4 === 0 ? 2e17 : 3e15; // mostly 1875-2065, some over the whole range
      micros.push(Math.round((next() - 0.5) * span));
    }
    const utc = context();
    const inputs = micros.map((m) => getTextEncoder(OID_TIMESTAMPTZ)(m, utc));
    for (const timeZone of [
      'Europe/Paris',
      'America/New_York',
      'Australia/Lord_Howe',
      'Asia/Kathmandu',
      'America/Sao_Paulo',
    ]) {
      const ctx = context({ timeZone });
      await applySettings(client!, ctx);
      const pg = await pgColumn(
        'SELECT x::timestamptz::text AS v FROM unnest($1::text[]) WITH ORDINALITY t(x, n) ORDER BY n',
        inputs,
      );
      const mine = micros.map((m) => getTextEncoder(OID_TIMESTAMPTZ)(m, ctx));
      expect(mismatches(pg, mine, inputs)).toEqual([]);
      // And local wall-clock text read back in the zone gives the instant PG gives.
      const back = pg.map((s) => getTextEncoder(OID_TIMESTAMPTZ)(getTextDecoder(OID_TIMESTAMPTZ)(s, ctx), ctx));
      expect(mismatches(pg, back, pg)).toEqual([]);
    }
  });

  it('interval output for random components in every IntervalStyle', async () => {
    const next = rng(3);
    const ivs: { months: number; days: number; micros: number }[] = [];
    const pick = (scale: number) => Math.round((next() - 0.5) * scale) * (next() < 0.3 ? 0 : 1);
    for (let i = 0; i < 1000; i++)
      ivs.push({ months: pick(400), days: pick(100), micros: pick(next() < 0.5 ? 2e11 : 1e15) });
    const signed = (n: number) => (n < 0 ? String(n) : `+${n}`);
    const inputs = ivs.map((v) => `${signed(v.months)} mons ${signed(v.days)} days ${signed(v.micros)} microseconds`);
    for (const intervalStyle of ['postgres', 'iso_8601', 'sql_standard', 'postgres_verbose']) {
      const ctx = context({ intervalStyle });
      await applySettings(client!, ctx);
      const pg = await pgColumn(
        'SELECT x::interval::text AS v FROM unnest($1::text[]) WITH ORDINALITY t(x, n) ORDER BY n',
        inputs,
      );
      const mine = ivs.map((v) => getTextEncoder(OID_INTERVAL)({ ...v, micros: v.micros || 0 }, ctx));
      expect(mismatches(pg, mine, inputs)).toEqual([]);
      const back = pg.map((s) => getTextEncoder(OID_INTERVAL)(getTextDecoder(OID_INTERVAL)(s, ctx), ctx));
      expect(mismatches(pg, back, pg)).toEqual([]);
    }
  });

  it('date output for random day numbers in every DateStyle', async () => {
    const next = rng(4);
    const days = Array.from({ length: 2000 }, (_, i) => Math.round((next() - 0.5) * (i % 3 ? 2e5 : 4e6)));
    for (const dateStyle of ['ISO, MDY', 'SQL, DMY', 'German', 'Postgres, MDY']) {
      const ctx = context({ dateStyle });
      await applySettings(client!, ctx);
      const pg = await pgColumn(
        "SELECT ('1970-01-01'::date + x)::text AS v FROM unnest($1::int[]) WITH ORDINALITY t(x, n) ORDER BY n",
        days,
      );
      expect(
        mismatches(
          pg,
          days.map((v) => getTextEncoder(OID_DATE)(v, ctx)),
          days,
        ),
      ).toEqual([]);
      const back = pg.map((s) => getTextEncoder(OID_DATE)(getTextDecoder(OID_DATE)(s, ctx), ctx));
      expect(mismatches(pg, back, pg)).toEqual([]);
    }
  });

  it('numeric normalisation of random literals', async () => {
    const next = rng(5);
    const digits = (n: number) => Array.from({ length: n }, () => Math.floor(next() * 10)).join('');
    const lits = Array.from({ length: 2000 }, () => {
      let s = (next() < 0.3 ? '-' : '') + digits(Math.floor(next() * 6));
      if (next() < 0.6) s += `.${digits(Math.floor(next() * 8))}`;
      if (!/\d/.test(s)) s += '0';
      if (next() < 0.3) s += `e${Math.floor((next() - 0.5) * 30)}`;
      return s;
    });
    const pg = await pgColumn(
      'SELECT x::numeric::text AS v FROM unnest($1::text[]) WITH ORDINALITY t(x, n) ORDER BY n',
      lits,
    );
    const ctx = context();
    expect(
      mismatches(
        pg,
        lits.map((s) => getTextEncoder(OID_NUMERIC)(getTextDecoder(OID_NUMERIC)(s, ctx), ctx)),
        lits,
      ),
    ).toEqual([]);
  });
});

const OID_FLOAT4 = 700;
const OID_FLOAT8 = 701;
const OID_NUMERIC = 1700;
const OID_DATE = 1082;
const OID_TIMESTAMPTZ = 1184;
const OID_INTERVAL = 1186;
