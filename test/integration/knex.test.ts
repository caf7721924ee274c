/**
 * knex@3 against Lumos: migrations (knex_migrations / knex_migrations_lock and their lock queries), schema
 * introspection (hasTable, hasColumn, columnInfo), the query builder and transactions. The same scenario runs on
 * PostgreSQL 15 (127.0.0.1:5432, trust) in a fresh database and the observable results must be the same.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knexFactory, { type Knex } from 'knex';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLumos, type TestLumos } from '../helpers/lumos.js';
import { freshReferenceDb, type ReferenceDb, sameOnBoth } from '../helpers/reference-pg.js';

const DB = `lumos_knex_${process.pid}`;

const MIGRATIONS: Record<string, string> = {
  '20240101000000_create_authors_posts.cjs': `
exports.up = async (knex) => {
  await knex.schema.createTable('authors', (t) => {
    t.increments('id');
    t.string('name', 100).notNullable();
    t.string('email', 255).unique();
    t.text('bio');
    t.integer('age');
    t.decimal('balance', 10, 2).defaultTo(0);
    t.boolean('active').defaultTo(true);
    t.timestamps(true, true);
  });
  await knex.schema.createTable('posts', (t) => {
    t.increments('id');
    t.integer('author_id').unsigned().notNullable().references('id').inTable('authors').onDelete('CASCADE');
    t.string('title', 200).notNullable();
    t.text('body');
    t.integer('views').notNullable().defaultTo(0);
    t.timestamp('published_at', { useTz: true }).defaultTo(knex.fn.now());
    t.index(['author_id', 'published_at']);
    t.unique(['author_id', 'title']);
  });
};
exports.down = async (knex) => {
  await knex.schema.dropTable('posts');
  await knex.schema.dropTable('authors');
};
`,
  '20240102000000_alter_authors.cjs': `
exports.up = async (knex) => {
  await knex.schema.alterTable('authors', (t) => {
    t.string('nickname', 50);
    t.renameColumn('bio', 'biography');
    t.dropColumn('age');
  });
};
exports.down = async (knex) => {
  await knex.schema.alterTable('authors', (t) => {
    t.dropColumn('nickname');
    t.renameColumn('biography', 'bio');
    t.integer('age');
  });
};
`,
};

/** Added after the first migrate.latest, so it forms batch 2. */
const RAW_MIGRATION = {
  name: '20240103000000_raw_tags.cjs',
  body: `
exports.up = async (knex) => {
  await knex.raw(\`CREATE TABLE tags (
    id serial PRIMARY KEY,
    post_id integer NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    label varchar(40) NOT NULL,
    CONSTRAINT tags_label_not_blank CHECK (label <> '')
  )\`);
  await knex.raw('CREATE INDEX tags_label_idx ON tags (label)');
  await knex.raw(\`CREATE VIEW author_stats AS
    SELECT a.id, a.name, count(p.id) AS posts FROM authors a LEFT JOIN posts p ON p.author_id = a.id GROUP BY a.id, a.name\`);
};
exports.down = async (knex) => {
  await knex.raw('DROP VIEW author_stats');
  await knex.raw('DROP TABLE tags');
};
`,
};

interface Side {
  knex: Knex;
  dir: string;
  queries: string[];
}

let lumos: TestLumos;
let reference: ReferenceDb | null = null;
const sides: Record<'lumos' | 'pg', Side | undefined> = { lumos: undefined, pg: undefined };

function makeSide(connection: Knex.PgConnectionConfig): Side {
  const dir = mkdtempSync(join(tmpdir(), 'lumos-knex-'));
  for (const [name, body] of Object.entries(MIGRATIONS)) writeFileSync(join(dir, name), body);
  const knex = knexFactory({ client: 'pg', connection, pool: { min: 0, max: 2 }, migrations: { directory: dir } });
  const side: Side = { knex, dir, queries: [] };
  knex.on('query', (q: { sql: string }) => side.queries.push(q.sql));
  return side;
}

beforeAll(async () => {
  lumos = await startLumos();
  sides.lumos = makeSide({ host: '127.0.0.1', port: lumos.port, user: 'postgres', database: 'lumos' });
  reference = await freshReferenceDb(DB);
  if (reference) sides.pg = makeSide(reference.config);
});

afterAll(async () => {
  for (const s of Object.values(sides)) {
    if (!s) continue;
    await s.knex.destroy();
    rmSync(s.dir, { recursive: true, force: true });
  }
  await lumos?.close();
  await reference?.drop();
});

/** Run `step` on Lumos (and on PG when available); expect equal results; return Lumos's. */
function both<T>(step: (side: Side) => Promise<T>, normalise: (v: T) => unknown = (v) => v): Promise<T> {
  return sameOnBoth(sides, step, normalise);
}

/** Timestamps set by now() differ between servers: keep their type, not their value. */
function stripTimes(v: unknown): unknown {
  if (v instanceof Date) return 'Date';
  if (Array.isArray(v)) return v.map(stripTimes);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, stripTimes(x)]));
  return v;
}

