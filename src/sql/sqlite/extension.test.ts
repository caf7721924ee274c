import { beforeAll, describe, expect, it } from 'vitest';
import { PgError } from '../../../protocol/errors.js';
import { Catalog } from '../../catalog/catalog.js';
import { cryptPassword, generateSalt } from './crypt.js';
import { hashedUuid, timeUuid } from './fn-uuid-ossp.js';
import { TestDb } from './testkit.js';

const code = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return e instanceof PgError ? e.code : String(e);
  }
  return undefined;
};

let d: TestDb;
beforeAll(async () => {
  d = await TestDb.create();
});

describe('CREATE EXTENSION / DROP EXTENSION', () => {
  it('makes the functions exist only while installed, in their schema', () => {
    expect(code(() => d.run('select uuid_nil()'))).toBe('42883');
    d.run('create extension if not exists "uuid-ossp"');
    expect(d.run('select uuid_nil(), public.uuid_ns_dns()').rows).toEqual([
      ['00000000-0000-0000-0000-000000000000', '6ba7b810-9dad-11d1-80b4-00c04fd430c8'],
    ]);
    expect(code(() => d.run('create extension "uuid-ossp"'))).toBe('42710');
    expect(code(() => d.run('create extension plpgsql'))).toBe('42710');
    expect(code(() => d.run('create extension nosuch'))).toBe('0A000');
    d.searchPath = ['pg_catalog'];
    expect(code(() => d.run('select uuid_nil()'))).toBe('42883');
    expect(d.run('select public.uuid_nil()').rows).toEqual([['00000000-0000-0000-0000-000000000000']]);
    d.searchPath = ['public'];
    expect(code(() => d.run('select nosuch.uuid_nil()'))).toBe('3F000');
  });

  it('persists in the catalog table (a reload still has it)', () => {
    const reloaded = Catalog.load(d.db);
    expect(reloaded.extension('uuid-ossp')).toMatchObject({ schema: 'public', version: '1.1' });
    expect(d.run('select extname, extversion from pg_extension order by oid').rows).toEqual([
      ['plpgsql', '1.0'],
      ['uuid-ossp', '1.1'],
    ]);
  });

  it('refuses to drop an extension a column default uses, unless CASCADE', () => {
    d.run('create table ext_t (id uuid default uuid_generate_v4(), n int)');
    expect(code(() => d.run('drop extension "uuid-ossp"'))).toBe('2BP01');
    d.run('drop extension "uuid-ossp" cascade');
    expect(d.catalog.extension('uuid-ossp')).toBeUndefined();
    expect(d.catalog.lookup('ext_t')?.columns[0].defaultExpr).toBeUndefined();
    expect(code(() => d.run('select uuid_generate_v4()'))).toBe('42883');
    expect(code(() => d.run('drop extension "uuid-ossp"'))).toBe('42704');
  });

  it('pgcrypto digests, hmacs and random bytes', () => {
    d.run('create extension pgcrypto');
    expect(
      d.run("select encode(digest('abc', 'sha256'), 'hex'), encode(hmac('abc', 'key', 'sha1'), 'hex')").rows,
    ).toEqual([
      ['ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad', '4fd0b215276ef12f2b3e4c8ecac2811498b656fc'],
    ]);
    expect(code(() => d.run("select digest('abc', 'nosuch')"))).toBe('22023');
    expect(d.run('select length(gen_random_bytes(7))').rows).toEqual([['7']]);
    expect(code(() => d.run('select gen_random_bytes(0)'))).toBe('39000');
  });
});

describe('uuid-ossp generators', () => {
  it('gives PG’s name-based UUIDs (values taken from PG 15)', () => {
    expect(hashedUuid('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com', 3)).toBe(
      '5df41881-3aed-3515-88a7-2f4a814cf09e',
    );
    expect(hashedUuid('6ba7b811-9dad-11d1-80b4-00c04fd430c8', 'http://x', 5)).toBe(
      'c059942f-567e-54eb-aeb5-5fd9830bce43',
    );
    expect(hashedUuid('00000000-0000-0000-0000-000000000000', '', 5)).toBe('e129f27c-5103-5c5c-844b-cdf0a15e160d');
  });

  it('makes version 1 UUIDs with increasing timestamps', () => {
    const a = timeUuid(false);
    const b = timeUuid(true);
    expect(a[14]).toBe('1');
    expect(['8', '9', 'a', 'b']).toContain(a[19]);
    expect(a).not.toBe(b);
    // Same millisecond: the 100-ns tick moves on (time_low differs).
    expect(a.slice(0, 8)).not.toBe(b.slice(0, 8));
  });
});

