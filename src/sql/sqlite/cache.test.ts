import { describe, expect, it } from 'vitest';
import { TranslationCache } from './cache.js';
import { numericSortKey } from './functions.js';
import { decDiv, decToString, parseDecText } from './numeric.js';
import type { Translation } from './translation.js';

const tr = (tag: string) => ({ tag }) as Translation;

describe('TranslationCache', () => {
  it('keys by text, param types, catalog version and search path; evicts least recently used', () => {
    const c = new TranslationCache(2);
    const k = (sql: string, v = 1) => ({ sql, paramTypes: [], catalogVersion: v, searchPath: ['public'] });
    c.set(k('a'), tr('A'));
    c.set(k('b'), tr('B'));
    expect(c.get(k('a'))?.tag).toBe('A');
    c.set(k('c'), tr('C'));
    expect(c.get(k('b'))).toBeUndefined();
    expect(c.get(k('a', 2))).toBeUndefined();
    expect(c.getOrCreate(k('c'), () => tr('X')).tag).toBe('C');
    expect(c.size).toBe(2);
  });
});

describe('numeric helpers', () => {
  it('divides with PG display scale', () => {
    const div = (a: string, b: string) => decToString(decDiv(parseDecText(a), parseDecText(b)));
    expect(div('10', '3')).toBe('3.3333333333333333');
    expect(div('1', '3000000')).toBe('0.000000333333333333333333');
    expect(div('123456.78', '7')).toBe('17636.682857142857');
    expect(div('7', '1')).toBe('7.0000000000000000');
  });
  it('sort keys order like numbers', () => {
    const vals = ['-100.5', '-10', '-9.99', '-0.001', '0', '0.001', '0.01', '1', '9.5', '10', '100.25', 'NaN'];
    const keys = vals.map((v) => numericSortKey(v) as string);
    expect([...keys].sort()).toEqual(keys);
  });
});
