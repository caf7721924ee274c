/**
 * The shape cache: statements that differ only in literal constants (`... WHERE aid = 41919`) are
 * parsed once per shape and translated once per shape and dependent-literal values (slots.ts), so a
 * client that inlines its values (pgbench -M simple, many ORMs, BI tools) costs a lexer pass and two
 * map lookups instead of a parse and a translation, and SQLite sees the same SQL text every time.
 *
 * Soundness: the translator is deterministic in its inputs (parse tree, catalog and session context,
 * parameter types). Every read of a literal's value during translation goes through a getter that records
 * it, except where the translator emits the literal as a bound parameter. A translation made with values
 * V is reused only for values that agree with V on every recorded slot, under the same context key.
 */
import { type ParsedStatement, parseQuery } from '../parse.js';
import { decToString, parseDecText } from '../sqlite/numeric.js';
import type { Translation } from '../sqlite/translation.js';
import { type LiteralClass, type LiteralToken, lexShape } from './lexer.js';
import { readSlot, registerSlot, type SlotRecorder, slotParamName, withSlots } from './slots.js';

/** Statement kinds whose translation depends only on the parse tree and the context key. */
const SHAPED_KINDS = new Set(['SelectStmt', 'InsertStmt', 'UpdateStmt', 'DeleteStmt']);
const ENTRY_LIMIT = 2000;
/** Translations kept per shape (distinct dependent values, contexts): beyond it the shape starts over. */
const VARIANT_LIMIT = 64;
/** Translations kept over all shapes (like the text-keyed cache's 2000): beyond it every shape starts over. */
const TRANSLATION_LIMIT = 4000;
let storedTranslations = 0;

interface Slot {
  cls: LiteralClass;
  /** The parser folded a preceding '-' into the constant. */
  negate: boolean;
}

interface Variant {
  /** Slots the translation depended on, ascending. */
  dependent: number[];
  byValues: Map<string, Translation>;
}

export class ShapeEntry {
  /** Set when a translation failed here but not on the ordinary path: use the ordinary path. */
  broken = false;
  private readonly variants = new Map<string, Variant[]>();
  private count = 0;

  constructor(
    readonly node: ParsedStatement['node'],
    readonly kind: string,
    readonly offset: number,
    readonly slots: readonly Slot[],
  ) {}

  lookup(b: ShapeBinding, context: string): Translation | undefined {
    const vs = this.variants.get(`${context}\u0001${b.pattern}`);
    if (vs === undefined) return undefined;
    for (const v of vs) {
      const hit = v.byValues.get(valuesKey(b, v.dependent));
      if (hit !== undefined) return hit;
    }
    return undefined;
  }

  store(b: ShapeBinding, context: string, dependent: number[], tr: Translation): void {
    if (++storedTranslations > TRANSLATION_LIMIT) {
      for (const e of entries.values()) if (e !== INELIGIBLE) e.clear();
      storedTranslations = 1;
    }
    if (++this.count > VARIANT_LIMIT) {
      storedTranslations -= this.count - 1;
      this.clear();
      this.count = 1;
    }
    const key = `${context}\u0001${b.pattern}`;
    let vs = this.variants.get(key);
    if (vs === undefined) {
      vs = [];
      this.variants.set(key, vs);
    }
    const depKey = dependent.join(',');
    let v = vs.find((x) => x.dependent.join(',') === depKey);
    if (v === undefined) {
      v = { dependent, byValues: new Map() };
      vs.push(v);
    }
    v.byValues.set(valuesKey(b, dependent), tr);
  }

  clear(): void {
    this.variants.clear();
    this.count = 0;
  }

  /** Translations stored. */
  get size(): number {
    return this.count;
  }
}

