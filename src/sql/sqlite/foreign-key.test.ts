import { beforeEach, describe, expect, it } from 'vitest';
import { TestDb } from './testkit.js';

/** Foreign keys enforced by triggers: checks at the end of the statement (ground truth: PostgreSQL 15). */
describe('foreign keys', () => {
  let d: TestDb;
  beforeEach(async () => {
    d = await TestDb.create();
    d.run('CREATE TABLE tree (id int PRIMARY KEY, parent int REFERENCES tree (id))');
    d.run('INSERT INTO tree VALUES (1, NULL), (2, 1), (3, 2)');
  });

  it('checks NO ACTION once the statement has run', () => {
    expect(() => d.run('DELETE FROM tree WHERE id = 1')).toThrow(/update or delete on table "tree" violates/);
    expect(d.run('DELETE FROM tree').count).toBe(3);
    // A child row before its parent in one INSERT.
    expect(d.run('INSERT INTO tree VALUES (5, 4), (4, NULL)').count).toBe(2);
    expect(() => d.run('INSERT INTO tree VALUES (7, 6), (8, NULL)')).toThrow(
      /insert or update on table "tree" violates/,
    );
    expect(d.q('SELECT id FROM tree ORDER BY id')).toEqual(['4', '5']);
  });

  it('lets TRUNCATE empty a self-referencing table', () => {
    d.run('TRUNCATE tree');
    expect(d.q('SELECT count(*) FROM tree')).toEqual(['0']);
  });

  it('refuses a MATCH FULL key mixing NULL and non-NULL values', () => {
    d.run('CREATE TABLE p2 (a int, b int, PRIMARY KEY (a, b))');
    d.run('CREATE TABLE c2 (a int, b int, FOREIGN KEY (a, b) REFERENCES p2 MATCH FULL)');
    expect(d.run('INSERT INTO c2 VALUES (NULL, NULL)').count).toBe(1);
    expect(() => d.run('INSERT INTO c2 VALUES (1, NULL)')).toThrow(/violates foreign key constraint "c2_a_b_fkey"/);
  });

  it('sets only the listed columns for ON DELETE SET NULL (columns)', () => {
    d.run('CREATE TABLE ten (tid int, id int, PRIMARY KEY (tid, id))');
    d.run(
      'CREATE TABLE doc (tid int NOT NULL, id int, author int, FOREIGN KEY (tid, author) REFERENCES ten ON DELETE SET NULL (author))',
    );
    d.run('INSERT INTO ten VALUES (1, 10)');
    d.run('INSERT INTO doc VALUES (1, 100, 10)');
    d.run('DELETE FROM ten');
    expect(d.q('SELECT tid, id, author FROM doc')).toEqual(['1|100|']);
  });

  it('refuses FROM items of UPDATE that reference the target table', () => {
    expect(() => d.run('UPDATE tree SET parent = x.p FROM LATERAL (SELECT tree.id AS p) x')).toThrow(
      /invalid reference to FROM-clause entry for table "tree"/,
    );
  });
});
