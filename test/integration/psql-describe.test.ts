/**
 * psql's describe commands (\dt, \d t, \d+ t, \di, \dv, \ds, \dn, \l, \du, \df, \dT, \dt+) run against Lumos and
 * against PostgreSQL 15 (127.0.0.1:5432, trust) on the same schema must print the same, apart from sizes,
 * and for \l / \du the rows of objects only the reference cluster has; system relation listings keep the rows of the
 * relations Lumos implements. Built-in functions, operators, aggregates and access methods (\df, \df+, \do, \daS,
 * \dA, \sf on pg_catalog's) are listed in full, as PG 15 has them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_CLASS_ROWS } from '../../src/sql/sqlite/pg-catalog/system-relations-data.js';
import { runTool, startLumos, type TestLumos } from '../helpers/lumos.js';
import { freshReferenceDb, type ReferenceDb } from '../helpers/reference-pg.js';

const DB = `lumos_describe_${process.pid}`;

const SCHEMA = `
create table parent (id serial primary key, code varchar(10) not null unique);
create table t (id integer primary key, name text not null default 'x', price numeric(10,2), parent_id int references parent(id) on delete cascade,
  created timestamp default now(), flag boolean, tags text[], amount double precision, big bigint, c char(3));
create index t_name_idx on t (name);
create unique index t_price_idx on t (price);
create index t_multi_idx on t (parent_id, created);
create view v as select id, name from t;
create sequence s;
create sequence s2 as integer start 10 increment 5;
create schema other;
create table other.o (a int primary key, b text);
comment on table t is 'the t table';
comment on column t.name is 'a name';
create type mood as enum ('sad', 'ok', 'happy');
alter type mood add value 'meh' before 'ok';
comment on type mood is 'feelings';
create type other.level as enum ('low', 'high');
create table feelings (id int primary key, m mood not null default 'ok', ms mood[], l other.level);
`;

const COMMANDS = [
  '\\dt',
  '\\d t',
  '\\d+ t',
  '\\d parent',
  '\\di',
  '\\dv',
  '\\ds',
  '\\dn',
  '\\l',
  '\\du',
  '\\df',
  '\\dT',
  '\\dT+',
  '\\dT other.*',
  '\\d feelings',
  '\\dt+',
  '\\d v',
  '\\dt other.*',
  '\\d other.o',
  // System catalogs and views (tables are left out: PG lists their indexes, which Lumos does not have).
  '\\d pg_catalog.pg_roles',
  '\\dS pg_tables',
  '\\d information_schema.tables',
  '\\d information_schema.columns',
  '\\dtS',
  '\\dvS',
  '\\dvS information_schema.*',
  // PG 15's built-in functions, operators, aggregates and access methods (pg_proc, pg_operator, pg_aggregate, pg_am).
  '\\df now',
  '\\df pg_catalog.array_in',
  '\\df+ pg_catalog.lower',
  '\\df pg_catalog.generate_series',
  '\\do +',
  '\\do pg_catalog.||',
  '\\do+ pg_catalog.=',
  '\\daS count',
  '\\dA',
  '\\dA+',
  '\\sf pg_catalog.lower(text)',
  '\\sf pg_catalog.ts_debug(regconfig, text)',
  '\\dT pg_catalog.int4',
];

/** Listings of system relations: PG has many Lumos does not implement; compare the rows of those it does. */
const SYSTEM_LISTINGS = new Set(['\\dtS', '\\dvS', '\\dvS information_schema.*']);
const IMPLEMENTED = new Set(
  SYSTEM_CLASS_ROWS.map((r) => `${r[2] === 11 ? 'pg_catalog' : 'information_schema'}|${r[1]}`),
);

let lumos: TestLumos;
let reference: ReferenceDb | null = null;

async function psql(env: NodeJS.ProcessEnv, command: string): Promise<string> {
  const r = await runTool('psql', ['-X', '-v', 'ON_ERROR_STOP=1', '-c', command], { env });
  return `${r.stdout}${r.stderr}`;
}

/** Sizes differ by design; \l and \du list what the reference cluster has besides. */
function normalise(command: string, out: string): string {
  let lines = out.split('\n');
  if (command === '\\l') {
    // Only the database connected to: the reference cluster's others have its initdb locale.
    lines = lines
      .filter((l) => !/^ \S/.test(l) || l.startsWith(' Name ') || l.startsWith(` ${DB} `) || l.startsWith(' lumos '))
      .map((l) => l.replace(DB, '<db>').replace(/^ lumos /, ' <db> '));
  }
  if (command === '\\du') lines = lines.filter((l) => !/^ \S/.test(l) || /^ (Role name|postgres) /.test(l));
  if (SYSTEM_LISTINGS.has(command)) {
    lines = lines.filter((l) => {
      const [schema, name] = l.split('|').map((c) => c.trim());
      return !/^ \S/.test(l) || schema === 'Schema' || IMPLEMENTED.has(`${schema}|${name}`);
    });
  }
  // Column widths depend on the rows kept; compare cell contents only.
  return lines
    .filter((l) => !/^\(\d+ rows?\)$/.test(l) && !/^-+(\+-+)*$/.test(l.trim()))
    .map((l) =>
      l
        .split('|')
        .map((c) => c.trim())
        .join('|')
        .replace(/\d+ (bytes|kB|MB)/g, '<size>')
        .trim(),
    )
    .filter((l) => l !== '' && !/^List of/.test(l))
    .join('\n');
}

beforeAll(async () => {
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
  await reference?.drop();
});

describe('psql describe commands match PostgreSQL 15', () => {
  for (const command of COMMANDS) {
    it(command, async (ctx) => {
      const ref = reference;
      if (!ref) return ctx.skip('no PostgreSQL 15 on 127.0.0.1');
      const expected = normalise(command, await psql(ref.env, command));
      const actual = normalise(command, await psql(lumos.env(), command));
      expect(actual).toBe(expected);
    });
  }

  it('sees DDL in the very next statement', async () => {
    await psql(lumos.env(), 'create table later (x int)');
    const out = await psql(lumos.env(), '\\dt later');
    expect(out).toContain('later');
  });
});
