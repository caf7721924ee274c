/**
 * pgjdbc's DatabaseMetaData (what Metabase and DBeaver sync through), ResultSetMetaData, a typed PreparedStatement
 * round trip and getGeneratedKeys, against Lumos and against PostgreSQL 15 (127.0.0.1:5432, trust) on the same
 * schema: test/jdbc/MetaDataProbe.java prints them as text and the two outputs must be equal but for the masks
 * below. The probe runs twice per server: with pgjdbc's defaults and with prepareThreshold=-1, which makes every
 * statement (the driver's own catalog queries too) a named server-side statement with binary results.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTool, startLumos, type TestLumos } from '../helpers/lumos.js';
import { freshReferenceDb, PG_PORT, type ReferenceDb } from '../helpers/reference-pg.js';

const DB = `lumos_jdbc_${process.pid}`;
const JAR = process.env.LUMOS_PGJDBC_JAR ?? '/usr/share/java/postgresql.jar';
const PROBE = join(import.meta.dirname, '../jdbc/MetaDataProbe.java');

const SCHEMA = `
create table jd_customer (id serial primary key, name varchar(50) not null, email varchar(100) unique,
  active boolean not null default true, balance numeric(10,2) default 0);
create table jd_order (id bigserial primary key, customer_id integer not null references jd_customer(id) on delete cascade,
  total numeric(10,2) not null, note text, created_at timestamp not null default now(), shipped_at timestamptz,
  qty smallint default 1, code char(4), weight double precision, ref uuid, payload bytea);
create index jd_order_customer_idx on jd_order (customer_id);
create unique index jd_order_code_idx on jd_order (code, customer_id);
create view jd_order_summary as select o.id, o.customer_id, count(*) as item_count from jd_order o group by o.id, o.customer_id;
create sequence jd_ticket_seq start 100 increment 5;
comment on table jd_customer is 'customers';
comment on column jd_customer.email is 'contact address';
insert into jd_customer (name, email) values ('Ann', 'ann@example.com'), ('Bob', null);
insert into jd_order (customer_id, total, note, code) values (1, 10.50, 'first', 'A001');
`;

let lumos: TestLumos | undefined;
let reference: ReferenceDb | null = null;
let classDir: string | undefined;
let skipReason: string | undefined;

async function have(cmd: string): Promise<boolean> {
  const r = await runTool(cmd, ['-version']).catch(() => undefined);
  return r?.status === 0;
}

async function probe(port: number | string, db: string, extra: string): Promise<string> {
  if (!classDir) throw new Error('probe not compiled');
  const url = `jdbc:postgresql://127.0.0.1:${port}/${db}?user=postgres${extra}`;
  const r = await runTool('java', ['-cp', `${JAR}:${classDir}`, 'MetaDataProbe', url], { timeoutMs: 60_000 });
  if (r.status !== 0) throw new Error(`probe failed on port ${port}:\n${r.stderr}\n${r.stdout}`);
  return r.stdout;
}

/** Every mask is a value that legitimately differs between the two servers. */
function normalise(out: string, db: string): string {
  return (
    out
      // The database names differ (a fresh PG database per run; Lumos's is "lumos").
      .replaceAll(db, '<db>')
      // The server version: Lumos reports PG 15's major version but its own minor (getDatabaseProductVersion).
      .replace(/^(getDatabaseProductVersion|getDatabaseMinorVersion): .*$/gm, '$1: <version>')
      // OIDs of user objects are assigned by each server (getUDTs/getTypeInfo never show user OIDs; atttypid
      // values are built-in type OIDs and stay unmasked).
      .replace(/\boid=\d+/g, 'oid=<oid>')
      // The binary regclass of the user table probed (4 bytes of its OID); the text form shows the name.
      .replace(/^(binary run \d: rel\/regclass=)\\x[0-9a-f]{8}/gm, '$1<oid>')
  );
}

beforeAll(async () => {
  if (!existsSync(JAR)) skipReason = `pgjdbc not found at ${JAR} (apt-get install libpostgresql-jdbc-java)`;
  else if (!(await have('javac')) || !(await have('java'))) skipReason = 'java/javac not on PATH';
  if (skipReason) return;
  classDir = mkdtempSync(join(tmpdir(), 'lumos-jdbc-'));
  const compiled = await runTool('javac', ['-cp', JAR, '-d', classDir, PROBE]);
  if (compiled.status !== 0) throw new Error(compiled.stderr);
  reference = await freshReferenceDb(DB);
  lumos = await startLumos();
  if (reference) {
    const s = await runTool('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1'], { env: reference.env, input: SCHEMA });
    if (s.status !== 0) throw new Error(s.stderr);
  }
  const l = await runTool('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1'], { env: lumos.env(), input: SCHEMA });
  if (l.status !== 0) throw new Error(l.stderr);
}, 60_000);

afterAll(async () => {
  await lumos?.close();
  if (classDir) rmSync(classDir, { recursive: true, force: true });
  await reference?.drop();
});

describe('pgjdbc metadata matches PostgreSQL 15', () => {
  for (const [mode, extra] of [
    ['default settings', ''],
    ['prepareThreshold=-1 (binary results)', '&prepareThreshold=-1'],
  ] as const) {
    it(mode, { timeout: 60_000 }, async (ctx) => {
      if (skipReason) ctx.skip(skipReason);
      if (!reference) ctx.skip('no PostgreSQL 15 on 127.0.0.1');
      const port = lumos?.port ?? 0;
      const [expected, actual] = await Promise.all([probe(PG_PORT, DB, extra), probe(port, 'lumos', extra)]);
      if (process.env.LUMOS_JDBC_DUMP) {
        writeFileSync(`${process.env.LUMOS_JDBC_DUMP}.pg${extra ? '.bin' : ''}.txt`, normalise(expected, DB));
        writeFileSync(`${process.env.LUMOS_JDBC_DUMP}.lumos${extra ? '.bin' : ''}.txt`, normalise(actual, 'lumos'));
      }
      expect(normalise(actual, 'lumos')).toBe(normalise(expected, DB));
    });
  }
});
