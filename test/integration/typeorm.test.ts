/**
 * TypeORM 0.3 against Lumos: synchronize() on an empty database, the schema builder's log() (what migration
 * generation diffs: any catalog difference shows up as a spurious ALTER), QueryRunner introspection (getTable,
 * getTables, getViews, hasTable, hasColumn), an entity change and its migration, and repository/QueryBuilder work
 * with relations. The same EntitySchemas run on PostgreSQL 15 (127.0.0.1:5432, trust) in a fresh database and the
 * results must be the same.
 */
import 'reflect-metadata';
import { DataSource, EntitySchema, type Logger, type ObjectLiteral, type Table } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLumos, type TestLumos } from '../helpers/lumos.js';
import { freshReferenceDb, PG_PORT, type ReferenceDb, sameOnBoth } from '../helpers/reference-pg.js';

const DB = `lumos_typeorm_${process.pid}`;
const TABLES = ['authors', 'posts', 'categories', 'post_categories'];

/** The model; `altered` is the next version of it: name widened, legacy dropped, nickname and an index added. */
function entities(altered: boolean) {
  const Author = new EntitySchema<ObjectLiteral>({
    name: 'Author',
    tableName: 'authors',
    columns: {
      id: { type: 'int', primary: true, generated: 'increment' },
      name: { type: 'varchar', length: altered ? 150 : 100 },
      email: { type: 'varchar', length: 255, unique: true },
      bio: { type: 'text', nullable: true },
      age: { type: 'int', nullable: true },
      followers: { type: 'bigint', default: 0 },
      balance: { type: 'numeric', precision: 10, scale: 2, default: 0 },
      active: { type: 'boolean', default: true },
      role: { type: 'enum', enum: ['reader', 'writer', 'admin'], default: 'reader' },
      tags: { type: 'simple-array', nullable: true },
      settings: { type: 'simple-json', nullable: true },
      meta: { type: 'jsonb', nullable: true },
      ...(altered
        ? { nickname: { type: 'varchar', length: 40, nullable: true } }
        : { legacy: { type: 'int', nullable: true } }),
      createdAt: { type: 'timestamptz', createDate: true },
      updatedAt: { type: 'timestamptz', updateDate: true },
    },
    indices: [
      { name: 'IDX_authors_name', columns: ['name'] },
      ...(altered ? [{ name: 'IDX_authors_age_active', columns: ['age', 'active'] }] : []),
    ],
    relations: { posts: { type: 'one-to-many', target: 'Post', inverseSide: 'author', cascade: true } },
  });
  const Post = new EntitySchema<ObjectLiteral>({
    name: 'Post',
    tableName: 'posts',
    columns: {
      id: { type: 'uuid', primary: true, generated: 'uuid' },
      title: { type: 'varchar', length: 200 },
      body: { type: 'text', nullable: true },
      views: { type: 'int', default: 0 },
      rating: { type: 'numeric', precision: 3, scale: 1, nullable: true },
      publishedAt: { type: 'timestamptz', nullable: true },
      data: { type: 'json', nullable: true },
    },
    uniques: [{ name: 'UQ_posts_author_title', columns: ['author', 'title'] }],
    checks: [{ name: 'CHK_posts_views', expression: '"views" >= 0' }],
    relations: {
      author: {
        type: 'many-to-one',
        target: 'Author',
        inverseSide: 'posts',
        onDelete: 'CASCADE',
        nullable: false,
        joinColumn: { name: 'authorId' },
      },
      categories: {
        type: 'many-to-many',
        target: 'Category',
        inverseSide: 'posts',
        cascade: true,
        joinTable: { name: 'post_categories' },
      },
    },
  });
  const Category = new EntitySchema<ObjectLiteral>({
    name: 'Category',
    tableName: 'categories',
    columns: {
      id: { type: 'int', primary: true, generated: 'increment' },
      label: { type: 'varchar', length: 50, unique: true },
    },
    relations: { posts: { type: 'many-to-many', target: 'Post', inverseSide: 'categories' } },
  });
  const AuthorStats = new EntitySchema<ObjectLiteral>({
    name: 'AuthorStats',
    tableName: 'author_stats',
    type: 'view',
    expression:
      'SELECT p."authorId" AS "authorId", count(*) AS posts, sum(p.views) AS views FROM posts p GROUP BY p."authorId"',
    columns: { authorId: { type: 'int', primary: true }, posts: { type: 'bigint' }, views: { type: 'bigint' } },
  });
  return [Author, Post, Category, AuthorStats];
}