/** One statement's literal values bound to its shape. */
export interface ShapeBinding {
  entry: ShapeEntry;
  /** The statement text (errors are reported from its own parse). */
  sql: string;
  texts: string[];
  values: object[];
  canon: number[];
  /** Which slots share a parameter, e.g. "0,1,0": part of every translation's key. */
  pattern: string;
  /** Parameter values by canonical slot, in storage form. */
  params: Record<string, unknown>;
}

export interface ShapedStatement extends ParsedStatement {
  shape: ShapeBinding;
}

export function isShaped(stmt: ParsedStatement): stmt is ShapedStatement {
  return (stmt as Partial<ShapedStatement>).shape !== undefined;
}

function valuesKey(b: ShapeBinding, dependent: readonly number[]): string {
  let k = '';
  for (const i of dependent) k += `${b.texts[i]}\u0000`;
  return k;
}

const INELIGIBLE = Symbol('ineligible');
const entries = new Map<string, ShapeEntry | typeof INELIGIBLE>();

/**
 * Parse a query string, through the shape cache when it is a single SELECT/INSERT/UPDATE/DELETE with
 * literals. Same contract as parseQuery.
 */
export function parseStatements(sql: string): ParsedStatement[] {
  const lexed = lexShape(sql);
  if (lexed === null || lexed.literals.length === 0) return parseQuery(sql);
  let entry = entries.get(lexed.key);
  if (entry === undefined) {
    entry = createEntry(sql, lexed.literals);
    if (entries.size >= ENTRY_LIMIT) evictOldest();
  } else {
    // Least recently used goes first: re-insert at the end.
    entries.delete(lexed.key);
  }
  entries.set(lexed.key, entry);
  if (entry === INELIGIBLE || entry.broken) return parseQuery(sql);
  let shape: ShapeBinding;
  try {
    shape = bind(entry, sql, lexed.literals);
  } catch {
    return parseQuery(sql); // a literal the parser rejects, e.g. a numeric out of range: its own error
  }
  const stmt: ShapedStatement = {
    node: entry.node,
    kind: entry.kind,
    text: sql.slice(entry.offset).trim(),
    offset: entry.offset,
    shape,
  };
  return [stmt];
}

function bind(entry: ShapeEntry, sql: string, literals: LiteralToken[]): ShapeBinding {
  const n = literals.length;
  const texts = new Array<string>(n);
  const values = new Array<object>(n);
  const canon = new Array<number>(n);
  const params: Record<string, unknown> = {};
  let pattern = '';
  for (let i = 0; i < n; i++) {
    const { cls, negate } = entry.slots[i];
    const raw = literals[i].value;
    const text = negate ? `-${raw}` : raw;
    texts[i] = text;
    let c = i;
    for (let j = 0; j < i; j++) {
      if (texts[j] === text && entry.slots[j].cls === cls) {
        c = j;
        break;
      }
    }
    canon[i] = c;
    pattern += `${c},`;
    if (cls === 'i') values[i] = text === '0' || text === '-0' ? {} : { ival: Number(text) };
    else if (cls === 's') values[i] = { sval: text };
    else values[i] = { fval: text };
    if (c !== i) continue;
    if (cls === 'i' || cls === 'I') params[slotParamName(i)] = BigInt(text);
    else if (cls === 's') params[slotParamName(i)] = text;
    // numeric's storage form, as the translator writes a numeric constant inline (expr.ts constant()).
    else params[slotParamName(i)] = decToString(parseDecText(text.replace(/^(-?)\./, '$10.')));
  }
  return { entry, sql, texts, values, canon, pattern, params };
}

function evictOldest(): void {
  const key = entries.keys().next().value as string;
  const e = entries.get(key);
  if (e !== undefined && e !== INELIGIBLE) storedTranslations -= e.size;
  entries.delete(key);
}

