import { beforeAll, describe, expect, it } from 'vitest';
import { OID } from '../../../protocol/types/oids.js';
import { TestDb } from './testkit.js';

let d: TestDb;
beforeAll(async () => {
  d = await TestDb.create();
  d.run('CREATE TABLE ja (id int PRIMARY KEY, doc jsonb, raw json, tags text[], scores int[])');
  d.run(
    `INSERT INTO ja VALUES (1, '{"name": "Ann", "tags": ["a", "b"], "n": 1.50}', '{"b": 1, "a":  [1,  2]}', '{x,y}', '{5,3,4}')`,
  );
  d.run(`INSERT INTO ja VALUES (2, '[1, "two"]', '[1, 2]', '{}', '{1,NULL,3}')`);
});

describe('json operators', () => {
  it('extracts with -> ->> #> #>> keeping json spelling and jsonb normalisation', () => {
    expect(d.q("SELECT doc -> 'name', doc ->> 'name', doc #> '{tags,1}', doc ->> 'n' FROM ja WHERE id = 1")).toEqual([
      '"Ann"|Ann|"b"|1.50',
    ]);
    expect(d.q("SELECT raw -> 'a', raw ->> 'b', doc -> 1, doc ->> -1 FROM ja ORDER BY id")).toEqual([
      '[1,  2]|1||',
      '||"two"|two',
    ]);
  });
  it('implements containment, existence, concatenation and deletion', () => {
    expect(
      d.q(
        `SELECT doc @> '{"tags": ["b"]}', doc ? 'name', doc ?& array['name', 'zz'], doc - 'tags' FROM ja WHERE id = 1`,
      ),
    ).toEqual(['t|t|f|{"n": 1.50, "name": "Ann"}']);
    expect(d.q(`SELECT '[1, 2]'::jsonb || '3', '{"a": 1}'::jsonb || '{"a": 2}', '[1, 2, 3]'::jsonb - 1`)).toEqual([
      '[1, 2, 3]|{"a": 2}|[1, 3]',
    ]);
  });
  it('rejects json = json like PG', () => {
    expect(() => d.run('SELECT raw = raw FROM ja')).toThrow(/operator does not exist: json = json/);
  });
  it('builds and aggregates json', () => {
    const r = d.run("SELECT jsonb_build_object('a', 1, 'b', ARRAY[1, 2]), json_build_array(1, 'x', NULL)");
    expect(r.rows).toEqual([['{"a": 1, "b": [1, 2]}', '[1, "x", null]']]);
    expect(r.types).toEqual([OID.jsonb, OID.json]);
    expect(d.q('SELECT json_agg(t ORDER BY t.a) FROM (SELECT 1 AS a UNION ALL SELECT 2) t')).toEqual([
      '[{"a":1}, \n {"a":2}]',
    ]);
    expect(d.q('SELECT jsonb_object_agg(id, doc -> 0) FROM ja')).toEqual(['{"1": null, "2": 1}']);
  });
  it('sets paths and evaluates simple jsonpath', () => {
    expect(d.q(`SELECT jsonb_set('{"a": {"b": 1}}', '{a,b}', '2'), jsonb_insert('[1, 2]', '{0}', '0')`)).toEqual([
      '{"a": {"b": 2}}|[0, 1, 2]',
    ]);
    expect(d.q(`SELECT jsonb_path_query_array('{"a": [1, 5, 9]}', '$.a[*] ? (@ > 3)')`)).toEqual(['[5, 9]']);
  });
});

describe('arrays', () => {
  it('subscripts and slices', () => {
    expect(d.q('SELECT tags[1], scores[2:], scores[5], (ARRAY[[1, 2], [3, 4]])[2][1] FROM ja WHERE id = 1')).toEqual([
      'x|{3,4}||3',
    ]);
    expect(d.q('SELECT scores[1:2] FROM ja WHERE id = 2')).toEqual(['{1,NULL}']);
  });
  it('compares, orders and tests containment', () => {
    expect(d.q('SELECT ARRAY[1, 2] < ARRAY[1, 3], ARRAY[1, 2, 3] > ARRAY[1, 2], ARRAY[1, 2] @> ARRAY[2]')).toEqual([
      't|t|t',
    ]);
    expect(d.q('SELECT id FROM ja ORDER BY scores')).toEqual(['2', '1']);
  });
  it('ANY/ALL follow PG NULL semantics', () => {
    expect(
      d.q(
        "SELECT 2 = ANY('{1,NULL}'::int[]), 1 = ANY('{1,NULL}'::int[]), 2 < ALL('{}'::int[]), 4 > ALL(scores) FROM ja WHERE id = 1",
      ),
    ).toEqual(['|t|t|f']);
  });
  it('concatenates and updates elements', () => {
    expect(d.q('SELECT ARRAY[1] || ARRAY[2], ARRAY[[1, 2]] || ARRAY[3, 4], 0 || ARRAY[1]')).toEqual([
      '{1,2}|{{1,2},{3,4}}|{0,1}',
    ]);
    expect(d.q('UPDATE ja SET scores[5] = 7 WHERE id = 1 RETURNING scores')).toEqual(['{5,3,4,NULL,7}']);
    expect(() => d.run('SELECT ARRAY[[1, 2], [3]]')).toThrow(/matching dimensions/);
  });
  it('array functions', () => {
    expect(
      d.q(
        "SELECT array_dims(ARRAY[[1, 2, 3], [4, 5, 6]]), array_to_string(ARRAY[1, NULL, 3], ',', '*'), array_remove(ARRAY[1, 2, 1], 1)",
      ),
    ).toEqual(['[1:2][1:3]|1,*,3|{2}']);
    expect(d.q('SELECT array_agg(scores ORDER BY id) FROM ja WHERE id = 1')).toEqual(['{{5,3,4,NULL,7}}']);
  });
});
