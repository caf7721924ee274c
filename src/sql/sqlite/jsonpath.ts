/**
 * A small SQL/JSON path evaluator (lax mode) for jsonb_path_* and @? @@: `$`, `.key`, `."key"`, `.*`,
 * `[*]`, `[n]`, `[last]`, filters `? (...)` with `@`, comparisons, && || !, exists(), literals, and a
 * top-level predicate (`$.a > 3`). Anything else is refused with 0A000 rather than answered differently.
 */
import { PgError, SQLSTATE } from '../../../protocol/errors.js';
import { OID } from '../../../protocol/types/oids.js';
import { coerce, type Expr, isTextLike } from './coerce.js';
import type { ExprCtx } from './expr.js';
import { defineScalar, defineSqliteFunctions } from './fn-registry.js';
import { type JNode, JNumber, JObject, scalarEq, serialize, tree } from './json-core.js';
import { decCmp, parseDec } from './numeric.js';

type Tok = { k: 'op' | 'num' | 'str' | 'id' | 'var'; v: string };

function unsupported(path: string): PgError {
  return new PgError(SQLSTATE.FEATURE_NOT_SUPPORTED, `jsonpath expression is not supported: ${path}`);
}

function lex(src: string): Tok[] {
  const out: Tok[] = [];
  const re =
    /\s*(?:(==|!=|<>|<=|>=|&&|\|\||[<>!()[\]{}.,?*:-])|(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|"((?:[^"\\]|\\.)*)"|([A-Za-z_][A-Za-z0-9_]*)|(\$[A-Za-z0-9_]*|@))/y;
  let pos = 0;
  while (pos < src.length) {
    if (/^\s*$/.test(src.slice(pos))) break;
    re.lastIndex = pos;
    const m = re.exec(src);
    if (!m)
      throw new PgError(
        SQLSTATE.SYNTAX_ERROR,
        `syntax error at or near "${src.slice(pos).trim()[0]}" of jsonpath input`,
      );
    pos = re.lastIndex;
    if (m[1]) out.push({ k: 'op', v: m[1] });
    else if (m[2]) out.push({ k: 'num', v: m[2] });
    else if (m[3] !== undefined) out.push({ k: 'str', v: JSON.parse(`"${m[3]}"`) as string });
    else if (m[4]) out.push({ k: 'id', v: m[4] });
    else out.push({ k: 'var', v: m[5] });
  }
  return out;
}

type Seq = JNode[];
type Ev = (root: JNode, cur: JNode) => Seq;
type Pred = (root: JNode, cur: JNode) => boolean | null;

class P {
  i = 0;
  constructor(
    readonly t: Tok[],
    readonly src: string,
  ) {}
  peek(v?: string): Tok | undefined {
    const x = this.t[this.i];
    return v === undefined || x?.v === v ? x : undefined;
  }
  eat(v: string): void {
    if (this.t[this.i]?.v !== v) throw unsupported(this.src);
    this.i++;
  }

