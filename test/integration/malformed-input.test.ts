/**
 * Bad input on the wire: malformed, truncated and oversized messages, unknown message types, invalid UTF-8, broken
 * start-up packets and clients that vanish mid-query. The offending connection gets an error (FATAL and closed, or
 * a statement-level ERROR where PostgreSQL gives one), the server survives with bounded memory, and a bystander
 * connection opened before each attack keeps working. Where it makes sense the same bytes go to the reference
 * PostgreSQL 15 (127.0.0.1:5432, trust) and the SQLSTATEs must agree.
 */
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type BackendMessage,
  cstr,
  type ErrorMessage,
  errorsIn,
  FakeClient,
  int16,
  int32,
  parseBackend,
  rawMessage,
  rawStartup,
  rowsIn,
  serialize,
} from '../helpers/fake-client.js';
import { startLumos, type TestLumos } from '../helpers/lumos.js';

const MAX_MESSAGE = 65536;
const PG_PORT = Number(process.env.LUMOS_TEST_PG_PORT ?? 5432);
const PROTOCOL_3_0 = 196608;

let lumos: TestLumos;
let bystander: pg.Client;
let pgAvailable = false;

interface Target {
  name: 'lumos' | 'postgres';
  port: number;
  database: string;
}

const lumosTarget = (): Target => ({ name: 'lumos', port: lumos.port, database: 'lumos' });
const pgTarget = (): Target => ({ name: 'postgres', port: PG_PORT, database: 'postgres' });

/** The targets a comparison runs on: Lumos always, PostgreSQL when it is reachable. */
function targets(): Target[] {
  return pgAvailable ? [lumosTarget(), pgTarget()] : [lumosTarget()];
}

/** Compact view of a message sequence for assertions and failure output. */
function summary(messages: BackendMessage[]): string[] {
  return messages
    .filter((m) => m.name !== 'notice' && m.name !== 'parameterStatus')
    .map((m) => {
      if (m.name === 'error') {
        const e = m as ErrorMessage;
        return `${e.severity}:${e.code}`;
      }
      if (m.name === 'readyForQuery') return `Z:${(m as unknown as { status: string }).status}`;
      return m.name;
    });
}

/** Connect with a completed startup. */
function session(t: Target): Promise<FakeClient> {
  return FakeClient.open({ port: t.port, database: t.database });
}

/** A connection that has not sent anything yet. */
function rawConnection(t: Target): Promise<FakeClient> {
  return FakeClient.connect({ port: t.port });
}

/** After an attack on a connection: the server closed it, or it still answers a query. */
async function closedOrUsable(c: FakeClient): Promise<'closed' | 'usable'> {
  if (c.closed) return 'closed';
  const r = await c.query('SELECT 1 AS one');
  if (r.closed) return 'closed';
  expect(rowsIn(r.messages)).toEqual([['1']]);
  return 'usable';
}

beforeAll(async () => {
  lumos = await startLumos(['--max-message-size', String(MAX_MESSAGE)]);
  bystander = await lumos.client();
  await bystander.query('CREATE TABLE victims (id int PRIMARY KEY, note text)');
  try {
    const probe = await FakeClient.open({ port: PG_PORT, database: 'postgres', timeoutMs: 2000 });
    probe.end();
    pgAvailable = true;
  } catch {
    pgAvailable = false;
  }
});

afterEach(async () => {
  // The connection opened before the attack is unaffected, and the server still accepts new ones.
  const r = await bystander.query('SELECT 41 + 1 AS answer');
  expect(r.rows).toEqual([{ answer: 42 }]);
  const fresh = await session(lumosTarget());
  expect(rowsIn((await fresh.query('SELECT 7')).messages)).toEqual([['7']]);
  fresh.end();
});

afterAll(async () => {
  await lumos?.close();
});

