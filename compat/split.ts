/**
 * Split a corpus file into statements on `;`, respecting PostgreSQL's lexical rules: '...' strings (with ''),
 * E'...' strings (with backslash escapes), "..." identifiers, $tag$...$tag$ bodies, -- line comments and nested
 * block comments. The parser cannot do this job because the corpus deliberately contains statements with syntax
 * errors.
 */

export interface SplitStatement {
  /** The statement text, trimmed, without the terminating `;`. */
  text: string;
  /** 1-based line of the statement's first non-blank character in the file. */
  line: number;
  /**
   * Which connection runs it: a leading comment `-- @session 2` sends the statement to a second session (for
   * concurrency cases such as serialization failures); otherwise session '1'.
   */
  session: string;
}

const DOLLAR_TAG = /^\$(?:[A-Za-z_\u0080-\uffff][A-Za-z_0-9\u0080-\uffff]*)?\$/;

export function splitStatements(sql: string): SplitStatement[] {
  const out: SplitStatement[] = [];
  let start = 0;
  let i = 0;
  const n = sql.length;
  const push = (end: number) => {
    const raw = sql.slice(start, end);
    // Leading comments describe the statement; they are not part of it.
    const lead = leadingComments(raw);
    if (lead >= raw.length) return;
    const line = countLines(sql, start + lead);
    const session = /@session\s+(\w+)/.exec(raw.slice(0, lead))?.[1] ?? '1';
    out.push({ text: raw.slice(lead).trim(), line, session });
  };
  while (i < n) {
    const c = sql[i];
    const next = sql[i + 1];
    if (c === '-' && next === '-') {
      const nl = sql.indexOf('\n', i);
      i = nl < 0 ? n : nl + 1;
    } else if (c === '/' && next === '*') {
      i = skipBlockComment(sql, i);
    } else if (c === "'") {
      const escapes = i > 0 && /[eE]/.test(sql[i - 1]) && (i < 2 || !/[A-Za-z0-9_]/.test(sql[i - 2]));
      i = skipQuoted(sql, i, "'", escapes);
    } else if (c === '"') {
      i = skipQuoted(sql, i, '"', false);
    } else if (c === '$' && (i === 0 || !/[A-Za-z0-9_]/.test(sql[i - 1]))) {
      const m = DOLLAR_TAG.exec(sql.slice(i, i + 64));
      if (m) {
        const close = sql.indexOf(m[0], i + m[0].length);
        i = close < 0 ? n : close + m[0].length;
      } else i++;
    } else if (c === ';') {
      push(i);
      i++;
      start = i;
    } else i++;
  }
  push(n);
  return out;
}

/** Length of the whitespace and comments (line and nested block comments) that open `s`. */
function leadingComments(s: string): number {
  let i = 0;
  for (;;) {
    while (i < s.length && /\s/.test(s[i])) i++;
    if (s.startsWith('--', i)) {
      const nl = s.indexOf('\n', i);
      i = nl < 0 ? s.length : nl + 1;
    } else if (s.startsWith('/*', i)) {
      i = skipBlockComment(s, i);
    } else return i;
  }
}

/** Index just after the (possibly nested) block comment starting at `i`. */
function skipBlockComment(s: string, i: number): number {
  let depth = 1;
  let j = i + 2;
  while (j < s.length && depth > 0) {
    if (s[j] === '/' && s[j + 1] === '*') {
      depth++;
      j += 2;
    } else if (s[j] === '*' && s[j + 1] === '/') {
      depth--;
      j += 2;
    } else j++;
  }
  return j;
}

function skipQuoted(sql: string, i: number, q: string, backslash: boolean): number {
  let j = i + 1;
  while (j < sql.length) {
    const c = sql[j];
    if (backslash && c === '\\') j += 2;
    else if (c === q) {
      if (sql[j + 1] === q) j += 2;
      else return j + 1;
    } else j++;
  }
  return sql.length;
}

function countLines(s: string, upTo: number): number {
  let line = 1;
  for (let k = 0; k < upTo; k++) if (s.charCodeAt(k) === 10) line++;
  return line;
}
