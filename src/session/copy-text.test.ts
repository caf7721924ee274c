import { describe, expect, it } from 'vitest';
import { CopyTextParser, copyFormat } from './copy-text.js';

const enc = (s: string) => new TextEncoder().encode(s);

describe('COPY text format', () => {
  it('splits rows across chunks and handles NULL and escapes', () => {
    const p = new CopyTextParser(copyFormat([]), 3);
    const rows = [...p.feed(enc('1\ta\\tb\t\\N\n2\tx')), ...p.feed(enc('y\t\\\\\n\\.\n')), ...p.finish()];
    expect(rows).toEqual([
      ['1', 'a\tb', null],
      ['2', 'xy', '\\'],
    ]);
  });

  it('parses CSV with quotes, embedded newlines and a header', () => {
    const p = new CopyTextParser(
      copyFormat([
        { name: 'format', value: 'csv' },
        { name: 'header', value: 'true' },
      ]),
      2,
    );
    const rows = [...p.feed(enc('a,b\n1,"x,""y"""\n2,"line1\nline2"\n3,\n')), ...p.finish()];
    expect(rows).toEqual([
      ['1', 'x,"y"'],
      ['2', 'line1\nline2'],
      ['3', null],
    ]);
  });

  it('reports a wrong column count with 22P04', () => {
    const p = new CopyTextParser(copyFormat([]), 2);
    expect(() => p.feed(enc('1\t2\t3\n'))).toThrowError(expect.objectContaining({ code: '22P04' }));
  });
});
