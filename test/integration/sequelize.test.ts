/**
 * Sequelize 6 against Lumos: sync({ force }) and sync({ alter }) (describeTable, foreign key and index queries),
 * queryInterface introspection, associations with include, transactions, upsert, increment, bulkCreate and
 * destroy. The same models run on PostgreSQL 15 (127.0.0.1:5432, trust) in a fresh database and the
 * introspection and query results must be the same.
 */
import { DataTypes, type ModelAttributes, type ModelStatic, Sequelize, type Model as SqModel } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLumos, type TestLumos } from '../helpers/lumos.js';
import { freshReferenceDb, PG_PORT, type ReferenceDb, sameOnBoth } from '../helpers/reference-pg.js';

const DB = `lumos_sequelize_${process.pid}`;

type Row = SqModel<Record<string, unknown>, Record<string, unknown>>;

interface Side {
  sequelize: Sequelize;
  Author: ModelStatic<Row>;
  Post: ModelStatic<Row>;
  queries: string[];
}

let lumos: TestLumos;
let reference: ReferenceDb | null = null;
const sides: Record<'lumos' | 'pg', Side | undefined> = { lumos: undefined, pg: undefined };

function authorAttributes(altered: boolean) {
  return {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
    name: { type: DataTypes.STRING(100), allowNull: false },
    bio: DataTypes.TEXT,
    age: DataTypes.INTEGER,
    followers: { type: DataTypes.BIGINT, defaultValue: 0 },
    balance: { type: DataTypes.DECIMAL(10, 2), defaultValue: 0 },
    active: { type: DataTypes.BOOLEAN, defaultValue: true },
    born: DataTypes.DATEONLY,
    lastSeen: DataTypes.DATE,
    uid: { type: DataTypes.UUID, defaultValue: DataTypes.UUIDV4, unique: true },
    meta: DataTypes.JSONB,
    scores: DataTypes.ARRAY(DataTypes.INTEGER),
    ...(altered ? { nickname: { type: DataTypes.STRING(40), defaultValue: 'anon' } } : {}),
  };
}

function define(sequelize: Sequelize, altered: boolean): { Author: ModelStatic<Row>; Post: ModelStatic<Row> } {
  const Author = sequelize.define('Author', authorAttributes(altered), {
    tableName: 'authors',
    indexes: [{ fields: ['name'] }, { fields: ['born', 'active'], name: 'authors_born_active' }],
  });
  const Post = sequelize.define(
    'Post',
    {
      title: { type: DataTypes.STRING, allowNull: false },
      views: { type: DataTypes.INTEGER, defaultValue: 0, allowNull: false },
      ...(altered ? { rating: DataTypes.DECIMAL(3, 1) } : { body: DataTypes.TEXT }),
    } as ModelAttributes,
    { tableName: 'posts', indexes: [{ unique: true, fields: ['authorId', 'title'] }] },
  );
  Author.hasMany(Post, { foreignKey: { name: 'authorId', allowNull: false }, onDelete: 'CASCADE' });
  Post.belongsTo(Author, { foreignKey: { name: 'authorId', allowNull: false } });
  return { Author, Post };
}

function makeSide(port: number, database: string): Side {
  const queries: string[] = [];
  const sequelize = new Sequelize(database, 'postgres', '', {
    host: '127.0.0.1',
    port,
    dialect: 'postgres',
    logging: (sql: string) => queries.push(sql.replace(/^Executing \([^)]*\): /, '')),
    pool: { max: 2, min: 0 },
  });
  return { sequelize, ...define(sequelize, false), queries };
}

beforeAll(async () => {
  lumos = await startLumos();
  sides.lumos = makeSide(lumos.port, 'lumos');
  reference = await freshReferenceDb(DB);
  if (reference) sides.pg = makeSide(PG_PORT, DB);
});

afterAll(async () => {
  for (const s of Object.values(sides)) await s?.sequelize.close();
  await lumos?.close();
  await reference?.drop();
});

/** Run `step` on Lumos (and on PG when available); expect equal results; return Lumos's. */
function both<T>(step: (side: Side) => Promise<T>, normalise: (v: unknown) => unknown = (v) => v): Promise<T> {
  return sameOnBoth(sides, step, normalise);
}

/** Values that differ between servers by nature (now(), random UUIDs) keep only their shape. */
function stable(v: unknown): unknown {
  if (v instanceof Date) return 'Date';
  if (typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-/.test(v)) return 'uuid';
  if (Array.isArray(v)) return v.map(stable);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, stable(x)]));
  return v;
}

/** The current database's name differs: Lumos serves "lumos". */
const sameDb = (v: unknown) => JSON.parse(JSON.stringify(v).replaceAll(`"${DB}"`, '"lumos"'));

const plain = (rows: Row[]): any[] => rows.map((r) => r.get({ plain: true }));