interface Side {
  connection: { host: string; port: number; username: string; database: string };
  /** Every statement TypeORM sent, in order. */
  queries: string[];
  sources: DataSource[];
}

let lumos: TestLumos;
let reference: ReferenceDb | null = null;
const sides: Record<'lumos' | 'pg', Side | undefined> = { lumos: undefined, pg: undefined };

function makeSide(port: number, database: string): Side {
  return { connection: { host: '127.0.0.1', port, username: 'postgres', database }, queries: [], sources: [] };
}

async function open(side: Side, altered: boolean, synchronize = false): Promise<DataSource> {
  const logger: Logger = {
    logQuery: (q) => void side.queries.push(q),
    logQueryError: () => {},
    logQuerySlow: () => {},
    logSchemaBuild: () => {},
    logMigration: () => {},
    log: () => {},
  };
  const ds = new DataSource({
    type: 'postgres',
    ...side.connection,
    // gen_random_uuid() is core in PG 13+; Lumos has no uuid-ossp extension (CREATE EXTENSION fails, TypeORM warns).
    uuidExtension: 'pgcrypto',
    entities: entities(altered),
    synchronize,
    logging: true,
    logger,
    poolSize: 2,
  });
  await ds.initialize();
  side.sources.push(ds);
  return ds;
}

beforeAll(async () => {
  lumos = await startLumos();
  sides.lumos = makeSide(lumos.port, 'lumos');
  reference = await freshReferenceDb(DB);
  if (reference) sides.pg = makeSide(PG_PORT, DB);
});

afterAll(async () => {
  for (const s of Object.values(sides)) for (const ds of s?.sources ?? []) await ds.destroy().catch(() => {});
  await lumos?.close();
  await reference?.drop();
});

/** Run `step` on Lumos (and on PG when available); expect equal results; return Lumos's. */
function both<T>(step: (side: Side) => Promise<T>, normalise: (v: unknown) => unknown = stable): Promise<T> {
  return sameOnBoth(sides, step, normalise);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/**
 * What legitimately differs between the servers: generated UUIDs, now() timestamps and the database name (Lumos
 * serves "lumos"). Everything else is compared as is.
 */
function stable(v: unknown): unknown {
  if (v instanceof Date) return 'Date';
  if (typeof v === 'string' && UUID.test(v)) return 'uuid';
  if (v === DB) return 'lumos';
  if (Array.isArray(v)) return v.map(stable);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, stable(x)]));
  return v;
}

/**
 * A Table as plain data, its lists in name order. TypeORM's catalog queries have no ORDER BY, so the order of
 * columns, and of the columnNames of an index or constraint (PG gives attnum order, not key order), is the
 * plan's: not something either server promises.
 */
function tableShape(t: Table | undefined): unknown {
  if (!t) return t;
  const plain = (x: object) => {
    const o = stable(JSON.parse(JSON.stringify(x))) as { columnNames?: string[] };
    if (o.columnNames) o.columnNames = [...o.columnNames].sort();
    return o;
  };
  const byName = (xs: object[]) => xs.map(plain).sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
  return {
    name: t.name,
    database: t.database === DB ? 'lumos' : t.database,
    schema: t.schema,
    columns: byName(t.columns),
    indices: byName(t.indices),
    uniques: byName(t.uniques),
    foreignKeys: byName(t.foreignKeys),
    checks: byName(t.checks),
    exclusions: byName(t.exclusions),
  };
}
const sortKey = (x: unknown) => String((x as { name?: string }).name ?? JSON.stringify(x));

/** The DDL and DML TypeORM sent since `from` (its catalog reads are compared through their results instead). */
const changes = (s: Side, from: number) =>
  s.queries.slice(from).filter((q) => /^(CREATE|ALTER|DROP|INSERT|UPDATE|DELETE)\b/.test(q) && !/EXTENSION/.test(q));

const pending = async (ds: DataSource) =>
  (await ds.driver.createSchemaBuilder().log()).upQueries.map((q) => q.query.trim());

const ds = (s: Side) => s.sources[s.sources.length - 1];