/** Parse the first statement of a shape and find each literal's A_Const node in its tree. */
function createEntry(sql: string, literals: LiteralToken[]): ShapeEntry | typeof INELIGIBLE {
  let stmts: ParsedStatement[];
  try {
    stmts = parseQuery(sql);
  } catch {
    return INELIGIBLE; // not cached: each such statement reports its own syntax error
  }
  if (stmts.length !== 1) return INELIGIBLE;
  const stmt = stmts[0];
  if (!SHAPED_KINDS.has(stmt.kind) || stmt.node.SelectStmt?.intoClause) return INELIGIBLE;
  // A private copy: getters are installed on its constants, and the parse cache keeps the original.
  const node = structuredClone(stmt.node);
  const byLocation = new Map<number, object[]>();
  collectConstants(node, byLocation);
  const slots: Slot[] = [];
  const nodes: object[] = [];
  for (const lit of literals) {
    const found = findConstant(byLocation, lit);
    if (found === undefined) return INELIGIBLE;
    slots.push({ cls: lit.cls, negate: found.negate });
    nodes.push(found.node);
  }
  const entry = new ShapeEntry(node, stmt.kind, stmt.offset, slots);
  for (let i = 0; i < nodes.length; i++) installSlot(entry, nodes[i], i, slots[i].cls);
  return entry;
}

function collectConstants(node: unknown, out: Map<number, object[]>): void {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const x of node) collectConstants(x, out);
    return;
  }
  const c = (node as { A_Const?: { location?: number } }).A_Const;
  if (c !== undefined && typeof c.location === 'number') {
    const list = out.get(c.location);
    if (list) list.push(c);
    else out.set(c.location, [c]);
  }
  for (const v of Object.values(node)) collectConstants(v, out);
}

type AConst = { ival?: { ival?: number }; fval?: { fval?: string }; sval?: { sval?: string } };

function constantText(c: AConst, cls: LiteralClass): string | undefined {
  if (cls === 'i') return c.ival ? String(c.ival.ival ?? 0) : undefined;
  if (cls === 's') return c.sval ? (c.sval.sval ?? '') : undefined;
  return c.fval?.fval;
}

function findConstant(
  byLocation: Map<number, object[]>,
  lit: LiteralToken,
): { node: object; negate: boolean } | undefined {
  const take = (loc: number, text: string) => {
    const list = byLocation.get(loc);
    const i = list ? list.findIndex((c) => constantText(c as AConst, lit.cls) === text) : -1;
    if (!list || i < 0) return undefined;
    return list.splice(i, 1)[0];
  };
  const plain = take(lit.start, lit.cls === 'i' ? String(Number(lit.value)) : lit.value);
  if (plain) return { node: plain, negate: false };
  if (lit.minus < 0) return undefined;
  const negText = lit.cls === 'i' ? String(-Number(lit.value)) : `-${lit.value}`;
  const neg = take(lit.minus, negText === '-0' ? '0' : negText);
  return neg ? { node: neg, negate: true } : undefined;
}

function installSlot(entry: ShapeEntry, node: object, index: number, cls: LiteralClass): void {
  const prop = cls === 'i' ? 'ival' : cls === 's' ? 'sval' : 'fval';
  const original = (node as Record<string, object>)[prop];
  registerSlot(node, { owner: entry, index, cls });
  Object.defineProperty(node, prop, {
    enumerable: true,
    configurable: true,
    get: () => readSlot(entry, index, original),
  });
}

/** Translate a shaped statement with its literals as slots: the translation and the slots it read. */
export function translateWithSlots(
  b: ShapeBinding,
  translate: () => Translation,
): { translation: Translation; dependent: number[] } {
  const rec: SlotRecorder = {
    owner: b.entry,
    values: b.values,
    texts: b.texts,
    params: b.params,
    canon: b.canon,
    dependent: new Set(),
    bound: new Set(),
  };
  const tr = withSlots(rec, translate);
  const translation = rec.bound.size ? { ...tr, literalParams: [...rec.bound].map(slotParamName) } : tr;
  return { translation, dependent: [...rec.dependent].sort((x, y) => x - y) };
}
