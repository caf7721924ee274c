/**
 * CI gate for the differential suite (compat/): every corpus statement runs against the real PostgreSQL 15 at
 * 127.0.0.1:5432 and against Lumos; the overall pass rate must not drop below compat/floor.json.
 * Raise the floor with `npm run compat -- --record-floor` after an improvement.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  categoryCounts,
  compareOutcomes,
  formatTable,
  isOrdered,
  type Outcome,
  readFloor,
  runCompat,
} from '../compat/run.js';
import { splitStatements } from '../compat/split.js';
import { initParser } from '../src/sql/parse.js';

const ok = (rows: (string | null)[][], tag = `SELECT ${rows.length}`, cols = ['a']): Outcome => ({
  kind: 'ok',
  tag,
  fields: cols.map((name) => ({ name, oid: 23 })),
  rows,
});

describe('compat: the judge itself', () => {
  beforeAll(() => initParser());

  it('splits statements on ; outside quotes, dollar quotes and comments', () => {
    const sql = [
      "SELECT 'a;b', E'it\\'s;', \"x;y\" FROM t; -- trailing; comment",
      '/* block; /* nested; */ still */ SELECT $$x;y$$, $tag$ ; $tag$;',
      '-- describes the next statement',
      '-- @session 2',
      'UPDATE t SET a = 1;',
      '   ;  ',
      'SELECT 1',
    ].join('\n');
    const stmts = splitStatements(sql);
    expect(stmts.map((s) => s.text)).toEqual([
      "SELECT 'a;b', E'it\\'s;', \"x;y\" FROM t",
      'SELECT $$x;y$$, $tag$ ; $tag$',
      'UPDATE t SET a = 1',
      'SELECT 1',
    ]);
    expect(stmts.map((s) => s.session)).toEqual(['1', '1', '2', '1']);
    expect(stmts[2].line).toBe(5);
  });

  it('detects a top-level ORDER BY with the parser', () => {
    expect(isOrdered('SELECT a FROM t ORDER BY a')).toBe(true);
    expect(isOrdered('SELECT a FROM (SELECT a FROM t ORDER BY a) s')).toBe(false);
    expect(isOrdered('SELECT 1 UNION SELECT 2 ORDER BY 1')).toBe(true);
    expect(isOrdered('DELETE FROM t RETURNING a')).toBe(false);
    expect(isOrdered('SELEC 1')).toBe(false);
  });

  it('compares values byte for byte, in order only under ORDER BY', () => {
    expect(compareOutcomes(ok([['1'], ['2']]), ok([['2'], ['1']]), false)).toBeUndefined();
    expect(compareOutcomes(ok([['1'], ['2']]), ok([['2'], ['1']]), true)?.[0]).toBe('row order');
    expect(compareOutcomes(ok([['1.50']]), ok([['1.5']]), true)?.[1]).toBe(
      'value row 1 col "a": PG "1.50" Lumos "1.5"',
    );
    expect(compareOutcomes(ok([[null]]), ok([['']]), true)?.[0]).toBe('value (int4)');
    expect(compareOutcomes(ok([['1']]), ok([['1'], ['1']]), false)?.[0]).toBe('row count');
    expect(compareOutcomes(ok([['1']], 'SELECT 1', ['a']), ok([['1']], 'SELECT 1', ['b']), false)?.[0]).toBe(
      'column name',
    );
    expect(compareOutcomes(ok([], 'INSERT 0 3'), ok([], 'INSERT 0 2'), false)?.[0]).toBe('command tag');
  });

  it('compares errors by SQLSTATE only, and never passes a broken connection', () => {
    const err = (code: string, message = 'x'): Outcome => ({ kind: 'error', code, message });
    expect(compareOutcomes(err('23505', 'a'), err('23505', 'b'), false)).toBeUndefined();
    expect(compareOutcomes(err('23505'), err('XX000'), false)?.[0]).toBe('SQLSTATE PG 23505 Lumos XX000');
    expect(compareOutcomes(err('connection'), err('connection'), false)).toBeDefined();
    expect(compareOutcomes(ok([]), { kind: 'timeout' }, false)?.[0]).toBe('timeout');
    expect(compareOutcomes(err('22012'), ok([['1']]), false)?.[0]).toBe('Lumos succeeds where PG fails 22012');
  });
});

describe('compat: Lumos vs PostgreSQL 15', () => {
  it('keeps the pass rate at or above compat/floor.json', async () => {
    const lines: string[] = [];
    const summary = await runCompat({ log: (l) => lines.push(l) });
    const floor = readFloor();
    const detail = [
      formatTable(summary),
      'top differences:',
      ...categoryCounts(summary)
        .slice(0, 10)
        .map(([c, n]) => `  ${n}  ${c}`),
      ...lines,
    ].join('\n');
    expect(summary.features.filter((f) => f.fatal).map((f) => `${f.feature}: ${f.fatal}`)).toEqual([]);
    expect(summary.total).toBeGreaterThanOrEqual(650);
    expect(
      summary.passRate,
      `pass rate ${summary.passRate.toFixed(2)}% < floor ${floor}%\n${detail}`,
    ).toBeGreaterThanOrEqual(floor);
  }, 240_000);
});
