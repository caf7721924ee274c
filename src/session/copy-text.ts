/**
 * COPY ... FROM STDIN in PostgreSQL's text and CSV formats: split the byte stream into rows and fields,
 * across CopyData boundaries. Values come out as text (null for NULL) for the column types' decoders.
 */
import { PgError, SQLSTATE } from '../../protocol/errors.js';

export interface CopyFormat {
  csv: boolean;
  delimiter: string;
  null: string;
  header: boolean;
  quote: string;
  escape: string;
}

export function copyFormat(options: { name: string; value: string | undefined }[]): CopyFormat {
  let csv = false;
  let delimiter: string | undefined;
  let nul: string | undefined;
  let header = false;
  let quote = '"';
  let escapeChar: string | undefined;
  for (const o of options) {
    switch (o.name) {
      case 'format':
        if (o.value === 'csv') csv = true;
        else if (o.value === 'binary')
          throw new PgError(SQLSTATE.FEATURE_NOT_SUPPORTED, 'COPY FORMAT binary is not supported yet');
        else if (o.value !== 'text')
          throw new PgError(SQLSTATE.INVALID_PARAMETER_VALUE, `COPY format "${o.value}" not recognized`);
        break;
      case 'delimiter':
        delimiter = o.value ?? '';
        if (delimiter.length !== 1)
          throw new PgError(SQLSTATE.FEATURE_NOT_SUPPORTED, 'COPY delimiter must be a single one-byte character');
        break;
      case 'null':
        nul = o.value ?? '';
        break;
      case 'header':
        header = o.value === undefined || ['true', 'on', '1'].includes(o.value.toLowerCase());
        break;
      case 'quote':
        quote = o.value ?? '"';
        break;
      case 'escape':
        escapeChar = o.value;
        break;
      case 'freeze':
      case 'encoding':
        break;
      default:
        throw new PgError(SQLSTATE.SYNTAX_ERROR, `option "${o.name}" not recognized`);
    }
  }
  return {
    csv,
    delimiter: delimiter ?? (csv ? ',' : '\t'),
    null: nul ?? (csv ? '' : '\\N'),
    header,
    quote,
    escape: escapeChar ?? quote,
  };
}

const ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

function unescapeText(s: string): string {
  if (!s.includes('\\')) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== '\\' || i + 1 >= s.length) {
      out += c;
      continue;
    }
    const n = s[++i];
    if (ESCAPES[n]) out += ESCAPES[n];
    else if (n >= '0' && n <= '7') {
      let j = i;
      while (j < i + 3 && s[j] >= '0' && s[j] <= '7') j++;
      out += String.fromCharCode(Number.parseInt(s.slice(i, j), 8));
      i = j - 1;
    } else if (n === 'x' && /[0-9a-fA-F]/.test(s[i + 1] ?? '')) {
      let j = i + 1;
      while (j < i + 3 && /[0-9a-fA-F]/.test(s[j] ?? '')) j++;
      out += String.fromCharCode(Number.parseInt(s.slice(i + 1, j), 16));
      i = j - 1;
    } else out += n;
  }
  return out;
}

/** Incremental parser: feed() chunks, get complete rows; finish() at CopyDone. */
export class CopyTextParser {
  private partial = '';
  private done = false;
  private headerPending: boolean;
  lineNo = 0;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });

  constructor(
    private readonly format: CopyFormat,
    private readonly columns: number,
  ) {
    this.headerPending = format.header;
  }

  feed(chunk: Uint8Array): (string | null)[][] {
    let text: string;
    try {
      text = this.decoder.decode(chunk, { stream: true });
    } catch {
      throw new PgError(SQLSTATE.CHARACTER_NOT_IN_REPERTOIRE, 'invalid byte sequence for encoding "UTF8"');
    }
    return this.lines(this.partial + text, false);
  }

  finish(): (string | null)[][] {
    const rest = this.partial;
    this.partial = '';
    return rest.length > 0 ? this.lines(`${rest}\n`, true) : [];
  }

  private lines(text: string, final: boolean): (string | null)[][] {
    const rows: (string | null)[][] = [];
    let start = 0;
    for (;;) {
      const nl = this.format.csv ? this.csvLineEnd(text, start) : text.indexOf('\n', start);
      if (nl < 0) break;
      let line = text.slice(start, nl);
      start = nl + 1;
      if (line.endsWith('\r')) line = line.slice(0, -1);
      this.lineNo++;
      if (this.done) continue;
      if (line === '\\.') {
        this.done = true;
        continue;
      }
      if (this.headerPending) {
        this.headerPending = false;
        continue;
      }
      rows.push(this.format.csv ? this.csvFields(line) : this.textFields(line));
    }
    this.partial = final ? '' : text.slice(start);
    return rows;
  }

  private textFields(line: string): (string | null)[] {
    const raw = line.split(this.format.delimiter);
    if (raw.length !== this.columns) this.columnCountError(raw.length);
    return raw.map((f) => (f === this.format.null ? null : unescapeText(f)));
  }

  /** End of a CSV record: a newline outside quotes. */
  private csvLineEnd(text: string, start: number): number {
    let inQuote = false;
    const { quote, escape: esc } = this.format;
    for (let i = start; i < text.length; i++) {
      const c = text[i];
      if (inQuote) {
        if (c === esc && esc !== quote && text[i + 1] === quote) i++;
        else if (c === quote) {
          if (text[i + 1] === quote && esc === quote) i++;
          else inQuote = false;
        }
      } else if (c === quote) inQuote = true;
      else if (c === '\n') return i;
    }
    return -1;
  }

  private csvFields(line: string): (string | null)[] {
    const { delimiter, quote, escape: esc } = this.format;
    const out: (string | null)[] = [];
    let i = 0;
    for (;;) {
      let value = '';
      let quoted = false;
      while (i < line.length && line[i] !== delimiter) {
        if (line[i] === quote) {
          quoted = true;
          i++;
          while (i < line.length) {
            if (line[i] === esc && line[i + 1] === quote) {
              value += quote;
              i += 2;
            } else if (line[i] === quote) {
              i++;
              break;
            } else value += line[i++];
          }
        } else value += line[i++];
      }
      out.push(!quoted && value === this.format.null ? null : value);
      if (i >= line.length) break;
      i++;
    }
    if (out.length !== this.columns) this.columnCountError(out.length);
    return out;
  }

  private columnCountError(n: number): never {
    throw new PgError(
      SQLSTATE.BAD_COPY_FILE_FORMAT,
      n > this.columns ? 'extra data after last expected column' : `missing data for column ${n + 1}`,
      { where: `COPY, line ${this.lineNo}` },
    );
  }
}
