/** psql against a real Lumos: DDL, DML, \x, a rolled-back transaction, verbose errors, session still usable. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTool, startLumos, type TestLumos } from '../helpers/lumos.js';

let lumos: TestLumos;

beforeAll(async () => {
  lumos = await startLumos();
});

afterAll(async () => {
  await lumos?.close();
});

function psql(script: string, args: string[] = []) {
  return runTool('psql', ['-X', '-v', 'ON_ERROR_STOP=0', ...args], { input: script, env: lumos.env() });
}

describe('psql', () => {
  it('runs DDL and CRUD with aligned and expanded output', async () => {
    const r = await psql(`
CREATE TABLE people (id serial PRIMARY KEY, name varchar(20) NOT NULL, born date, score numeric(5,1));
INSERT INTO people (name, born, score) VALUES ('Ada', '1815-12-10', 99.5), ('Alan', '1912-06-23', NULL);
SELECT id, name, born, score FROM people ORDER BY id;
UPDATE people SET score = 88 WHERE name = 'Alan';
DELETE FROM people WHERE name = 'Nobody';
\\x
SELECT * FROM people WHERE id = 2;
`);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain(`CREATE TABLE
INSERT 0 2
 id | name |    born    | score 
----+------+------------+-------
  1 | Ada  | 1815-12-10 |  99.5
  2 | Alan | 1912-06-23 |      
(2 rows)

UPDATE 1
DELETE 0
Expanded display is on.
-[ RECORD 1 ]-----
id    | 2
name  | Alan
born  | 1912-06-23
score | 88.0
`);
  });

  it('rolls back a transaction and shows SQLSTATE with VERBOSITY verbose', async () => {
    const r = await psql(`
CREATE TABLE t (a int);
BEGIN;
INSERT INTO t VALUES (1);
ROLLBACK;
SELECT count(*) FROM t;
\\set VERBOSITY verbose
SELECT * FROM missing_table;
SELECT 41 + 1 AS answer;
`);
    expect(r.stdout).toContain(`BEGIN
INSERT 0 1
ROLLBACK
 count 
-------
     0
(1 row)
`);
    expect(r.stderr).toContain('ERROR:  42P01: relation "missing_table" does not exist');
    expect(r.stdout).toContain(` answer 
--------
     42
(1 row)
`);
  });
});