describe('framing', () => {
  it('a truncated message followed by a close just ends the connection', async () => {
    for (const t of targets()) {
      const c = await session(t);
      // Length says 100, only 10 bytes of body follow, then the client hangs up.
      c.send(rawMessage('Q', Buffer.from('SELECT 1; '), 100));
      await new Promise((r) => setTimeout(r, 100));
      c.socket.end();
      const msgs = await c.untilClosed();
      for (const e of errorsIn(msgs)) expect(e.code, t.name).toBe('08P01');
    }
  });

  it('a truncated message keeps the server waiting only for that connection', async () => {
    const c = await session(lumosTarget());
    c.send(rawMessage('Q', Buffer.from('SELECT 1; '), 100));
    // Nothing comes back while the rest of the message is outstanding; others are served meanwhile.
    const r = await bystander.query('SELECT 1 AS x');
    expect(r.rows).toEqual([{ x: 1 }]);
    await new Promise((r) => setTimeout(r, 100));
    expect(summary(c.messages.slice(c.cursor))).toEqual([]);
    c.destroy();
  });

  for (const len of [-1, -100000, 0, 3]) {
    it(`rejects a message length of ${len}`, async () => {
      for (const t of targets()) {
        const c = await session(t);
        c.send(rawMessage('Q', Buffer.alloc(0), len));
        const msgs = await c.untilClosed(3000);
        // PostgreSQL closes without a word (the error only goes to its log); Lumos says FATAL 08P01 first.
        for (const e of errorsIn(msgs)) {
          expect(e.severity, t.name).toBe('FATAL');
          expect(e.code, t.name).toBe('08P01');
        }
        if (t.name === 'lumos') expect(summary(msgs)).toEqual(['FATAL:08P01']);
      }
    });
  }

  it('rejects an absurd length (0x7fffffff) at once, without waiting for or buffering the body', async () => {
    for (const t of targets()) {
      const c = await session(t);
      const sent = Date.now();
      c.send(rawMessage('Q', Buffer.alloc(0), 0x7fffffff));
      const msgs = await c.untilClosed(3000);
      expect(Date.now() - sent, t.name).toBeLessThan(1500);
      for (const e of errorsIn(msgs)) expect(e.code, t.name).toBe('08P01');
      if (t.name === 'lumos') expect(summary(msgs)).toEqual(['FATAL:08P01']);
    }
  });

  it('keeps memory bounded while a client streams the body of an absurdly long message', async () => {
    const c = await session(lumosTarget());
    const before = process.memoryUsage().rss;
    c.send(rawMessage('d', Buffer.alloc(0), 0x7ffffff0));
    // Push up to 200 MB after the header, honouring backpressure so the test itself does not buffer.
    const chunk = Buffer.alloc(1024 * 1024, 0x61);
    let sent = 0;
    let peak = before;
    while (sent < 200 * chunk.length && !c.socket.destroyed && !c.closed) {
      const ok = c.socket.write(chunk);
      sent += chunk.length;
      if (!ok) {
        await Promise.race([
          new Promise((r) => c.socket.once('drain', r)),
          c.closedPromise,
          new Promise((r) => setTimeout(r, 2000)),
        ]);
      }
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    const msgs = await c.untilClosed(5000);
    peak = Math.max(peak, process.memoryUsage().rss);
    expect(summary(msgs)).toEqual(['FATAL:08P01']);
    expect(peak - before).toBeLessThan(100 * 1024 * 1024);
  });

  it('rejects a message bigger than --max-message-size before reading its body', async () => {
    const c = await session(lumosTarget());
    c.send(rawMessage('Q', Buffer.alloc(0), MAX_MESSAGE + 5));
    const msgs = await c.untilClosed(3000);
    expect(summary(msgs)).toEqual(['FATAL:08P01']);
  });

  it('rejects a complete Query message bigger than --max-message-size', async () => {
    const c = await session(lumosTarget());
    const sql = `SELECT '${'x'.repeat(MAX_MESSAGE + 100)}'`;
    await c.sendAndFlush(serialize.query(sql));
    const msgs = await c.untilClosed(3000);
    expect(summary(msgs)).toEqual(['FATAL:08P01']);
  });

  it('accepts a message just under --max-message-size', async () => {
    const c = await session(lumosTarget());
    const text = 'y'.repeat(MAX_MESSAGE - 100);
    const r = await c.query(`SELECT length('${text}') AS n`);
    expect(summary(r.messages)).toEqual(['rowDescription', 'dataRow', 'commandComplete', 'Z:I']);
    expect(rowsIn(r.messages)).toEqual([[String(text.length)]]);
    c.end();
  });

  it('answers an unknown message type with FATAL 08P01 like PostgreSQL, and runs nothing sent after it', async () => {
    const outcomes: Record<string, { summary: string[]; message?: string }> = {};
    for (const t of targets()) {
      const c = await session(t);
      c.send(rawMessage('z', Buffer.from('abc')), serialize.query('SELECT 1'));
      const msgs = await c.untilClosed(3000);
      outcomes[t.name] = { summary: summary(msgs), message: errorsIn(msgs)[0]?.message };
    }
    expect(outcomes.lumos.summary).toEqual(['FATAL:08P01']);
    expect(outcomes.lumos.message).toBe('invalid frontend message type 122');
    if (pgAvailable) expect(outcomes.lumos).toEqual(outcomes.postgres);
    // A write pipelined behind the bad message never runs.
    const c = await session(lumosTarget());
    c.send(rawMessage(0x01, Buffer.alloc(3)), serialize.query("INSERT INTO victims VALUES (99, 'pipelined')"));
    expect(summary(await c.untilClosed(3000))).toEqual(['FATAL:08P01']);
    const r = await bystander.query('SELECT count(*)::int AS n FROM victims WHERE id = 99');
    expect(r.rows).toEqual([{ n: 0 }]);
  });
});

describe('message bodies', () => {
  it('Bind with the wrong number of parameters: ERROR 08P01, skip to Sync, connection usable (as in PostgreSQL)', async () => {
    const outcomes: Record<string, unknown> = {};
    for (const t of targets()) {
      const c = await session(t);
      c.send(
        serialize.parse({ text: 'SELECT $1::int AS v' }),
        serialize.bind({ values: [] }),
        serialize.describe({ type: 'P' }),
        serialize.execute(),
        serialize.sync(),
      );
      const first = await c.untilReady();
      c.send(
        serialize.parse({ text: 'SELECT 1 AS v' }),
        serialize.bind({ values: ['1', '2'] }),
        serialize.execute(),
        serialize.sync(),
      );
      const second = await c.untilReady();
      const after = await c.query('SELECT 5 AS v');
      outcomes[t.name] = {
        first: summary(first.messages),
        second: summary(second.messages),
        after: summary(after.messages),
        rows: rowsIn(after.messages),
      };
      c.end();
    }
    expect(outcomes.lumos).toEqual({
      first: ['parseComplete', 'ERROR:08P01', 'Z:I'],
      second: ['parseComplete', 'ERROR:08P01', 'Z:I'],
      after: ['rowDescription', 'dataRow', 'commandComplete', 'Z:I'],
      rows: [['5']],
    });
    if (pgAvailable) expect(outcomes.lumos).toEqual(outcomes.postgres);
  });

  it('Bind with an unknown format code: ERROR 22023, skip to Sync, connection usable (as in PostgreSQL)', async () => {
    const outcomes: Record<string, unknown> = {};
    for (const t of targets()) {
      const c = await session(t);
      const bind = Buffer.concat([
        cstr(''),
        cstr(''),
        int16(1),
        int16(7),
        int16(1),
        int32(1),
        Buffer.from('a'),
        int16(0),
      ]);
      c.send(
        serialize.parse({ text: 'SELECT $1::text AS s' }),
        rawMessage('B', bind),
        serialize.execute(),
        serialize.sync(),
      );
      const r = await c.untilReady();
      const after = await c.query('SELECT 6');
      outcomes[t.name] = { bind: summary(r.messages), rows: rowsIn(after.messages) };
      c.end();
    }
    expect(outcomes.lumos).toEqual({ bind: ['parseComplete', 'ERROR:22023', 'Z:I'], rows: [['6']] });
    if (pgAvailable) expect(outcomes.lumos).toEqual(outcomes.postgres);
  });

  it('Bind with a negative parameter count is rejected with 08P01', async () => {
    for (const t of targets()) {
      const c = await session(t);
      c.send(
        serialize.parse({ text: 'SELECT $1::text' }),
        rawMessage('B', Buffer.concat([cstr(''), cstr(''), int16(0), int16(-1), int16(0)])),
        serialize.sync(),
      );
      const r = await c.untilReady();
      expect(
        errorsIn(r.messages).map((e) => e.code),
        t.name,
      ).toEqual(['08P01']);
      await closedOrUsable(c);
      c.destroy();
    }
  });

  it('Bind whose parameter length runs past the end of the message is rejected with 08P01', async () => {
    for (const t of targets()) {
      const c = await session(t);
      c.send(
        serialize.parse({ text: 'SELECT $1::text' }),
        rawMessage('B', Buffer.concat([cstr(''), cstr(''), int16(0), int16(1), int32(50), Buffer.from('abc')])),
        serialize.sync(),
      );
      const r = await c.untilReady();
      expect(
        errorsIn(r.messages).map((e) => e.code),
        t.name,
      ).toEqual(['08P01']);
      await closedOrUsable(c);
      c.destroy();
    }
  });

  it('Parse with a body missing its string terminator: 08P01 as in PostgreSQL', async () => {
    // PostgreSQL reports a non-fatal ERROR and stays usable; Lumos may instead end the connection with FATAL.
    for (const t of targets()) {
      const c = await session(t);
      c.send(rawMessage('P', Buffer.concat([cstr(''), Buffer.from('SELECT 1')])), serialize.sync());
      const r = await c.untilReady(3000);
      const errors = errorsIn(r.messages);
      expect(
        errors.map((e) => e.code),
        t.name,
      ).toEqual(['08P01']);
      const state = await closedOrUsable(c);
      if (errors[0].severity === 'FATAL') expect(state, t.name).toBe('closed');
      else expect(state, t.name).toBe('usable');
      c.destroy();
    }
  });

  it('Query without its terminator or with trailing bytes: 08P01 as in PostgreSQL', async () => {
    for (const body of [Buffer.from('SELECT 1'), Buffer.from('SELECT 1\0junk')]) {
      for (const t of targets()) {
        const c = await session(t);
        c.send(rawMessage('Q', body));
        const r = await c.untilReady(3000);
        const errors = errorsIn(r.messages);
        expect(
          errors.map((e) => e.code),
          t.name,
        ).toEqual(['08P01']);
        const state = await closedOrUsable(c);
        if (errors[0].severity === 'FATAL') expect(state, t.name).toBe('closed');
        c.destroy();
      }
    }
  });

  it('Describe with an invalid kind byte: 08P01 as in PostgreSQL', async () => {
    for (const t of targets()) {
      const c = await session(t);
      c.send(rawMessage('D', cstr('Xfoo')), serialize.sync());
      const r = await c.untilReady(3000);
      expect(
        errorsIn(r.messages).map((e) => e.code),
        t.name,
      ).toEqual(['08P01']);
      await closedOrUsable(c);
      c.destroy();
    }
  });

  it('invalid UTF-8 in a Query: ERROR 22021 and the connection stays usable (as in PostgreSQL)', async () => {
    const outcomes: Record<string, unknown> = {};
    const bad = Buffer.concat([Buffer.from("SELECT '"), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from("' AS s")]);
    for (const t of targets()) {
      const c = await session(t);
      c.send(rawMessage('Q', cstr(bad)));
      const r = await c.untilReady();
      const after = await c.query("SELECT 'ok' AS s");
      outcomes[t.name] = { bad: summary(r.messages), after: summary(after.messages), rows: rowsIn(after.messages) };
      expect(errorsIn(r.messages)[0]?.message, t.name).toMatch(/^invalid byte sequence for encoding "UTF8"/);
      c.end();
    }
    expect(outcomes.lumos).toEqual({
      bad: ['ERROR:22021', 'Z:I'],
      after: ['rowDescription', 'dataRow', 'commandComplete', 'Z:I'],
      rows: [['ok']],
    });
    if (pgAvailable) expect(outcomes.lumos).toEqual(outcomes.postgres);
  });

  it('invalid UTF-8 in a binary-format text parameter: ERROR 22021 (as in PostgreSQL)', async () => {
    const outcomes: Record<string, unknown> = {};
    for (const t of targets()) {
      const c = await session(t);
      // One parameter, format 1 (binary), value 0xc3 0x28: not UTF-8.
      const bind = Buffer.concat([
        cstr(''),
        cstr(''),
        int16(1),
        int16(1),
        int16(1),
        int32(2),
        Buffer.from([0xc3, 0x28]),
      ]);
      c.send(
        serialize.parse({ text: 'SELECT $1::text AS s', types: [25] }),
        rawMessage('B', Buffer.concat([bind, int16(0)])),
        serialize.execute(),
        serialize.sync(),
      );
      const r = await c.untilReady();
      const after = await c.query('SELECT 4');
      outcomes[t.name] = { bind: summary(r.messages), rows: rowsIn(after.messages) };
      c.end();
    }
    expect(outcomes.lumos).toEqual({ bind: ['parseComplete', 'ERROR:22021', 'Z:I'], rows: [['4']] });
    if (pgAvailable) expect(outcomes.lumos).toEqual(outcomes.postgres);
  });

  it('invalid UTF-8 in a Parse or a text Bind parameter: ERROR 22021, skip to Sync (as in PostgreSQL)', async () => {
    const outcomes: Record<string, unknown> = {};
    for (const t of targets()) {
      const c = await session(t);
      const sql = Buffer.concat([Buffer.from("SELECT '"), Buffer.from([0xff]), Buffer.from("'")]);
      c.send(rawMessage('P', Buffer.concat([cstr(''), cstr(sql), int16(0)])), serialize.execute(), serialize.sync());
      const parse = await c.untilReady();
      c.send(
        serialize.parse({ text: 'SELECT $1::text AS s' }),
        rawMessage(
          'B',
          Buffer.concat([cstr(''), cstr(''), int16(0), int16(1), int32(2), Buffer.from([0xc3, 0x28]), int16(0)]),
        ),
        serialize.execute(),
        serialize.sync(),
      );
      const bind = await c.untilReady();
      const after = await c.query('SELECT 3');
      outcomes[t.name] = { parse: summary(parse.messages), bind: summary(bind.messages), rows: rowsIn(after.messages) };
      c.end();
    }
    expect(outcomes.lumos).toEqual({
      parse: ['ERROR:22021', 'Z:I'],
      bind: ['parseComplete', 'ERROR:22021', 'Z:I'],
      rows: [['3']],
    });
    if (pgAvailable) expect(outcomes.lumos).toEqual(outcomes.postgres);
  });
});

describe('start-up', () => {
  const params = Buffer.concat([cstr('user'), cstr('postgres'), cstr('database'), cstr('postgres'), Buffer.from([0])]);

  it('refuses an unsupported protocol version with FATAL 0A000 like PostgreSQL', async () => {
    const outcomes: Record<string, unknown> = {};
    for (const t of targets()) {
      const c = await rawConnection(t);
      c.send(rawStartup(4 << 16, params));
      const msgs = await c.untilClosed(3000);
      outcomes[t.name] = { summary: summary(msgs), message: errorsIn(msgs)[0]?.message };
    }
    expect(outcomes.lumos).toEqual({
      summary: ['FATAL:0A000'],
      message: 'unsupported frontend protocol 4.0: server supports 3.0 to 3.0',
    });
    if (pgAvailable) expect(outcomes.lumos).toEqual(outcomes.postgres);
  });

  it('closes a connection that sends garbage instead of a start-up packet', async () => {
    const garbage = [
      Buffer.from('GET / HTTP/1.1\r\nHost: localhost\r\n\r\n'),
      Buffer.concat([int32(4), int32(PROTOCOL_3_0)]),
      Buffer.concat([int32(-8), int32(PROTOCOL_3_0)]),
      Buffer.concat([int32(0x7fffffff), int32(PROTOCOL_3_0)]),
    ];
    for (const bytes of garbage) {
      for (const t of targets()) {
        const c = await rawConnection(t);
        c.send(bytes);
        const msgs = await c.untilClosed(3000);
        // PostgreSQL just closes; Lumos may say FATAL 08P01 first.
        for (const e of errorsIn(msgs)) {
          expect(e.severity, t.name).toBe('FATAL');
          expect(e.code, t.name).toBe('08P01');
        }
        expect(
          msgs.every((m) => m.name === 'error'),
          t.name,
        ).toBe(true);
      }
    }
  });

  it('rejects a malformed start-up packet body with the same error as PostgreSQL', async () => {
    const bodies = [
      // Parameter value without its terminator.
      Buffer.concat([cstr('user'), Buffer.from('postgres')]),
      // Binary junk.
      Buffer.from([1, 2, 3, 4, 5]),
      // No user.
      Buffer.from([0]),
    ];
    for (const body of bodies) {
      const outcomes: Record<string, unknown> = {};
      for (const t of targets()) {
        const c = await rawConnection(t);
        c.send(rawStartup(PROTOCOL_3_0, body));
        const msgs = await c.untilClosed(3000);
        outcomes[t.name] = { summary: summary(msgs), message: errorsIn(msgs)[0]?.message };
      }
      expect((outcomes.lumos as { summary: string[] }).summary).toHaveLength(1);
      if (pgAvailable) expect(outcomes.lumos).toEqual(outcomes.postgres);
    }
  });

  it('a start-up packet cut short by a close ends quietly', async () => {
    for (const t of targets()) {
      const c = await rawConnection(t);
      c.send(int32(100), int32(PROTOCOL_3_0));
      c.socket.end();
      expect(await c.untilClosed(3000), t.name).toEqual([]);
    }
  });

  it("answers SSLRequest with 'N' when TLS is not configured, then a plain start-up works", async () => {
    for (const t of targets()) {
      const c = await rawConnection(t);
      c.send(serialize.requestSsl());
      expect(await c.readByte(), t.name).toBe('N'.charCodeAt(0));
      await c.startup({ database: t.database });
      const r = await c.query('SELECT 1');
      expect(rowsIn(r.messages), t.name).toEqual([['1']]);
      c.end();
    }
  });

  it("answers GSSENCRequest with 'N', then a plain start-up works", async () => {
    const c = await rawConnection(lumosTarget());
    c.send(rawStartup(80877104));
    expect(await c.readByte()).toBe('N'.charCodeAt(0));
    await c.startup({ database: 'lumos' });
    expect(rowsIn((await c.query('SELECT 2')).messages)).toEqual([['2']]);
    c.end();
  });

  it('refuses clear-text bytes pipelined after SSLRequest (CVE-2021-23214) like PostgreSQL', async () => {
    for (const t of targets()) {
      const c = await rawConnection(t);
      const startup = serialize.startup({ user: 'postgres', database: t.database });
      c.send(Buffer.concat([serialize.requestSsl(), startup]));
      expect(await c.waitClosed(3000), t.name).toBe(true);
      // PostgreSQL answers 'N' and then FATAL 08P01; the 'N' is optional here, the refusal is not.
      let raw = Buffer.concat(c.received);
      if (raw[0] === 'N'.charCodeAt(0)) raw = raw.subarray(1);
      const msgs = parseBackend(raw);
      expect(summary(msgs), t.name).toEqual(['FATAL:08P01']);
      expect(errorsIn(msgs)[0].message, t.name).toBe('received unencrypted data after SSL request');
    }
  });

  it('a CancelRequest with an unknown key is ignored and closes the connection', async () => {
    const c = await rawConnection(lumosTarget());
    c.send(serialize.cancel(424242, 12345));
    expect(await c.untilClosed(3000)).toEqual([]);
  });
});

describe('before authentication', () => {
  let locked: TestLumos;
  beforeAll(async () => {
    // Default --max-message-size (256 MB): only the pre-authentication limit protects this server.
    locked = await startLumos(['--password', 'secret']);
  });
  afterAll(async () => {
    await locked?.close();
  });

  it('an unauthenticated client cannot make the server buffer a huge password message', async () => {
    // PostgreSQL caps authentication messages at PG_MAX_AUTH_TOKEN_LENGTH (65535 bytes).
    const c = await FakeClient.connect({ port: locked.port });
    c.send(serialize.startup({ user: 'postgres', database: 'lumos' }));
    expect((await c.next())?.name).toBe('authenticationSASL');
    const sent = Date.now();
    c.send(rawMessage('p', Buffer.alloc(0), 200 * 1024 * 1024));
    const msgs = await c.untilClosed(3000);
    expect(Date.now() - sent).toBeLessThan(1500);
    for (const e of errorsIn(msgs)) expect(e.code).toBe('08P01');
  });

  it('a wrong message type during authentication is FATAL 08P01', async () => {
    const c = await FakeClient.connect({ port: locked.port });
    c.send(serialize.startup({ user: 'postgres', database: 'lumos' }));
    expect((await c.next())?.name).toBe('authenticationSASL');
    c.send(serialize.query('SELECT 1'));
    expect(summary(await c.untilClosed(3000))).toEqual(['FATAL:08P01']);
  });

  it('a garbage SASL initial response is rejected and the server keeps authenticating others', async () => {
    const c = await FakeClient.connect({ port: locked.port });
    c.send(serialize.startup({ user: 'postgres', database: 'lumos' }));
    expect((await c.next())?.name).toBe('authenticationSASL');
    c.send(rawMessage('p', Buffer.from([0xff, 0xfe, 0x00, 0x01])));
    const msgs = await c.untilClosed(3000);
    expect(errorsIn(msgs).map((e) => e.severity)).toEqual(['FATAL']);
    const ok = new pg.Client(locked.pgConfig({ password: 'secret' }));
    await ok.connect();
    expect((await ok.query('SELECT 1 AS x')).rows).toEqual([{ x: 1 }]);
    await ok.end();
  });
});

describe('clients that disappear', () => {
  it('a client that disconnects in the middle of a long query does not disturb the server', async () => {
    const c = await session(lumosTarget());
    c.send(serialize.query('SELECT pg_sleep(2)'));
    await new Promise((r) => setTimeout(r, 200));
    c.destroy();
    const started = Date.now();
    for (let i = 0; i < 5; i++) {
      const r = await bystander.query('SELECT $1::int AS i', [i]);
      expect(r.rows).toEqual([{ i }]);
    }
    // The bystander was served while the abandoned sleep was still running.
    expect(Date.now() - started).toBeLessThan(1800);
  });

  it("rolls back the open write transaction of a client that vanished, and doesn't block other writers", async () => {
    const a = await session(lumosTarget());
    let r = await a.query('BEGIN');
    expect(summary(r.messages)).toEqual(['commandComplete', 'Z:T']);
    r = await a.query("INSERT INTO victims VALUES (1, 'from a')");
    expect(summary(r.messages)).toEqual(['commandComplete', 'Z:T']);
    a.destroy();
    await a.closedPromise;

    const b = await lumos.client();
    const insert = b.query("INSERT INTO victims VALUES (2, 'from b')");
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error('writer still blocked after 3 s')), 3000),
    );
    const res = await Promise.race([insert, timeout]);
    expect(res.rowCount).toBe(1);
    const rows = await b.query('SELECT id, note FROM victims WHERE id IN (1, 2) ORDER BY id');
    expect(rows.rows).toEqual([{ id: 2, note: 'from b' }]);
    // A's key is free again too.
    await b.query("INSERT INTO victims VALUES (1, 'again')");
    await b.query('DELETE FROM victims WHERE id IN (1, 2)');
  });

  it('rolls back a write transaction abandoned in the middle of a long statement', async () => {
    const a = await session(lumosTarget());
    await a.query('BEGIN');
    await a.query("INSERT INTO victims VALUES (3, 'from a')");
    a.send(serialize.query("INSERT INTO victims SELECT 4, 'slow' FROM (SELECT pg_sleep(1)) s"));
    await new Promise((r) => setTimeout(r, 200));
    a.destroy();
    const b = await lumos.client();
    const insert = b.query("INSERT INTO victims VALUES (5, 'from b')");
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error('writer still blocked after 4 s')), 4000),
    );
    await Promise.race([insert, timeout]);
    const rows = await b.query('SELECT id FROM victims WHERE id IN (3, 4, 5) ORDER BY id');
    expect(rows.rows).toEqual([{ id: 5 }]);
    await b.query('DELETE FROM victims WHERE id = 5');
  });

  it('a client that hangs up during the start-up exchange leaves nothing behind', async () => {
    for (let i = 0; i < 20; i++) {
      const c = await rawConnection(lumosTarget());
      if (i % 2 === 0) c.send(serialize.startup({ user: 'postgres', database: 'lumos' }).subarray(0, 7));
      c.destroy();
    }
    const r = await bystander.query('SELECT 1 AS x');
    expect(r.rows).toEqual([{ x: 1 }]);
  });
});
