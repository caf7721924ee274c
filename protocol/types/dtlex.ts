/**
 * Date/time input, step 1 (PostgreSQL's ParseDateTime): split the lower-cased string into typed fields
 * (number, date, time, string, signed zone offset, signed special) and the keyword tables the decoder uses.
 */
// biome-ignore format: compact table
export const MONTHS: Record<string, number> = Object.assign(Object.create(null), {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10, nov: 11,
  november: 11, dec: 12, december: 12,
});
// biome-ignore format: compact table
export const IGNORED = new Set([
  'sun', 'sunday', 'mon', 'monday', 'tue', 'tues', 'tuesday', 'wed', 'wednesday', 'wednes', 'thu', 'thur',
  'thurs', 'thursday', 'fri', 'friday', 'sat', 'saturday', 'at', 'on',
]);
export const SPECIALS = new Set(['epoch', 'infinity', 'now', 'today', 'tomorrow', 'yesterday', 'allballs']);
const OTHER_KEYWORDS = new Set(['am', 'pm', 'ad', 'bc', 't', 'y', 'm', 'd', 'h', 's', 'j', 'julian', 'ago']);

function isKeyword(w: string): boolean {
  return w in MONTHS || IGNORED.has(w) || SPECIALS.has(w) || OTHER_KEYWORDS.has(w);
}

export enum F {
  Number,
  Date,
  Time,
  String,
  Tz,
  Special,
}

export const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
export const isAlpha = (c: string | undefined) => c !== undefined && ((c >= 'a' && c <= 'z') || c > '\x7f');
const isAlnum = (c: string | undefined) => isDigit(c) || isAlpha(c);
const isSpace = (c: string) => c === ' ' || (c >= '\t' && c <= '\r');

export class DtError extends Error {
  constructor(readonly kind: 'format' | 'field' | 'md' | 'tz') {
    super(kind);
  }
}

export function lex(s: string): [F[], string[]] {
  const types: F[] = [];
  const fields: string[] = [];
  let i = 0;
  const n = s.length;
  const readWhile = (pred: (c: string) => boolean) => {
    const start = i;
    while (i < n && pred(s[i])) i++;
    return s.slice(start, i);
  };
  while (i < n) {
    const c = s[i];
    if (isSpace(c)) {
      i++;
      continue;
    }
    const start = i;
    if (isDigit(c)) {
      readWhile(isDigit);
      let type = F.Number;
      if (s[i] === ':') {
        type = F.Time;
        readWhile((ch) => isDigit(ch) || ch === ':' || ch === '.');
      } else if (s[i] === '-' || s[i] === '/' || s[i] === '.') {
        const delim = s[i++];
        if (isDigit(s[i])) {
          type = delim === '.' ? F.Number : F.Date;
          readWhile(isDigit);
          if (s[i] === delim) {
            type = F.Date;
            readWhile((ch) => isDigit(ch) || ch === delim);
          }
        } else {
          type = F.Date;
          readWhile((ch) => isAlnum(ch) || ch === delim);
        }
      }
      types.push(type);
      fields.push(s.slice(start, i));
    } else if (c === '.') {
      i++;
      readWhile(isDigit);
      types.push(F.Number);
      fields.push(s.slice(start, i));
    } else if (isAlpha(c)) {
      const word = readWhile(isAlpha);
      let isDate = false;
      if (s[i] === '-' || s[i] === '/' || s[i] === '.') isDate = true;
      else if (s[i] === '+' || isDigit(s[i])) isDate = !isKeyword(word);
      if (isDate) {
        readWhile((ch) => isAlnum(ch) || '+-/_.:'.includes(ch));
        types.push(F.Date);
      } else types.push(F.String);
      fields.push(s.slice(start, i));
    } else if (c === '+' || c === '-') {
      i++;
      while (i < n && isSpace(s[i])) i++;
      if (isDigit(s[i])) {
        const body = readWhile((ch) => isDigit(ch) || ch === ':' || ch === '.' || ch === '-');
        types.push(F.Tz);
        fields.push(c + body);
      } else if (isAlpha(s[i])) {
        const body = readWhile(isAlpha);
        types.push(F.Special);
        fields.push(c + body);
      } else throw new DtError('format');
    } else if (/[!-/:-@[-`{-~]/.test(c)) {
      i++; // other punctuation is ignored
    } else throw new DtError('format');
  }
  return [types, fields];
}
