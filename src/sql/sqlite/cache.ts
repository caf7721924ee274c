/** A bounded LRU cache of translations, keyed by statement text and everything a translation depends on. */
import type { Translation } from './translation.js';

export interface TranslationKey {
  sql: string;
  paramTypes: readonly number[];
  catalogVersion: number;
  searchPath: readonly string[];
  /** Settings that literals and casts are translated with (TimeZone, DateStyle, IntervalStyle). */
  codec?: { timeZone: string; dateStyle: string; intervalStyle?: string };
}

export function translationKey(k: TranslationKey): string {
  const c = k.codec;
  return `${k.catalogVersion}\u0001${k.searchPath.join(',')}\u0001${k.paramTypes.join(',')}\u0001${c ? `${c.timeZone}|${c.dateStyle}|${c.intervalStyle ?? ''}` : ''}\u0001${k.sql}`;
}

export class TranslationCache {
  private readonly map = new Map<string, Translation>();
  hits = 0;
  misses = 0;

  constructor(readonly limit = 2000) {}

  get size(): number {
    return this.map.size;
  }

  get(key: TranslationKey | string): Translation | undefined {
    const k = typeof key === 'string' ? key : translationKey(key);
    const v = this.map.get(k);
    if (v === undefined) {
      this.misses++;
      return undefined;
    }
    // Re-insert to mark as most recently used.
    this.map.delete(k);
    this.map.set(k, v);
    this.hits++;
    return v;
  }

  set(key: TranslationKey | string, value: Translation): void {
    const k = typeof key === 'string' ? key : translationKey(key);
    this.map.delete(k);
    this.map.set(k, value);
    while (this.map.size > this.limit) this.map.delete(this.map.keys().next().value as string);
  }

  /** Translate through the cache. */
  getOrCreate(key: TranslationKey, create: () => Translation): Translation {
    const k = translationKey(key);
    const hit = this.get(k);
    if (hit) return hit;
    const v = create();
    this.set(k, v);
    return v;
  }

  clear(): void {
    this.map.clear();
  }
}
