/**
 * The translator's side of the shape cache (shape.ts). While a shaped statement is translated, its
 * literal constants are "slots": the translator may emit a slot as a bound parameter ($__l<n>) when it
 * only passes the value through, and every other read of a literal's value (through the parse tree or
 * an untyped string's text) is recorded as a dependency. A translation can then serve any statement of
 * the same shape whose dependent literals have the same values; the others are bound at execution.
 */

export type SlotClass = 'i' | 'I' | 'n' | 's';

/** What shape.ts registers for one literal of a shaped statement. */
export interface SlotInfo {
  /** Identifies the shape the A_Const node belongs to. */
  owner: object;
  index: number;
  cls: SlotClass;
}

/** One translation in progress: the literal values it sees and the slots it depended on. */
export interface SlotRecorder {
  owner: object;
  /** The parse-tree value objects ({ival}, {fval}, {sval}) the literals have in this statement. */
  values: readonly object[];
  /** The literal as text (digits with sign, or the string). */
  texts: readonly string[];
  /** Parameter values by name ($__l<canon>), in storage form. */
  params: Readonly<Record<string, unknown>>;
  /** Slot index -> index of the first slot with the same class and value (they share a parameter). */
  canon: readonly number[];
  /** Slots whose value the translation read. */
  readonly dependent: Set<number>;
  /** Slots emitted as parameters ($__l<canon>). */
  readonly bound: Set<number>;
}

const slotOfNode = new WeakMap<object, SlotInfo>();
let active: SlotRecorder | null = null;

export function registerSlot(node: object, info: SlotInfo): void {
  slotOfNode.set(node, info);
}

/** Run `fn` (a translation) with `rec` recording. Not reentrant across shapes: a nested call replaces it. */
export function withSlots<T>(rec: SlotRecorder, fn: () => T): T {
  const prev = active;
  active = rec;
  try {
    return fn();
  } finally {
    active = prev;
  }
}

/** The value a slot's node property reads as; records the dependency. Used by the node's getters. */
export function readSlot(owner: object, index: number, original: object): object {
  const a = active;
  if (a === null || a.owner !== owner) return original;
  a.dependent.add(index);
  return a.values[index];
}

export const slotParamName = (canon: number): string => `__l${canon}`;

/** A literal expression the translator can emit as a parameter: int4/int8 numbers and untyped strings. */
export interface SlotLiteral {
  sql: string;
  cls: SlotClass;
  /** The canonical slot (the parameter's number). */
  canon: number;
  /** The string's text; reading it makes the translation depend on the value. */
  text(): string;
}

/** The A_Const `node` as a parameter when it is a slot of the statement being translated, else undefined. */
export function slotLiteral(node: object): SlotLiteral | undefined {
  const a = active;
  if (a === null) return undefined;
  const info = slotOfNode.get(node);
  if (info === undefined || info.owner !== a.owner) return undefined;
  const canon = a.canon[info.index];
  a.bound.add(canon);
  return {
    sql: `$${slotParamName(canon)}`,
    cls: info.cls,
    canon,
    text() {
      a.dependent.add(info.index);
      return a.texts[info.index];
    },
  };
}

/**
 * The inline SQL of an expression that is exactly a slot parameter (for code that must see the literal
 * itself, e.g. to check a frame offset's sign); records the dependency. Other SQL is returned unchanged.
 */
export function inlineSlotSql(sql: string): string {
  const a = active;
  if (a === null || !sql.startsWith('$__l')) return sql;
  const canon = Number(sql.slice(4));
  if (!Number.isInteger(canon) || a.canon[canon] !== canon) return sql;
  a.dependent.add(canon);
  const v = a.params[slotParamName(canon)];
  return typeof v === 'string' ? `'${v.replaceAll("'", "''")}'` : String(v);
}
