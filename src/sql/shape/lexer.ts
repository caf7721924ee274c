/**
 * A PostgreSQL lexer just good enough to find a statement's literal constants without parsing it:
 * statements that differ only in their numbers and plain '...' strings share one shape (the text with
 * each such literal replaced by a marker of its class), so they share one parse and one translation.
 *
 * It follows PG's scanner (scan.l) where that decides where a literal starts and ends: comments
 * (nested /* *\/), quoted identifiers, E'' / B'' / X'' / N'' / U&'' strings and $tag$ strings (kept in
 * the shape verbatim), $n parameters. Anything it is unsure about (several statements, PG 16 numeric
 * forms, string continuation across lines) gives null: the statement then takes the ordinary path.
 */

/** 'i': integer that fits int4 (an ival node); 'I': larger integer (an fval node, int8 when it fits); 'n': other number; 's': '...' string. */
export type LiteralClass = 'i' | 'I' | 'n' | 's';

export interface LiteralToken {
  /** Offset of the token's first character. */
  start: number;
  cls: LiteralClass;
  /** The literal's value as the parser sees it: digits as written, or the string with '' undone. */
  value: string;
  /** Offset of a '-' right before the token (only blanks or comments between), else -1. */
  minus: number;
}

export interface Shape {
  /** The statement text with each literal replaced by \u0001 and its class. */
  key: string;
  literals: LiteralToken[];
}

const INT4_MAX = 2147483647n;
const INT8_MAX = 9223372036854775807n;

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c >= 128;
}

function isIdentChar(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57) || c === 36;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11;
}

/** End of a '...' string starting at `i` (the quote), or -1 when unterminated. Backslash escapes for E''. */
function stringEnd(sql: string, i: number, backslash: boolean): number {
  let j = i + 1;
  for (;;) {
    const q = sql.indexOf("'", j);
    if (q < 0) return -1;
    if (backslash) {
      // An odd run of backslashes before the quote escapes it.
      let k = q - 1;
      let n = 0;
      while (k > i && sql.charCodeAt(k) === 92) {
        n++;
        k--;
      }
      if (n % 2 === 1) {
        j = q + 1;
        continue;
      }
    }
    if (sql.charCodeAt(q + 1) === 39) {
      j = q + 2;
      continue;
    }
    return q + 1;
  }
}

/** End of the blanks and comments starting at `i`; -1 when a comment is unterminated. */
function skipBlank(sql: string, i: number): number {
  const n = sql.length;
  while (i < n) {
    const c = sql.charCodeAt(i);
    if (isSpace(c)) i++;
    else if (c === 45 && sql.charCodeAt(i + 1) === 45) {
      const e = sql.indexOf('\n', i);
      i = e < 0 ? n : e + 1;
    } else if (c === 47 && sql.charCodeAt(i + 1) === 42) {
      let depth = 1;
      i += 2;
      while (depth > 0) {
        if (i >= n) return -1;
        if (sql.charCodeAt(i) === 47 && sql.charCodeAt(i + 1) === 42) {
          depth++;
          i += 2;
        } else if (sql.charCodeAt(i) === 42 && sql.charCodeAt(i + 1) === 47) {
          depth--;
          i += 2;
        } else i++;
      }
    } else break;
  }
  return i;
}