describe('crypt', () => {
  it('matches pgcrypto for fixed salts (values taken from PG 15)', () => {
    const pw = (s: string) => Buffer.from(s);
    expect(cryptPassword(pw('secret'), '$1$saltsalt')).toBe('$1$saltsalt$9xy1btjgzLYfb7hivXtC//');
    expect(cryptPassword(pw(''), '$1$')).toBe('$1$$qRPK7m23GJusamGpoGLby/');
    expect(cryptPassword(pw('secret'), '$2a$06$abcdefghijklmnopqrstuu')).toBe(
      '$2a$06$abcdefghijklmnopqrstuuxLa0AkDDSrQ9VwNnETzOsObiucpMYgC',
    );
    expect(cryptPassword(pw('pässwörd'), '$2a$05$abcdefghijklmnopqrstuu')).toBe(
      '$2a$05$abcdefghijklmnopqrstuuZVEMa1pjhlynBQ1qXmSvGBJpN9h1w8G',
    );
    expect(cryptPassword(pw('pässwörd'), '$2x$05$abcdefghijklmnopqrstuu')).toBe(
      '$2x$05$abcdefghijklmnopqrstuu7fBvhrteno3q3HcIu7ORNzGrSPOJXt6',
    );
    expect(cryptPassword(pw('x'.repeat(80)), '$2x$04$abcdefghijklmnopqrstuz')).toBe(
      '$2x$04$abcdefghijklmnopqrstuubzadhGtS2zEF.gu0yd0opP6cVzb.e0i',
    );
    expect(code(() => cryptPassword(pw('a'), '$2a$03$abcdefghijklmnopqrstuu'))).toBe('22023');
    expect(code(() => cryptPassword(pw('a'), 'zz'))).toBe('0A000');
  });

  it('generates salts crypt accepts', () => {
    const bf = generateSalt('bf', 4);
    expect(bf).toMatch(/^\$2a\$04\$[./A-Za-z0-9]{22}$/);
    expect(cryptPassword(Buffer.from('pw'), cryptPassword(Buffer.from('pw'), bf))).toBe(
      cryptPassword(Buffer.from('pw'), bf),
    );
    expect(generateSalt('md5', 0)).toMatch(/^\$1\$[./A-Za-z0-9]{8}$/);
    expect(code(() => generateSalt('bf', 3))).toBe('22023');
    expect(code(() => generateSalt('nosuch', 0))).toBe('22023');
  });
});

describe('catalog row order without ORDER BY', () => {
  it('lists information_schema.columns in attnum order, tables in creation order', () => {
    const db = new TestDb();
    db.run('create table ord_z (b int, a text, c int primary key)');
    db.run('create table ord_a (y int, x int unique)');
    const r = db.run(
      "select table_name, column_name from information_schema.columns where table_schema = 'public' and table_name like 'ord_%'",
    );
    expect(r.rows).toEqual([
      ['ord_z', 'b'],
      ['ord_z', 'a'],
      ['ord_z', 'c'],
      ['ord_a', 'y'],
      ['ord_a', 'x'],
    ]);
    // TypeORM's getTable joins pg_attribute and relies on the order of the columns view.
    const typeorm = db.run(
      `SELECT columns.column_name FROM "information_schema"."columns" LEFT JOIN "pg_catalog"."pg_attribute" AS "col_attr"
       ON "col_attr"."attname" = "columns"."column_name" AND "col_attr"."attrelid" = (SELECT "cls"."oid" FROM "pg_catalog"."pg_class" AS "cls"
       LEFT JOIN "pg_catalog"."pg_namespace" AS "ns" ON "ns"."oid" = "cls"."relnamespace" WHERE "cls"."relname" = "columns"."table_name"
       AND "ns"."nspname" = "columns"."table_schema") WHERE "table_schema" = 'public' AND "table_name" = 'ord_z'`,
    );
    expect(typeorm.rows.map((x) => x[0])).toEqual(['b', 'a', 'c']);
  });

  it('lists pg_attribute rows as heap_create_with_catalog inserts them', () => {
    const db = new TestDb();
    db.run('create table ord_p (b int, a text)');
    const r = db.run("select attname from pg_attribute where attrelid = 'ord_p'::regclass");
    expect(r.rows.map((x) => x[0])).toEqual(['b', 'a', 'ctid', 'xmin', 'cmin', 'xmax', 'cmax', 'tableoid']);
  });
});
