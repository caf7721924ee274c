/**
 * Aggregates over money: sum(money) adds cents with cash_pl's overflow check (22003 "money out of range");
 * min/max are SQLite's over the INTEGER cents (builtins.ts); PG has no avg(money). cash_words spells an amount.
 */
import { checkMoney } from '../../../protocol/types/money.js';
import { OID } from '../../../protocol/types/oids.js';
import { coerce } from './coerce.js';
import { defineAggregateOverload, defineOverload, defineSqliteFunctions } from './fn-registry.js';
import { isNull, mk, type V } from './fn-util.js';

defineAggregateOverload('sum', (_ctx, a, p) => {
  if (a.length !== 1 || a[0].type !== OID.money) return undefined;
  return mk(`lumos_cash_sum(${p.distinct ? 'DISTINCT ' : ''}${a[0].sql}${p.order})${p.suffix}`, OID.money);
});

const SMALL = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven'];
SMALL.push('twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty');
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

/** cash.c's num_word: 0..999 in words ("one hundred and five", "one hundred twenty", "thirty four"). */
function numWord(v: number): string {
  const tu = v % 100;
  if (v <= 20) return SMALL[v];
  const hundreds = v > 99 ? `${SMALL[Math.floor(v / 100)]} hundred` : '';
  if (!tu) return hundreds;
  const rest =
    v % 10 === 0 && tu > 10 ? TENS[tu / 10] : tu < 20 ? SMALL[tu] : `${TENS[Math.floor(tu / 10)]} ${SMALL[tu % 10]}`;
  if (!hundreds) return rest;
  return tu < 20 && !(v % 10 === 0 && tu > 10) ? `${hundreds} and ${rest}` : `${hundreds} ${rest}`;
}

const SCALES = ['quadrillion', 'trillion', 'billion', 'million', 'thousand'];

/** cash_words: the amount in English words, capitalized, exactly as PG spells it (spacing included). */
export function cashWords(cents: bigint): string {
  const val = cents < 0n ? -cents : cents;
  let out = '';
  for (let i = 0; i < SCALES.length; i++) {
    const m = Number((val / 10n ** BigInt(2 + 3 * (SCALES.length - i))) % 1000n);
    if (m) out += `${numWord(m)} ${SCALES[i]} `;
  }
  const m1 = Number((val / 100n) % 1000n);
  if (m1) out += numWord(m1);
  if (!out) out = 'zero';
  const m0 = Number(val % 100n);
  out += `${val / 100n === 1n ? ' dollar and ' : ' dollars and '}${numWord(m0)}${m0 === 1 ? ' cent' : ' cents'}`;
  if (cents < 0n) out = `minus ${out}`;
  return out.charAt(0).toUpperCase() + out.slice(1);
}

defineOverload('cash_words', (ctx, a, n) => {
  if (a.length !== 1 || (a[0].type !== OID.money && a[0].type !== OID.unknown)) return undefined;
  return mk(`lumos_cash_words(${coerce(ctx.t, a[0], OID.money, -1, 'implicit', n).sql})`, OID.text);
});

interface SumAcc {
  sum: bigint;
  n: number;
}

defineSqliteFunctions((db) => {
  db.function('lumos_cash_words', { deterministic: true, safeIntegers: true }, (v: V) =>
    isNull(v) ? null : cashWords(BigInt(v as bigint)),
  );
  // An inverse makes it usable as a window aggregate (sum(m) OVER (ORDER BY ...)).
  db.aggregate('lumos_cash_sum', {
    start: () => ({ sum: 0n, n: 0 }) as SumAcc,
    step: (acc: SumAcc, v: V) => {
      if (isNull(v)) return acc;
      acc.sum = checkMoney(acc.sum + BigInt(v as bigint));
      acc.n++;
      return acc;
    },
    inverse: (acc: SumAcc, v: V) => {
      if (isNull(v)) return acc;
      acc.sum -= BigInt(v as bigint);
      acc.n--;
      return acc;
    },
    result: (acc: SumAcc) => (acc.n ? acc.sum : null),
    safeIntegers: true,
  } as never);
});
