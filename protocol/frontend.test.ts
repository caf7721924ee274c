import { serialize } from 'pg-protocol';
import { describe, expect, it } from 'vitest';
import { decodeFrontend } from './frontend.js';

/** Split a serialized frontend message into (type, body) as the connection's framing does. */
function frame(buf: Buffer): [number, Buffer] {
  return [buf[0], buf.subarray(5, 1 + buf.readInt32BE(1))];
}

describe('decodeFrontend', () => {
  it('decodes what node-postgres serializes', () => {
    expect(decodeFrontend(...frame(serialize.query('SELECT 1')))).toEqual({ type: 'Query', sql: 'SELECT 1' });
    expect(decodeFrontend(...frame(serialize.parse({ name: 's1', text: 'SELECT $1', types: [23] })))).toEqual({
      type: 'Parse',
      name: 's1',
      sql: 'SELECT $1',
      paramTypes: [23],
    });
    const bind = decodeFrontend(
      ...frame(serialize.bind({ portal: 'p', statement: 's1', values: ['42', null], binary: true })),
    );
    expect(bind).toMatchObject({ type: 'Bind', portal: 'p', statement: 's1', resultFormats: [1] });
    expect((bind as { params: (Buffer | null)[] }).params).toEqual([Buffer.from('42'), null]);
    expect(decodeFrontend(...frame(serialize.execute({ portal: 'p', rows: 100 })))).toEqual({
      type: 'Execute',
      portal: 'p',
      maxRows: 100,
    });
    expect(decodeFrontend(...frame(serialize.describe({ type: 'S', name: 's1' })))).toEqual({
      type: 'Describe',
      kind: 'S',
      name: 's1',
    });
    expect(decodeFrontend(...frame(serialize.sync()))).toEqual({ type: 'Sync' });
  });

  it('rejects malformed bodies as FATAL protocol violations', () => {
    const truncated = serialize.parse({ name: 's', text: 'SELECT 1', types: [23, 25] });
    const [type, body] = frame(truncated);
    expect(() => decodeFrontend(type, body.subarray(0, body.length - 3))).toThrowError(
      expect.objectContaining({ code: '08P01', severity: 'FATAL' }),
    );
    expect(() => decodeFrontend(0x7a, Buffer.alloc(0))).toThrowError(expect.objectContaining({ code: '08P01' }));
  });

  it('reports invalid UTF-8 as a non-fatal 22021', () => {
    const body = Buffer.concat([Buffer.from([0x53, 0xff, 0xfe]), Buffer.from([0])]);
    expect(() => decodeFrontend(0x51, body)).toThrowError(
      expect.objectContaining({ code: '22021', severity: 'ERROR' }),
    );
  });
});