describe('knex', () => {
  it('runs migrations: latest, status, rollback, latest again', async () => {
    const first = await both((s) => s.knex.migrate.latest());
    expect(first).toEqual([1, Object.keys(MIGRATIONS)]);
    for (const s of Object.values(sides)) if (s) writeFileSync(join(s.dir, RAW_MIGRATION.name), RAW_MIGRATION.body);
    expect(await both((s) => s.knex.migrate.status())).toBe(-1);
    expect(await both((s) => s.knex.migrate.latest())).toEqual([2, [RAW_MIGRATION.name]]);
    expect(await both((s) => s.knex.migrate.status())).toBe(0);
    expect(await both((s) => s.knex.migrate.rollback())).toEqual([2, [RAW_MIGRATION.name]]);
    expect(await both((s) => s.knex.schema.hasTable('tags'))).toBe(false);
    expect(await both((s) => s.knex.migrate.latest())).toEqual([2, [RAW_MIGRATION.name]]);
    const done = await both((s) => s.knex('knex_migrations').select('name', 'batch').orderBy('id'));
    expect(done).toEqual([
      ...Object.keys(MIGRATIONS).map((name) => ({ name, batch: 1 })),
      { name: RAW_MIGRATION.name, batch: 2 },
    ]);
    expect(await both((s) => s.knex('knex_migrations_lock').select('is_locked'))).toEqual([{ is_locked: 0 }]);
  });

  it('introspects the schema like PostgreSQL', async () => {
    expect(await both((s) => s.knex.schema.hasTable('authors'))).toBe(true);
    expect(await both((s) => s.knex.schema.hasTable('nope'))).toBe(false);
    expect(await both((s) => s.knex.schema.hasColumn('authors', 'biography'))).toBe(true);
    expect(await both((s) => s.knex.schema.hasColumn('authors', 'bio'))).toBe(false);
    const authors = await both((s) => s.knex('authors').columnInfo());
    expect(authors.name).toEqual({ type: 'character varying', maxLength: 100, nullable: false, defaultValue: null });
    expect(authors.balance.defaultValue).toBe("'0'::numeric");
    expect(authors.active).toEqual({ type: 'boolean', maxLength: null, nullable: true, defaultValue: 'true' });
    expect(authors.age).toBeUndefined();
    expect(Object.keys(authors)).toContain('nickname');
    const posts = await both((s) => s.knex('posts').columnInfo());
    expect(posts.id.defaultValue).toBe("nextval('posts_id_seq'::regclass)");
    expect(posts.published_at.type).toBe('timestamp with time zone');
    await both((s) => s.knex('tags').columnInfo());
    await both((s) =>
      s
        .knex('information_schema.columns')
        .select('table_name', 'column_name', 'ordinal_position', 'data_type', 'is_nullable', 'column_default')
        .select('character_maximum_length', 'numeric_precision', 'numeric_scale', 'udt_name')
        .whereIn('table_name', ['authors', 'posts', 'tags', 'author_stats'])
        .andWhere('table_schema', 'public')
        .orderBy(['table_name', 'ordinal_position']),
    );
    await both((s) =>
      s
        .knex('information_schema.table_constraints')
        .select('table_name', 'constraint_name', 'constraint_type')
        .whereIn('table_name', ['authors', 'posts', 'tags'])
        .andWhere('constraint_type', '<>', 'CHECK')
        .orderBy(['table_name', 'constraint_name']),
    );
    const fks = await both((s) =>
      s
        .knex('information_schema.referential_constraints as r')
        .join('information_schema.key_column_usage as k', 'k.constraint_name', 'r.constraint_name')
        .select('r.constraint_name', 'k.table_name', 'k.column_name', 'r.update_rule', 'r.delete_rule')
        .where('r.constraint_schema', 'public')
        .orderBy('r.constraint_name'),
    );
    expect(fks).toEqual([
      {
        constraint_name: 'posts_author_id_foreign',
        table_name: 'posts',
        column_name: 'author_id',
        update_rule: 'NO ACTION',
        delete_rule: 'CASCADE',
      },
      {
        constraint_name: 'tags_post_id_fkey',
        table_name: 'tags',
        column_name: 'post_id',
        update_rule: 'NO ACTION',
        delete_rule: 'CASCADE',
      },
    ]);
    await both((s) =>
      s
        .knex('pg_indexes')
        .select('tablename', 'indexname', 'indexdef')
        .where('schemaname', 'public')
        .orderBy('indexname'),
    );
  });

  it('does CRUD with returning, transactions, batchInsert, joins, upserts and raw bindings', async () => {
    const ins = await both(
      (s) =>
        s
          .knex('authors')
          .insert([
            { name: 'Ada', email: 'ada@example.com', balance: '10.50' },
            { name: 'Brian', email: 'brian@example.com', active: false },
            { name: 'Cleo', email: 'cleo@example.com', biography: 'writes' },
          ])
          .returning('*'),
      stripTimes,
    );
    expect(ins.map((r) => [r.id, r.name, r.balance, r.active])).toEqual([
      [1, 'Ada', '10.50', true],
      [2, 'Brian', '0.00', false],
      [3, 'Cleo', '0.00', true],
    ]);
    expect(ins[0].created_at).toBeInstanceOf(Date);

    const upd = await both((s) =>
      s
        .knex('authors')
        .where({ id: 2 })
        .update({ nickname: 'bri', balance: 3.25 })
        .returning(['id', 'nickname', 'balance']),
    );
    expect(upd).toEqual([{ id: 2, nickname: 'bri', balance: '3.25' }]);

    await both((s) =>
      s.knex.transaction(async (trx) => {
        await trx('posts').insert({ author_id: 1, title: 'First', body: 'hello', views: 5 });
        await trx('posts').insert({ author_id: 1, title: 'Second', views: 7 });
      }),
    );
    const rolledBack = await both(async (s) => {
      try {
        await s.knex.transaction(async (trx) => {
          await trx('posts').insert({ author_id: 2, title: 'Lost' });
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
        await s.knex.transaction(async (trx) => {
          await trx('posts').insert({ author_id: 3, title: 'Dup' });
          await trx('posts').insert({ author_id: 3, title: 'Dup' });
        });
        return 'committed';
      } catch (e) {
        return (e as { code?: string }).code;
      }
    });
    expect(failed).toBe('23505');
    // The foreign key knex adds with ALTER TABLE is enforced.
    const orphan = await both((s) =>
      s
        .knex('posts')
        .insert({ author_id: 99, title: 'Orphan' })
        .then(
          () => 'inserted',
          (e: { code?: string; constraint?: string }) => [e.code, e.constraint],
        ),
    );
    expect(orphan).toEqual(['23503', 'posts_author_id_foreign']);

    const rows = Array.from({ length: 5 }, (_, k) => ({ author_id: 3, title: `Batch ${k}`, views: k * 10 }));
    const batchIds = await both((s) => s.knex.batchInsert('posts', rows, 2).returning(['id' as never]));
    expect(batchIds).toHaveLength(5);

    const report = await both((s) =>
      s
        .knex('authors as a')
        .leftJoin('posts as p', 'p.author_id', 'a.id')
        .select('a.name')
        .count({ posts: 'p.id' })
        .sum({ views: 'p.views' })
        .groupBy('a.id', 'a.name')
        .orderBy([{ column: 'posts', order: 'desc' }, 'a.name']),
    );
    expect(report).toEqual([
      { name: 'Cleo', posts: '5', views: '100' },
      { name: 'Ada', posts: '2', views: '12' },
      { name: 'Brian', posts: '0', views: null },
    ]);

    const some = await both((s) =>
      s.knex('posts').whereIn('title', ['First', 'Batch 3', 'Nope']).orderBy('id').pluck('title'),
    );
    expect(some).toEqual(['First', 'Batch 3']);

    const merged = await both((s) =>
      s
        .knex('authors')
        .insert([
          { name: 'Ada Lovelace', email: 'ada@example.com' },
          { name: 'Dora', email: 'dora@example.com' },
        ])
        .onConflict('email')
        .merge(['name'])
        .returning(['id', 'name', 'email']),
    );
    expect(merged).toEqual([
      { id: 1, name: 'Ada Lovelace', email: 'ada@example.com' },
      { id: 5, name: 'Dora', email: 'dora@example.com' },
    ]);
    const ignored = await both((s) =>
      s.knex('authors').insert({ name: 'X', email: 'dora@example.com' }).onConflict('email').ignore().returning('id'),
    );
    expect(ignored).toEqual([]);

    const raw = await both(async (s) => {
      const r = await s.knex.raw('select ?::int + ? as total, ?::text as label, ?? as col from authors where id = ?', [
        1,
        2,
        'x',
        'name',
        1,
      ]);
      return { rows: r.rows, types: r.fields.map((f: pg.FieldDef) => [f.name, f.dataTypeID, f.dataTypeModifier]) };
    });
    expect(raw.rows).toEqual([{ total: 3, label: 'x', col: 'Ada Lovelace' }]);

    const deleted = await both((s) => s.knex('authors').where('id', 3).del().returning(['id', 'name']));
    expect(deleted).toEqual([{ id: 3, name: 'Cleo' }]);
    // ON DELETE CASCADE removed Cleo's posts.
    expect(await both((s) => s.knex('posts').count({ n: '*' }).first())).toEqual({ n: '2' });
    const view = await both((s) => s.knex('author_stats').orderBy('id'));
    expect(view.map((r: { posts: string }) => r.posts)).toEqual(['2', '0', '0']);
  });

  it('rolls everything back and migrates up again', async () => {
    await both((s) => s.knex.migrate.rollback(undefined, true));
    expect(await both((s) => s.knex.schema.hasTable('authors'))).toBe(false);
    expect(await both((s) => s.knex.migrate.status())).toBe(-3);
    expect(await both((s) => s.knex.migrate.latest())).toEqual([1, [...Object.keys(MIGRATIONS), RAW_MIGRATION.name]]);
    expect(await both((s) => s.knex.migrate.currentVersion())).toBe('20240103000000');
  });
});
