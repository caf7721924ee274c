/**
 * json (validated, kept as written) and jsonb (normalised exactly as PG prints it: `{"a": 1, "b": [1, 2]}`,
 * keys sorted by length then bytewise, last duplicate wins, numbers as numeric, escapes decoded).
 */
import { PgError, SQLSTATE } from '../errors.js';
import { numericFromText } from './numeric.js';

export type JNode = string | JNumber | boolean | null | JNode[] | JObject;
export class JNumber {
  constructor(readonly text: string) {}
}
export class JObject {
  constructor(readonly map: Map<string, JNode>) {}
}

function syntaxError(detail: string, input: string): PgError {
  const err = new PgError(SQLSTATE.INVALID_TEXT_REPRESENTATION, 'invalid input syntax for type json', { detail });
  err.where = `JSON data, line 1: ${input.length > 60 ? `...${input.slice(-60)}` : input}`;
  return err;
}

const NUMBER_RE = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

class Parser {
  pos = 0;
  constructor(
    readonly s: string,
    readonly build: boolean,
  ) {}

  ws(): void {
    const s = this.s;
    let c = s.charCodeAt(this.pos);
    while (c === 32 || c === 9 || c === 10 || c === 13) c = s.charCodeAt(++this.pos);
  }

  fail(expected: string): never {
    if (this.pos >= this.s.length) throw syntaxError('The input string ended unexpectedly.', this.s);
    const m = /^(?:[\w.+-]+|.)/su.exec(this.s.slice(this.pos));
    const tok = m ? m[0] : this.s[this.pos];
    if (/^[\w.+-]+$/.test(tok) && !/^[-\d]/.test(tok) && !['true', 'false', 'null'].includes(tok)) {
      throw syntaxError(`Token "${tok}" is invalid.`, this.s);
    }
    throw syntaxError(`Expected ${expected}, but found "${tok}".`, this.s);
  }

  value(): JNode {
    this.ws();
    const s = this.s;
    const c = s.charCodeAt(this.pos);
    if (c === 123) return this.object();
    if (c === 91) return this.array();
    if (c === 34) return this.string();
    if (c === 45 || (c >= 48 && c <= 57)) {
      NUMBER_RE.lastIndex = this.pos;
      const m = NUMBER_RE.exec(s);
      if (!m) this.fail('JSON value');
      const end = this.pos + m[0].length;
      const next = s.charCodeAt(end);
      if ((next >= 48 && next <= 57) || next === 46 || (next >= 65 && next <= 90) || (next >= 97 && next <= 122)) {
        const tok = /^[\w.+-]+/.exec(s.slice(this.pos))![0];
        throw syntaxError(`Token "${tok}" is invalid.`, s);
      }
      this.pos = end;
      return this.build ? new JNumber(numericFromText(m[0])) : null;
    }
    for (const [word, v] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (s.startsWith(word, this.pos)) {
        const next = s.charCodeAt(this.pos + word.length);
        if (!((next >= 48 && next <= 57) || (next >= 65 && next <= 90) || (next >= 97 && next <= 122) || next === 95)) {
          this.pos += word.length;
          return v;
        }
      }
    }
    this.fail('JSON value');
  }