/** showIndex rows name index OIDs (different per server): keep the rest. */
const indexShape = (rows: unknown) =>
  (rows as Record<string, unknown>[])
    .map(({ name, primary, unique, indkey, definition, fields }) => ({
      name,
      primary,
      unique,
      indkey,
      definition,
      fields,
    }))
    .sort((a, b) => String(a.name).localeCompare(String(b.name)));

describe('sequelize', () => {
  it('syncs with force and introspects the tables like PostgreSQL', async () => {
    await both((s) => s.sequelize.sync({ force: true }).then(() => 'ok'));
    const tables = await both((s) => s.sequelize.getQueryInterface().showAllTables());
    expect([...tables].sort()).toEqual(['authors', 'posts']);
    const authors = await both((s) => s.sequelize.getQueryInterface().describeTable('authors'));
    expect(authors.id).toMatchObject({ type: 'INTEGER', allowNull: false, primaryKey: true });
    expect(authors.name).toMatchObject({ type: 'CHARACTER VARYING(100)', allowNull: false });
    expect(authors.balance.defaultValue).toBe('0');
    expect(authors.scores.type).toBe('ARRAY');
    await both((s) => s.sequelize.getQueryInterface().describeTable('posts'));
    const fks = await both((s) => s.sequelize.getQueryInterface().getForeignKeyReferencesForTable('posts'), sameDb);
    expect(fks).toMatchObject([
      { constraintName: 'posts_authorId_fkey', columnName: 'authorId', referencedTableName: 'authors' },
    ]);
    const idx = await both((s) => s.sequelize.getQueryInterface().showIndex('authors'), indexShape);
    expect(indexShape(idx)).toHaveLength(4);
    await both((s) => s.sequelize.getQueryInterface().showIndex('posts'), indexShape);
  });

  it('does CRUD with associations, transactions, upsert, increment and destroy', async () => {
    const created = await both(
      (s) =>
        s.Author.bulkCreate(
          [
            { name: 'Ada', age: 36, born: '1815-12-10', meta: { langs: ['en'] }, scores: [3, 1] },
            { name: 'Brian', followers: '9007199254740993', balance: '12.50', active: false },
            { name: 'Cleo', lastSeen: new Date('2024-03-01T12:00:00Z') },
          ],
          { returning: true },
        ).then(plain),
      stable,
    );
    expect(created.map((a) => [a.id, a.name, a.balance, a.active])).toEqual([
      [1, 'Ada', '0.00', true],
      [2, 'Brian', '12.50', false],
      [3, 'Cleo', '0.00', true],
    ]);
    expect(created[0].uid).toMatch(/^[0-9a-f-]{36}$/);
    await both((s) =>
      s.Post.bulkCreate([
        { title: 'One', authorId: 1, views: 5 },
        { title: 'Two', authorId: 1, views: 7 },
        { title: 'Three', authorId: 3 },
      ]).then((r) => r.length),
    );

    const withPosts = await both(
      (s) =>
        s.Author.findAll({
          include: [{ model: s.Post }],
          order: [
            ['id', 'ASC'],
            [s.Post, 'id', 'ASC'],
          ],
        }).then(plain),
      stable,
    );
    expect(withPosts.map((a) => [a.name, a.Posts.map((p: { title: string }) => p.title)])).toEqual([
      ['Ada', ['One', 'Two']],
      ['Brian', []],
      ['Cleo', ['Three']],
    ]);
    expect(withPosts[0].meta).toEqual({ langs: ['en'] });
    expect(withPosts[0].scores).toEqual([3, 1]);
    expect(withPosts[1].followers).toBe('9007199254740993');

    const page = await both((s) =>
      s.Post.findAndCountAll({ where: { authorId: 1 }, limit: 1, offset: 1, order: [['id', 'ASC']] }).then((r) => ({
        count: r.count,
        titles: r.rows.map((p) => p.get('title')),
      })),
    );
    expect(page).toEqual({ count: 2, titles: ['Two'] });

    const rolledBack = await both(async (s) => {
      try {
        await s.sequelize.transaction(async (transaction) => {
          await s.Post.create({ title: 'Lost', authorId: 2 }, { transaction });
          throw new Error('abort');
        });
      } catch (e) {
        return [(e as Error).message, await s.Post.count({ where: { authorId: 2 } })];
      }
    });
    expect(rolledBack).toEqual(['abort', 0]);
    await both((s) =>
      s.sequelize.transaction(async (transaction) => {
        await s.Post.create({ title: 'Kept', authorId: 2 }, { transaction });
        await s.Author.update({ bio: 'has a post' }, { where: { id: 2 }, transaction });
      }),
    );

    const upserted = await both(
      (s) =>
        s.Post.upsert({ id: 1, title: 'One (edited)', authorId: 1, views: 50 }, { returning: true }).then(([p]) =>
          p.get({ plain: true }),
        ),
      stable,
    );
    expect(upserted).toMatchObject({ id: 1, title: 'One (edited)', views: 50 });

    await both((s) => s.Post.increment('views', { by: 3, where: { authorId: 1 } }).then(() => 'ok'));
    const views = await both((s) => s.Post.findAll({ attributes: ['id', 'views'], order: [['id', 'ASC']], raw: true }));
    expect(views).toEqual([
      { id: 1, views: 53 },
      { id: 2, views: 10 },
      { id: 3, views: 0 },
      { id: 5, views: 0 },
    ]);

    const orphan = await both((s) =>
      s.Post.create({ title: 'Orphan', authorId: 99 }).then(
        () => 'created',
        (e: { name: string; parent?: { code?: string } }) => [e.name, e.parent?.code],
      ),
    );
    expect(orphan).toEqual(['SequelizeForeignKeyConstraintError', '23503']);

    expect(await both((s) => s.Author.destroy({ where: { id: 1 } }))).toBe(1);
    expect(await both((s) => s.Post.count())).toBe(2);
  });

  it('syncs, alters and queries ENUM columns like PostgreSQL', async () => {
    // Sequelize creates the type in a DO block (CREATE TYPE ... EXCEPTION WHEN duplicate_object THEN null),
    // reads its labels from pg_enum and adds labels with ALTER TYPE ... ADD VALUE on sync({ alter }).
    const models = (s: Side, labels: string[]) =>
      s.sequelize.define(
        'Mood',
        { name: DataTypes.STRING, feeling: { type: DataTypes.ENUM(...labels), allowNull: false, defaultValue: 'ok' } },
        { tableName: 'moods', timestamps: false },
      );
    const run = async (s: Side) => {
      const Mood = models(s, ['sad', 'ok', 'happy']);
      await Mood.sync({ force: true });
      await Mood.bulkCreate([{ name: 'a', feeling: 'happy' }, { name: 'b', feeling: 'sad' }, { name: 'c' }]);
      const sorted = (await Mood.findAll({
        attributes: ['name', 'feeling'],
        order: [['feeling', 'DESC']],
        raw: true,
      })) as unknown as { feeling: string }[];
      const Altered = models(s, ['sad', 'meh', 'ok', 'happy', 'ecstatic']);
      await Altered.sync({ alter: true });
      await Altered.create({ name: 'd', feeling: 'meh' });
      const after = (await Altered.findAll({
        attributes: ['name', 'feeling'],
        order: ['feeling', 'name'],
        raw: true,
      })) as unknown as { feeling: string }[];
      const described = await s.sequelize.getQueryInterface().describeTable('moods');
      const invalid = await Altered.create({ name: 'e', feeling: 'angry' }).then(
        () => 'ok',
        (e: { parent?: { code?: string } }) => e.parent?.code,
      );
      s.sequelize.modelManager.removeModel(Altered);
      return { sorted, after, described, invalid };
    };
    const r = await both(run);
    expect(r.sorted.map((x) => x.feeling)).toEqual(['happy', 'ok', 'sad']);
    expect(r.after.map((x) => x.feeling)).toEqual(['sad', 'meh', 'ok', 'happy']);
    // describeTable's array_agg has no ORDER BY (PG gives pg_enum's physical order): compare the labels.
    expect(r.described.feeling.type).toBe('USER-DEFINED');
    expect([...((r.described.feeling as { special?: string[] }).special ?? [])].sort()).toEqual([
      'ecstatic',
      'happy',
      'meh',
      'ok',
      'sad',
    ]);
    expect(r.invalid).toBe('22P02');
  });

  it('alters tables with sync({ alter: true }) like PostgreSQL', async () => {
    for (const s of Object.values(sides)) {
      if (!s) continue;
      s.sequelize.modelManager.removeModel(s.Post);
      s.sequelize.modelManager.removeModel(s.Author);
      Object.assign(s, define(s.sequelize, true));
    }
    await both((s) => s.sequelize.sync({ alter: true }).then(() => 'ok'));
    const authors = await both((s) => s.sequelize.getQueryInterface().describeTable('authors'));
    expect(authors.nickname).toMatchObject({ type: 'CHARACTER VARYING(40)', defaultValue: 'anon' });
    const posts = await both((s) => s.sequelize.getQueryInterface().describeTable('posts'));
    expect(posts.body).toBeUndefined();
    expect(posts.rating.type).toBe('NUMERIC');
    await both((s) => s.sequelize.getQueryInterface().getForeignKeyReferencesForTable('posts'), sameDb);
    await both((s) => s.sequelize.getQueryInterface().showIndex('posts'), indexShape);
    const after = await both((s) => s.Author.findAll({ attributes: ['name', 'nickname'], order: ['id'], raw: true }));
    expect(after).toEqual([
      { name: 'Brian', nickname: 'anon' },
      { name: 'Cleo', nickname: 'anon' },
    ]);
    // The re-added foreign key still cascades.
    await both((s) => s.Author.destroy({ where: { name: 'Cleo' } }));
    expect(await both((s) => s.Post.count())).toBe(1);
  });
});
