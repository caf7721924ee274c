import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CODEC_CONTEXT } from '../../../protocol/types/context.js';
import { TestDb } from '../sqlite/testkit.js';
import { translate } from '../sqlite/translate.js';
import type { Translation } from '../sqlite/translation.js';
import { lexShape } from './lexer.js';
import { isShaped, parseStatements, type ShapedStatement, translateWithSlots } from './shape.js';

describe('lexShape', () => {
  it('replaces numbers and plain strings by their class', () => {
    const s = lexShape("SELECT abalance FROM t WHERE aid = 41919 AND name = 'it''s' AND x > 3000000000 AND y < 1.5;");
    expect(s?.key).toBe(
      'SELECT abalance FROM t WHERE aid = \u0001i AND name = \u0001s AND x > \u0001I AND y < \u0001n;',
    );
    expect(s?.literals.map((l) => l.value)).toEqual(['41919', "it's", '3000000000', '1.5']);
  });

  it('keeps other literals, identifiers, comments and parameters verbatim', () => {
    const s = lexShape(`SELECT E'a\\'b', B'101', $$x'y$$, "c""1", $1, t1.c2 -- 'no'\n/* 'no' /* 7 */ */`);
    expect(s?.literals).toEqual([]);
    expect(s?.key).toBe(`SELECT E'a\\'b', B'101', $$x'y$$, "c""1", $1, t1.c2 -- 'no'\n/* 'no' /* 7 */ */`);
  });

  it('notes a minus sign the parser may fold into the number', () => {
    const s = lexShape('UPDATE a SET b = b + -2345 WHERE c - 1 > 0');
    expect(s?.literals.map((l) => [l.value, l.minus])).toEqual([
      ['2345', 21],
      ['1', 35],
      ['0', -1],
    ]);
  });

  it('leaves what it cannot be sure about to the parser', () => {
    for (const q of [
      'SELECT 1; SELECT 2',
      'SELECT 123abc',
      "SELECT 'a'\n'b'",
      'SELECT 0x1F',
      "SELECT U&'d'",
      "SELECT 'open",
    ])
      expect(lexShape(q), q).toBeNull();
  });
});

describe('shape cache', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await TestDb.create();
    db.run('CREATE TABLE s_items (id int PRIMARY KEY, name text, price numeric(10,2), d date)');
    db.run(
      "INSERT INTO s_items VALUES (1, 'a', 1.50, '2024-01-01'), (2, 'b', 2.50, '2024-01-02'), (3, 'it''s', -3, '2024-01-03')",
    );
  });

  /** Translate through the shape cache like StatementRunner does; `hit` tells whether it was reused. */
  function shaped(sql: string): { stmt: ShapedStatement; tr: Translation; hit: boolean } {
    const [stmt] = parseStatements(sql);
    if (!isShaped(stmt)) throw new Error(`not shaped: ${sql}`);
    const b = stmt.shape;
    const hit = b.entry.lookup(b, 'ctx');
    if (hit) return { stmt, tr: hit, hit: true };
    const r = translateWithSlots(b, () =>
      translate(stmt, { catalog: db.catalog, searchPath: db.searchPath, codec: DEFAULT_CODEC_CONTEXT, paramTypes: [] }),
    );
    b.entry.store(b, 'ctx', r.dependent, r.translation);
    return { stmt, tr: r.translation, hit: false };
  }

  /** The same rows, names and types as the ordinary path, for each statement of a shape in turn. */
  function sameAsPlain(statements: string[]): boolean[] {
    return statements.map((sql) => {
      const { stmt, tr, hit } = shaped(sql);
      const viaShape = db.run(sql, [], [], { tr, bind: stmt.shape.params });
      const plain = db.run(sql);
      expect({ rows: viaShape.rows, names: viaShape.names, types: viaShape.types }, sql).toEqual({
        rows: plain.rows,
        names: plain.names,
        types: plain.types,
      });
      return hit;
    });
  }

  it('shares one translation between statements differing in bound literals', () => {
    expect(sameAsPlain(['SELECT name FROM s_items WHERE id = 1', 'SELECT name FROM s_items WHERE id = 3'])).toEqual([
      false,
      true,
    ]);
    expect(
      sameAsPlain(["SELECT id FROM s_items WHERE name = 'a'", "SELECT id FROM s_items WHERE name = 'it''s'"]),
    ).toEqual([false, true]);
    expect(
      sameAsPlain([
        'SELECT price + 1.25, price * -0.5 FROM s_items ORDER BY id',
        'SELECT price + 2.5, price * -.75 FROM s_items ORDER BY id',
        'SELECT price + 1e2, price * -2.0 FROM s_items ORDER BY id',
      ]),
    ).toEqual([false, true, true]);
    const a = shaped('SELECT id * 7 / 2, -5 / 2 FROM s_items WHERE id = 1');
    expect(a.tr.sql.join()).toContain('$__l');
  });

  it('binds integers as integers (integer division stays integer division)', () => {
    sameAsPlain([
      'SELECT 7 / 2, -7 / 2, id / 2 FROM s_items WHERE id = 3',
      'SELECT 9 / 2, -9 / 2, id / 2 FROM s_items WHERE id = 3',
    ]);
  });

  it('keys translations by the literals they read: ORDER BY ordinals, typmods, dates, LIKE patterns', () => {
    expect(sameAsPlain(['SELECT id, name FROM s_items ORDER BY 1', 'SELECT id, name FROM s_items ORDER BY 2'])).toEqual(
      [false, false],
    );
    sameAsPlain(["SELECT 'abc'::varchar(2)", "SELECT 'wxyz'::varchar(3)"]);
    sameAsPlain(["SELECT id FROM s_items WHERE d = '2024-01-01'", "SELECT id FROM s_items WHERE d = '2024-01-03'"]);
    sameAsPlain(["SELECT id FROM s_items WHERE name LIKE 'a%'", "SELECT id FROM s_items WHERE name LIKE 'it_s'"]);
  });

  it('shares a parameter between equal literals, so GROUP BY expressions still match', () => {
    sameAsPlain([
      'SELECT x + 1 FROM generate_series(1, 3) x GROUP BY x + 1 ORDER BY 1',
      'SELECT x + 2 FROM generate_series(1, 3) x GROUP BY x + 2 ORDER BY 1',
    ]);
  });

  it('handles negative numbers the parser folded', () => {
    sameAsPlain(['SELECT -5, 3 - 1, - 2 FROM s_items WHERE id = 1', 'SELECT -7, 3 - 4, - 9 FROM s_items WHERE id = 1']);
    sameAsPlain([
      'SELECT sum(x) OVER (ORDER BY x ROWS 1 PRECEDING) FROM generate_series(1, 4) x',
      'SELECT sum(x) OVER (ORDER BY x ROWS 2 PRECEDING) FROM generate_series(1, 4) x',
    ]);
  });

  it('keeps a bounded number of translations per shape', () => {
    let last: ShapedStatement | undefined;
    for (let day = 0; day < 100; day++) {
      const date = new Date(Date.UTC(2024, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
      last = shaped(`SELECT id FROM s_items WHERE d = '${date}'`).stmt;
    }
    expect(last?.shape.entry.size).toBeGreaterThan(0);
    expect(last?.shape.entry.size).toBeLessThanOrEqual(64);
  });

  it('leaves DDL, utility statements and literal-free statements to the ordinary path', () => {
    for (const q of ['CREATE TABLE s_x (a int DEFAULT 5)', 'SET work_mem = 64', 'SELECT id FROM s_items'])
      expect(isShaped(parseStatements(q)[0]), q).toBe(false);
  });
});