  /** path := primary accessor* */
  path(): Ev {
    const tk = this.t[this.i++];
    let ev: Ev;
    if (tk?.k === 'var' && (tk.v === '$' || tk.v === '@')) ev = tk.v === '$' ? (r) => [r] : (_r, c) => [c];
    else if (tk?.k === 'num') ev = () => [new JNumber(tk.v)];
    else if (tk?.k === 'str') ev = () => [tk.v];
    else if (tk?.k === 'id' && ['true', 'false', 'null'].includes(tk.v))
      ev = () => [tk.v === 'null' ? null : tk.v === 'true'];
    else if (tk?.v === '-' && this.peek()?.k === 'num') {
      const n = this.t[this.i++].v;
      ev = () => [new JNumber(`-${n}`)];
    } else throw unsupported(this.src);
    for (;;) {
      const prev = ev;
      if (this.peek('.')) {
        this.i++;
        const k = this.t[this.i++];
        if (k?.v === '*')
          ev = (r, c) =>
            prev(r, c)
              .flatMap(unwrap)
              .flatMap((v) => (v instanceof JObject ? [...v.map.values()] : []));
        else if (k && (k.k === 'id' || k.k === 'str')) {
          const key = k.v;
          ev = (r, c) =>
            prev(r, c)
              .flatMap(unwrap)
              .flatMap((v) => (v instanceof JObject && v.map.has(key) ? [v.map.get(key) as JNode] : []));
        } else throw unsupported(this.src);
      } else if (this.peek('[')) {
        this.i++;
        const k = this.t[this.i++];
        if (k?.v === '*') ev = (r, c) => prev(r, c).flatMap((v) => (Array.isArray(v) ? v : [v]));
        else if (k?.k === 'num' || k?.v === 'last') {
          const idx = k.v;
          ev = (r, c) =>
            prev(r, c).flatMap((v) => {
              const a = Array.isArray(v) ? v : [v];
              const i = idx === 'last' ? a.length - 1 : Number(idx);
              return i >= 0 && i < a.length ? [a[i]] : [];
            });
        } else throw unsupported(this.src);
        this.eat(']');
      } else if (this.peek('?')) {
        this.i++;
        this.eat('(');
        const pred = this.or();
        this.eat(')');
        ev = (r, c) =>
          prev(r, c)
            .flatMap(unwrap)
            .filter((v) => pred(r, v) === true);
      } else return ev;
    }
  }

  or(): Pred {
    let l = this.and();
    while (this.peek('||')) {
      this.i++;
      const a = l;
      const b = this.and();
      l = (r, c) => {
        const x = a(r, c);
        const y = b(r, c);
        return x === true || y === true ? true : x === null || y === null ? null : false;
      };
    }
    return l;
  }
  and(): Pred {
    let l = this.not();
    while (this.peek('&&')) {
      this.i++;
      const a = l;
      const b = this.not();
      l = (r, c) => {
        const x = a(r, c);
        const y = b(r, c);
        return x === false || y === false ? false : x === null || y === null ? null : true;
      };
    }
    return l;
  }
  not(): Pred {
    if (this.peek('!')) {
      this.i++;
      this.eat('(');
      const p = this.or();
      this.eat(')');
      return (r, c) => {
        const x = p(r, c);
        return x === null ? null : !x;
      };
    }
    if (this.peek('(')) {
      this.i++;
      const p = this.or();
      this.eat(')');
      return p;
    }
    if (this.peek('exists')) {
      this.i++;
      this.eat('(');
      const e = this.path();
      this.eat(')');
      return (r, c) => e(r, c).length > 0;
    }
    const l = this.path();
    const op = this.t[this.i];
    if (!op || !['==', '!=', '<>', '<', '<=', '>', '>='].includes(op.v)) throw unsupported(this.src);
    this.i++;
    const rt = this.path();
    // Existential comparison over both sequences; incomparable pairs make the result unknown.
    return (r, c) => {
      let unknown = false;
      for (const x of l(r, c).flatMap(unwrap))
        for (const y of rt(r, c).flatMap(unwrap)) {
          const res = cmp(x, y, op.v);
          if (res === true) return true;
          if (res === null) unknown = true;
        }
      return unknown ? null : false;
    };
  }
}

function unwrap(v: JNode): JNode[] {
  return Array.isArray(v) ? v : [v];
}

function cmp(a: JNode, b: JNode, op: string): boolean | null {
  let c: number;
  if (a instanceof JNumber && b instanceof JNumber) c = decCmp(parseDec(a.text) as never, parseDec(b.text) as never);
  else if (typeof a === 'string' && typeof b === 'string') c = a < b ? -1 : a > b ? 1 : 0;
  else if (a === null || b === null || typeof a === 'boolean' || typeof b === 'boolean') {
    if ((a === null) !== (b === null) || typeof a !== typeof b)
      return op === '!=' || op === '<>' ? true : op === '==' ? false : null;
    if (op !== '==' && op !== '!=' && op !== '<>') return null;
    return (op === '==') === scalarEq(a, b);
  } else return null;
  switch (op) {
    case '==':
      return c === 0;
    case '!=':
    case '<>':
      return c !== 0;
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    default:
      return c >= 0;
  }
}