/** The shape of a single statement, or null when the text is not one the shape cache handles. */
export function lexShape(sql: string): Shape | null {
  const n = sql.length;
  const literals: LiteralToken[] = [];
  let key = '';
  let copied = 0;
  /** Offset of the last significant token when it was a lone '-', else -1. */
  let lastMinus = -1;
  let i = skipBlank(sql, 0);
  while (i >= 0 && i < n) {
    const i0 = i;
    const c = sql.charCodeAt(i);
    let minus = -1;
    if (c === 39) {
      const end = stringEnd(sql, i, false);
      if (end < 0) return null;
      // 'a'<newline>'b' is one string in PG: leave such text to the parser.
      const after = skipBlank(sql, end);
      if (after < 0 || sql.charCodeAt(after) === 39) return null;
      literals.push({ start: i, cls: 's', value: sql.slice(i + 1, end - 1).replaceAll("''", "'"), minus: -1 });
      key += `${sql.slice(copied, i)}\u0001s`;
      copied = end;
      i = end;
    } else if (isDigit(c) || (c === 46 && isDigit(sql.charCodeAt(i + 1)))) {
      let j = i;
      while (isDigit(sql.charCodeAt(j))) j++;
      let integer = true;
      if (sql.charCodeAt(j) === 46) {
        // 1..5 (PG lexes it specially) is left to the parser.
        if (sql.charCodeAt(j + 1) === 46) return null;
        integer = false;
        j++;
        while (isDigit(sql.charCodeAt(j))) j++;
      }
      const e = sql.charCodeAt(j);
      if (e === 101 || e === 69) {
        let k = j + 1;
        if (sql.charCodeAt(k) === 43 || sql.charCodeAt(k) === 45) k++;
        if (!isDigit(sql.charCodeAt(k))) return null;
        while (isDigit(sql.charCodeAt(k))) k++;
        integer = false;
        j = k;
      }
      // 0x1F, 1_000, 123abc: PG 15 and the PG 18 grammar disagree; not worth sharing.
      if (isIdentChar(sql.charCodeAt(j)) || sql.charCodeAt(j) === 46) return null;
      const text = sql.slice(i, j);
      const cls: LiteralClass = !integer ? 'n' : BigInt(text) <= INT4_MAX ? 'i' : BigInt(text) <= INT8_MAX ? 'I' : 'n';
      minus = lastMinus;
      literals.push({ start: i, cls, value: text, minus });
      key += `${sql.slice(copied, i)}\u0001${cls}`;
      copied = j;
      i = j;
    } else if (isIdentStart(c)) {
      let j = i + 1;
      while (isIdentChar(sql.charCodeAt(j))) j++;
      const next = sql.charCodeAt(j);
      if (next === 39 && j - i === 1) {
        // E'..', B'..', X'..', N'..': kept verbatim in the shape.
        const end = stringEnd(sql, j, c === 101 || c === 69);
        if (end < 0) return null;
        j = end;
      } else if (next === 38 && j - i === 1 && (c === 117 || c === 85)) {
        return null; // U&'...' / U&"..."
      }
      i = j;
    } else if (c === 34) {
      const q = sql.indexOf('"', i + 1);
      if (q < 0) return null;
      let j = q + 1;
      while (sql.charCodeAt(j) === 34) {
        const q2 = sql.indexOf('"', j + 1);
        if (q2 < 0) return null;
        j = q2 + 1;
      }
      i = j;
    } else if (c === 36) {
      // $1 parameters, or a $tag$ ... $tag$ string (verbatim).
      let j = i + 1;
      if (isDigit(sql.charCodeAt(j))) {
        while (isDigit(sql.charCodeAt(j))) j++;
        i = j;
      } else {
        while (j < n && sql.charCodeAt(j) !== 36 && isIdentChar(sql.charCodeAt(j))) j++;
        if (sql.charCodeAt(j) !== 36) return null;
        const tag = sql.slice(i, j + 1);
        const close = sql.indexOf(tag, j + 1);
        if (close < 0) return null;
        i = close + tag.length;
      }
    } else if (c === 59) {
      // Only trailing semicolons: several statements take the ordinary path.
      let j = i + 1;
      for (;;) {
        j = skipBlank(sql, j);
        if (j < 0) return null;
        if (sql.charCodeAt(j) !== 59) break;
        j++;
      }
      if (j < n) return null;
      i = n;
    } else {
      i++;
    }
    const tokenEnd = i;
    i = skipBlank(sql, i);
    // The parser folds '-' into a following number (doNegate): the AST mapping checks that it did.
    lastMinus = c === 45 && tokenEnd === i0 + 1 ? i0 : -1;
  }
  if (i < 0) return null;
  if (literals.length === 0) return { key: sql, literals };
  return { key: key + sql.slice(copied), literals };
}