describe('typeorm', () => {
  it('synchronizes an empty database with the same DDL', async () => {
    const ddl = await both(async (s) => {
      const from = s.queries.length;
      await open(s, false, true);
      return changes(s, from);
    });
    expect(ddl.some((q) => q.startsWith('CREATE TYPE "public"."authors_role_enum" AS ENUM'))).toBe(true);
    expect(ddl.filter((q) => q.startsWith('CREATE TABLE')).length).toBe(5);
    expect(ddl.some((q) => q.startsWith('CREATE VIEW "author_stats"'))).toBe(true);
  });

  it('finds nothing to change from a second data source', async () => {
    expect(await both(async (s) => pending(await open(s, false)))).toEqual([]);
  });

  it('introspects tables and views like PostgreSQL', async () => {
    const tables = await both(async (s) => {
      const qr = ds(s).createQueryRunner();
      try {
        const out: Record<string, unknown> = {};
        for (const name of TABLES) out[name] = tableShape(await qr.getTable(name));
        return out;
      } finally {
        await qr.release();
      }
    });
    const authors = tables.authors as { columns: Record<string, unknown>[]; indices: unknown[] };
    const column = (n: string) => authors.columns.find((c) => c.name === n);
    expect(column('id')).toMatchObject({ type: 'integer', isGenerated: true, generationStrategy: 'increment' });
    expect(column('name')).toMatchObject({ type: 'character varying', length: '100', isNullable: false });
    expect(column('balance')).toMatchObject({ type: 'numeric', precision: 10, scale: 2, default: "'0'" });
    expect(column('role')).toMatchObject({ type: 'enum', enum: ['reader', 'writer', 'admin'], default: "'reader'" });
    expect(column('createdAt')).toMatchObject({ type: 'timestamp with time zone', default: 'now()' });
    expect((tables.posts as { checks: unknown[] }).checks).toEqual([
      { name: 'CHK_posts_views', expression: '(views >= 0)', columnNames: ['views'] },
    ]);
    const misc = await both(async (s) => {
      const qr = ds(s).createQueryRunner();
      try {
        return {
          views: (await qr.getViews(['author_stats'])).map((v) => JSON.parse(JSON.stringify(v))),
          tables: (await qr.getTables(['authors', 'posts'])).map((t) => t.name),
          has: [
            await qr.hasTable('authors'),
            await qr.hasTable('nope'),
            await qr.hasColumn('authors', 'bio'),
            await qr.hasColumn('authors', 'nope'),
          ],
        };
      } finally {
        await qr.release();
      }
    });
    expect(misc.has).toEqual([true, false, true, false]);
    expect(misc.views).toHaveLength(1);
  });

  it('generates the same migration for a changed entity, runs it and is in sync again', async () => {
    const up = await both(async (s) => pending(await open(s, true)));
    expect(up).toContain('ALTER TABLE "authors" ADD "name" character varying(150) NOT NULL');
    expect(up).toContain('CREATE INDEX "IDX_authors_age_active" ON "authors" ("age", "active")');
    await both(async (s) => {
      await ds(s).synchronize();
      return pending(ds(s));
    });
    expect(await both(async (s) => pending(ds(s)))).toEqual([]);
    await both(async (s) => {
      const qr = ds(s).createQueryRunner();
      try {
        return tableShape(await qr.getTable('authors'));
      } finally {
        await qr.release();
      }
    });
  });

  it('does CRUD with relations, QueryBuilder joins, upsert, transactions and pagination', async () => {
    const authors = (s: Side) => ds(s).getRepository('Author');
    const posts = (s: Side) => ds(s).getRepository('Post');
    const saved = await both((s) =>
      authors(s).save([
        {
          name: 'Ada',
          email: 'ada@example.com',
          age: 36,
          followers: '9007199254740993',
          balance: '12.50',
          role: 'writer',
          tags: ['math', 'engines'],
          settings: { theme: 'dark' },
          meta: { langs: ['en'] },
          posts: [
            { title: 'Notes', views: 5, rating: '4.5', categories: [{ label: 'science' }, { label: 'history' }] },
            { title: 'Letters', data: { pages: 3 } },
          ],
        },
        { name: 'Brian', email: 'brian@example.com', active: false },
        { name: 'Cleo', email: 'cleo@example.com', posts: [{ title: 'Poems', views: 2 }] },
      ]),
    );
    expect(saved.map((a) => [a.id, a.role, a.balance])).toEqual([
      [1, 'writer', '12.50'],
      [2, 'reader', '0.00'],
      [3, 'reader', '0.00'],
    ]);

    const found = await both((s) =>
      authors(s).find({ relations: { posts: { categories: true } }, order: { id: 'ASC', posts: { title: 'ASC' } } }),
    );
    expect(found[0]).toMatchObject({
      followers: '9007199254740993',
      tags: ['math', 'engines'],
      meta: { langs: ['en'] },
    });
    expect(found[0].posts.map((p: ObjectLiteral) => p.title)).toEqual(['Letters', 'Notes']);

    const joined = await both((s) =>
      authors(s)
        .createQueryBuilder('a')
        .innerJoinAndSelect('a.posts', 'p')
        .leftJoinAndSelect('p.categories', 'c')
        .where('p.views >= :min', { min: 2 })
        .orderBy('a.id')
        .addOrderBy('p.title')
        .addOrderBy('c.label')
        .getMany(),
    );
    expect(joined.map((a) => [a.name, a.posts.map((p: ObjectLiteral) => p.categories.length)])).toEqual([
      ['Ada', [2]],
      ['Cleo', [0]],
    ]);
    const stats = await both((s) =>
      ds(s)
        .createQueryBuilder()
        .select('a.name', 'name')
        .addSelect('count(p.id)', 'posts')
        .addSelect('coalesce(sum(p.views), 0)', 'views')
        .from('authors', 'a')
        .leftJoin('posts', 'p', 'p."authorId" = a.id')
        .groupBy('a.name')
        .orderBy('a.name')
        .getRawMany(),
    );
    expect(stats).toEqual([
      { name: 'Ada', posts: '2', views: '5' },
      { name: 'Brian', posts: '0', views: '0' },
      { name: 'Cleo', posts: '1', views: '2' },
    ]);
    await both((s) =>
      ds(s)
        .getRepository('AuthorStats')
        .find({ order: { authorId: 'ASC' } }),
    );

    const upserted = await both((s) =>
      authors(s)
        .upsert(
          [
            { name: 'Ada Lovelace', email: 'ada@example.com' },
            { name: 'Dora', email: 'dora@example.com', role: 'admin' },
          ],
          ['email'],
        )
        .then((r) => r.identifiers),
    );
    expect(upserted).toEqual([{ id: 1 }, { id: 5 }]);

    const rolledBack = await both(async (s) => {
      try {
        await ds(s).transaction(async (m) => {
          await m.getRepository('Post').save({ title: 'Lost', author: { id: 2 } });
          throw new Error('abort');
        });
        return 'committed';
      } catch (e) {
        return (e as Error).message;
      }
    });
    expect(rolledBack).toBe('abort');
    const failed = await both(async (s) => {
      try {
        await ds(s).transaction(async (m) => {
          await m.getRepository('Post').save({ title: 'Twice', author: { id: 2 } });
          await m.getRepository('Post').insert({ title: 'Twice', author: { id: 2 } });
        });
        return 'committed';
      } catch (e) {
        return (e as { driverError?: { code?: string } }).driverError?.code;
      }
    });
    expect(failed).toBe('23505');
    const badViews = await both((s) =>
      posts(s)
        .insert({ title: 'Negative', views: -1, author: { id: 2 } })
        .then(
          () => 'inserted',
          (e: { driverError: { code: string; constraint: string } }) => [e.driverError.code, e.driverError.constraint],
        ),
    );
    expect(badViews).toEqual(['23514', 'CHK_posts_views']);

    const page = await both((s) =>
      posts(s).findAndCount({ order: { title: 'ASC' }, skip: 1, take: 2, relations: { author: true } }),
    );
    expect(page[1]).toBe(3);
    expect(page[0].map((p: ObjectLiteral) => p.title)).toEqual(['Notes', 'Poems']);
    expect(await both((s) => authors(s).count({ where: { active: true } }))).toBe(3);

    const updated = await both(async (s) => {
      await authors(s).update({ email: 'brian@example.com' }, { nickname: 'bri', balance: '3.25' });
      await authors(s).increment({ id: 3 }, 'followers', 10);
      return authors(s).find({
        select: { id: true, nickname: true, balance: true, followers: true },
        order: { id: 'ASC' },
      });
    });
    expect(updated.slice(1, 3)).toEqual([
      { id: 2, nickname: 'bri', balance: '3.25', followers: '0' },
      { id: 3, nickname: null, balance: '0.00', followers: '10' },
    ]);

    // ON DELETE CASCADE removes Ada's posts and, through the join table's cascade, their category links.
    await both((s) =>
      authors(s)
        .delete({ id: 1 })
        .then((r) => r.affected),
    );
    expect(await both((s) => posts(s).count())).toBe(1);
    expect(await both((s) => ds(s).query('SELECT count(*)::int AS n FROM post_categories'))).toEqual([{ n: 0 }]);
  });
});