const cache = new Map<string, { ev?: Ev; pred?: Pred }>();

function compile(src: string): { ev?: Ev; pred?: Pred } {
  let c = cache.get(src);
  if (c) return c;
  const text = src.replace(/^\s*(lax|strict)\s+/, (_m, mode) => {
    if (mode === 'strict') throw unsupported(src);
    return '';
  });
  const toks = lex(text);
  // A predicate at the top level (for @@ / jsonb_path_match) or a path (with optional filters).
  const p = new P(toks, src);
  try {
    const ev = p.path();
    if (p.i === toks.length) c = { ev };
  } catch {
    /* try as predicate */
  }
  if (!c) {
    const q = new P(toks, src);
    const pred = q.or();
    if (q.i !== toks.length) throw unsupported(src);
    c = { pred };
  }
  if (cache.size > 200) cache.clear();
  cache.set(src, c);
  return c;
}

/** The items a path yields (a predicate yields its boolean, or null for unknown). */
export function pathQuery(doc: JNode, path: string): JNode[] {
  const c = compile(path);
  if (c.ev) return c.ev(doc, doc);
  return [(c.pred as Pred)(doc, doc)];
}

// ---- SQL functions ----

const MODES = ['exists', 'match', 'array', 'first'] as const;

defineSqliteFunctions((db) => {
  db.function('lumos_jsonb_path', { deterministic: true }, ((d: unknown, p: unknown, mode: unknown) => {
    if (d === null || d === undefined || p === null || p === undefined) return null;
    const items = pathQuery(tree(String(d)), String(p));
    switch (MODES[Number(mode)]) {
      case 'exists':
        return items.length ? 1 : 0;
      case 'match': {
        if (items.length === 1 && (typeof items[0] === 'boolean' || items[0] === null))
          return items[0] === null ? null : items[0] ? 1 : 0;
        throw new PgError('22038', 'single boolean result is expected');
      }
      case 'array':
        return serialize(items);
      default:
        return items.length ? serialize(items[0]) : null;
    }
  }) as never);
});

/** SQL for jsonb_path_exists/match/query_array/query_first and @? / @@ (mode: index in MODES). */
export function jsonPathSql(ctx: ExprCtx, doc: Expr, path: Expr, mode: number, node: unknown): Expr | undefined {
  const t = ctx.t;
  const d =
    doc.type === OID.jsonb
      ? doc
      : doc.type === OID.unknown
        ? coerce(t, doc, OID.jsonb, -1, 'implicit', node as never)
        : undefined;
  const p =
    path.type === OID.unknown || isTextLike(path.type) || path.type === OID.jsonpath
      ? path.type === OID.unknown
        ? coerce(t, path, OID.text, -1, 'implicit', node as never)
        : path
      : undefined;
  if (!d || !p) return undefined;
  if (p.unknownText !== undefined) compile(p.unknownText);
  const type = mode < 2 ? OID.bool : OID.jsonb;
  return { sql: `lumos_jsonb_path(${d.sql}, ${p.sql}, ${mode})`, type, typmod: -1, agg: d.agg || p.agg };
}

MODES.forEach((m, i) => {
  const name = m === 'array' ? 'jsonb_path_query_array' : m === 'first' ? 'jsonb_path_query_first' : `jsonb_path_${m}`;
  defineScalar(name, (ctx, a, n) => (a.length === 2 ? jsonPathSql(ctx, a[0], a[1], i, n) : undefined));
});