  string(): string {
    const s = this.s;
    let i = ++this.pos;
    let out = '';
    let start = i;
    for (;;) {
      if (i >= s.length) {
        this.pos = i;
        this.fail('JSON value');
      }
      const c = s.charCodeAt(i);
      if (c === 34) break;
      if (c < 32) {
        this.pos = i;
        throw syntaxError(`Character with value 0x${c.toString(16).padStart(2, '0')} must be escaped.`, s);
      }
      if (c !== 92) {
        i++;
        continue;
      }
      if (this.build) out += s.slice(start, i);
      const e = s[i + 1];
      let len = 2;
      switch (e) {
        case '"':
        case '\\':
        case '/':
          out += e;
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          const hex = s.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw syntaxError('"\\u" must be followed by four hexadecimal digits.', s);
          len = 6;
          if (this.build) {
            const code = Number.parseInt(hex, 16);
            if (code === 0) {
              throw new PgError(SQLSTATE.UNTRANSLATABLE_CHARACTER, 'unsupported Unicode escape sequence', {
                detail: '\\u0000 cannot be converted to text.',
              });
            }
            if (code >= 0xd800 && code <= 0xdbff) {
              const m = /^\\u(d[c-f][0-9a-f]{2})/i.exec(s.slice(i + 6, i + 12));
              if (!m) throw syntaxError('Unicode high surrogate must not follow a high surrogate.', s);
              out += String.fromCharCode(code, Number.parseInt(m[1], 16));
              len = 12;
            } else if (code >= 0xdc00 && code <= 0xdfff) {
              throw syntaxError('Unicode low surrogate must follow a high surrogate.', s);
            } else out += String.fromCharCode(code);
          }
          break;
        }
        default:
          throw syntaxError(`Escape sequence "\\${e ?? ''}" is invalid.`, s);
      }
      i += len;
      start = i;
    }
    this.pos = i + 1;
    return this.build ? out + s.slice(start, i) : '';
  }

  array(): JNode {
    this.pos++;
    const out: JNode[] = [];
    this.ws();
    if (this.s.charCodeAt(this.pos) === 93) {
      this.pos++;
      return out;
    }
    for (;;) {
      const v = this.value();
      if (this.build) out.push(v);
      this.ws();
      const c = this.s.charCodeAt(this.pos);
      this.pos++;
      if (c === 93) return out;
      if (c !== 44) {
        this.pos--;
        this.fail('"," or "]"');
      }
    }
  }

  object(): JNode {
    this.pos++;
    const map = new Map<string, JNode>();
    this.ws();
    if (this.s.charCodeAt(this.pos) === 125) {
      this.pos++;
      return new JObject(map);
    }
    for (;;) {
      this.ws();
      if (this.s.charCodeAt(this.pos) !== 34) this.fail('string');
      const key = this.string();
      this.ws();
      if (this.s.charCodeAt(this.pos) !== 58) this.fail('":"');
      this.pos++;
      const v = this.value();
      if (this.build) {
        map.delete(key);
        map.set(key, v);
      }
      this.ws();
      const c = this.s.charCodeAt(this.pos);
      this.pos++;
      if (c === 125) return new JObject(map);
      if (c !== 44) {
        this.pos--;
        this.fail('"," or "}"');
      }
    }
  }

  parse(): JNode {
    const v = this.value();
    this.ws();
    if (this.pos < this.s.length) this.fail('end of input');
    return v;
  }
}

export function escapeString(s: string): string {
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 32 && c !== 34 && c !== 92) continue;
    out += s.slice(start, i);
    start = i + 1;
    switch (c) {
      case 8:
        out += '\\b';
        break;
      case 12:
        out += '\\f';
        break;
      case 10:
        out += '\\n';
        break;
      case 13:
        out += '\\r';
        break;
      case 9:
        out += '\\t';
        break;
      case 34:
        out += '\\"';
        break;
      case 92:
        out += '\\\\';
        break;
      default:
        out += `\\u${c.toString(16).padStart(4, '0')}`;
    }
  }
  return `${out + s.slice(start)}"`;
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return false;
  return true;
}

export function compareKeys(a: string, b: string): number {
  if (isAscii(a) && isAscii(b)) {
    if (a.length !== b.length) return a.length - b.length;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  const ba = Buffer.from(a);
  const bb = Buffer.from(b);
  if (ba.length !== bb.length) return ba.length - bb.length;
  return Buffer.compare(ba, bb);
}

export function serialize(v: JNode): string {
  if (typeof v === 'string') return escapeString(v);
  if (v === null) return 'null';
  if (v === true) return 'true';
  if (v === false) return 'false';
  if (v instanceof JNumber) return v.text;
  if (Array.isArray(v)) {
    let out = '[';
    for (let i = 0; i < v.length; i++) out += (i ? ', ' : '') + serialize(v[i]);
    return `${out}]`;
  }
  const keys = [...v.map.keys()].sort(compareKeys);
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    out += `${i ? ', ' : ''}${escapeString(keys[i])}: ${serialize(v.map.get(keys[i]) as JNode)}`;
  }
  return `${out}}`;
}

/** Parse json text into a tree (numbers keep PG's numeric text, last duplicate key wins). */
export function parseJson(text: string): JNode {
  return new Parser(text, true).parse();
}

/** json_in: validate and keep the text. */
export function jsonFromText(text: string): string {
  new Parser(text, false).parse();
  return text;
}

/** jsonb_in + jsonb_out: PG's normalised text. */
export function jsonbFromText(text: string): string {
  return serialize(new Parser(text, true).parse());
}

/** Text of a json/jsonb value from whatever an engine returned (string, object, number...). */
export function jsonValueText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (Buffer.isBuffer(v)) return v.toString('utf8');
  return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x)) ?? 'null';
}

export function jsonbToText(v: unknown): string {
  return jsonbFromText(jsonValueText(v));
}
