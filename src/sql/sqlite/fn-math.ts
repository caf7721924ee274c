/**
 * Math functions with PG's typing (integers resolve to float8 for sqrt/ln/round...; numeric stays exact) and
 * PG's numeric result scales for sqrt/exp/ln/log/power, computed in BigInt fixed point (correctly rounded to
 * the scale PG selects). Float domain errors use PG's SQLSTATEs (2201E, 2201F).
 */
import { PgError, SQLSTATE } from '../../../protocol/errors.js';
import { OID } from '../../../protocol/types/oids.js';
import type { Node } from '../parse.js';
import { coerce, type Expr, isFloat, isInt, isNumberType } from './coerce.js';
import type { ExprCtx } from './expr.js';
import { defineScalar, defineSqliteFunctions } from './fn-registry.js';
import { isNull, mk, strict, type V } from './fn-util.js';
import { type Dec, decApplyTypmod, decDiv, decRound, decToString, parseDec } from './numeric.js';

/** Resolve a math argument: numeric stays numeric, other numbers (and untyped literals) become float8. */
function numOrFloat(ctx: ExprCtx, e: Expr, n: Node): Expr | undefined {
  if (e.type === OID.numeric) return e;
  if (e.type !== OID.unknown && !isNumberType(e.type)) return undefined;
  return coerce(ctx.t, e, OID.float8, -1, 'implicit', n);
}
const toNum = (ctx: ExprCtx, e: Expr, n: Node) =>
  e.type === OID.unknown || isNumberType(e.type) ? coerce(ctx.t, e, OID.numeric, -1, 'implicit', n) : undefined;

/** f(x): float8 -> lumos_f_<name>, numeric -> lumos_n_<name>. */
function unary(name: string, numeric = true): void {
  defineScalar(name, (ctx, a, n) => {
    const x = a.length === 1 ? numOrFloat(ctx, a[0], n) : undefined;
    if (!x) return undefined;
    if (x.type === OID.numeric && numeric) return mk(`lumos_n_math('${name}', ${x.sql})`, OID.numeric);
    const f = x.type === OID.numeric ? coerce(ctx.t, x, OID.float8, -1, 'implicit', n) : x;
    return mk(`lumos_f_math('${name}', ${f.sql})`, OID.float8);
  });
}
for (const name of ['sqrt', 'exp', 'ln', 'log10', 'sign']) unary(name);
for (const name of [
  'cbrt',
  'sin',
  'cos',
  'tan',
  'cot',
  'asin',
  'acos',
  'atan',
  'sind',
  'cosd',
  'tand',
  'cotd',
  'asind',
  'acosd',
  'atand',
  'degrees',
  'radians',
  'sinh',
  'cosh',
  'tanh',
  'asinh',
  'acosh',
  'atanh',
])
  unary(name, false);

defineScalar('pi', (_ctx, a) => (a.length ? undefined : mk('3.141592653589793', OID.float8)));

defineScalar('log', (ctx, a, n) => {
  if (a.length === 1) {
    const x = numOrFloat(ctx, a[0], n);
    if (!x) return undefined;
    return x.type === OID.numeric
      ? mk(`lumos_n_log(10, ${x.sql})`, OID.numeric)
      : mk(`lumos_f_math('log10', ${x.sql})`, OID.float8);
  }
  if (a.length !== 2) return undefined;
  const [b, x] = a.map((e) => toNum(ctx, e, n));
  return b && x && mk(`lumos_n_log(${b.sql}, ${x.sql})`, OID.numeric);
});

for (const name of ['power', 'pow']) {
  defineScalar(name, (ctx, a, n) => {
    if (a.length !== 2) return undefined;
    if (a.some((e) => e.type === OID.numeric) && !a.some((e) => isFloat(e.type))) {
      const [b, x] = a.map((e) => toNum(ctx, e, n));
      return b && x && mk(`lumos_n_power(${b.sql}, ${x.sql})`, OID.numeric);
    }
    const [b, x] = a.map((e) => numOrFloat(ctx, e, n));
    if (!b || !x) return undefined;
    const [fb, fx8] = [b, x].map((e) => coerce(ctx.t, e, OID.float8, -1, 'implicit', n));
    return mk(`lumos_f_power(${fb.sql}, ${fx8.sql})`, OID.float8);
  });
}

defineScalar('atan2', (ctx, a, n) => {
  const xs = a.length === 2 ? a.map((e) => numOrFloat(ctx, e, n)) : [];
  if (xs.length !== 2 || xs.some((x) => !x)) return undefined;
  const [y, x] = xs.map((e) => coerce(ctx.t, e as Expr, OID.float8, -1, 'implicit', n));
  return mk(`atan2(${y.sql}, ${x.sql})`, OID.float8);
});
defineScalar('atan2d', (ctx, a, n) => {
  const xs = a.length === 2 ? a.map((e) => numOrFloat(ctx, e, n)) : [];
  if (xs.length !== 2 || xs.some((x) => !x)) return undefined;
  const [y, x] = xs.map((e) => coerce(ctx.t, e as Expr, OID.float8, -1, 'implicit', n));
  return mk(`(atan2(${y.sql}, ${x.sql}) * 180 / 3.141592653589793)`, OID.float8);
});

for (const name of ['round', 'trunc']) {
  defineScalar(name, (ctx, a, n) => {
    if (a.length < 1 || a.length > 2) return undefined;
    if (a.length === 1) {
      const x = numOrFloat(ctx, a[0], n);
      if (!x) return undefined;
      if (x.type === OID.float8) return mk(`lumos_float_${name}(${x.sql})`, OID.float8);
      return mk(`lumos_num_${name}(${x.sql}, 0)`, OID.numeric);
    }
    const x = toNum(ctx, a[0], n);
    const d =
      a[1].type === OID.unknown || isInt(a[1].type) ? coerce(ctx.t, a[1], OID.int4, -1, 'implicit', n) : undefined;
    return x && d && mk(`lumos_num_${name}(${x.sql}, ${d.sql})`, OID.numeric);
  });
}

for (const name of ['scale', 'min_scale', 'trim_scale']) {
  defineScalar(name, (ctx, a, n) => {
    const x = a.length === 1 ? toNum(ctx, a[0], n) : undefined;
    return x && mk(`lumos_n_scale('${name}', ${x.sql})`, name === 'trim_scale' ? OID.numeric : OID.int4);
  });
}

defineScalar('div', (ctx, a, n) => {
  const xs = a.length === 2 ? a.map((e) => toNum(ctx, e, n)) : [];
  if (xs.length !== 2 || xs.some((x) => !x)) return undefined;
  return mk(`lumos_n_div(${xs[0]?.sql}, ${xs[1]?.sql})`, OID.numeric);
});

for (const name of ['gcd', 'lcm']) {
  defineScalar(name, (ctx, a, n) => {
    if (a.length !== 2) return undefined;
    const type = a.some((e) => e.type === OID.numeric)
      ? OID.numeric
      : a.some((e) => e.type === OID.int8)
        ? OID.int8
        : OID.int4;
    const xs = a.map((e) =>
      e.type === OID.unknown || isNumberType(e.type) ? coerce(ctx.t, e, type, -1, 'implicit', n) : undefined,
    );
    if (xs.some((x) => !x) || a.some((e) => isFloat(e.type))) return undefined;
    return mk(`lumos_n_gcd('${name}', ${xs.map((x) => x?.sql).join(', ')}, ${type})`, type);
  });
}

defineScalar('factorial', (ctx, a, n) => {
  const x =
    a.length === 1 && (isInt(a[0].type) || a[0].type === OID.unknown)
      ? coerce(ctx.t, a[0], OID.int8, -1, 'implicit', n)
      : undefined;
  return x && mk(`lumos_n_factorial(${x.sql})`, OID.numeric);
});

// ---- numeric transcendental functions in fixed point ----
const P = (s: number) => 10n ** BigInt(s);
const absB = (x: bigint) => (x < 0n ? -x : x);
const GUARD = 24;

function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = BigInt(`1${'0'.repeat(Math.ceil(n.toString().length / 2))}`);
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}
/** Dec -> fixed point at scale S. */
const fx = (d: Dec, S: number) => {
  const v = d.scale <= S ? d.digits * P(S - d.scale) : d.digits / P(d.scale - S);
  return d.neg ? -v : v;
};
/** Round a fixed-point value at scale S to a Dec of scale r (half away from zero). */
function round(v: bigint, S: number, r: number): Dec {
  const q = P(S - r);
  const a = absB(v);
  const digits = (a + q / 2n) / q;
  return { neg: v < 0n && digits !== 0n, digits, scale: r };
}
function fxExp(x0: bigint, S: number): bigint {
  const one = P(S);
  let x = x0;
  let m = 0;
  while (absB(x) > one / 100n) {
    x /= 2n;
    m++;
  }
  let sum = one;
  let term = one;
  for (let k = 1n; term !== 0n; k++) {
    term = (term * x) / one / k;
    sum += term;
  }
  for (let i = 0; i < m; i++) sum = (sum * sum) / one;
  return sum;
}
function fxLn(x0: bigint, S: number): bigint {
  const one = P(S);
  let x = x0;
  let j = 0n;
  while (absB(x - one) > one / 100n) {
    x = isqrt(x * one);
    j++;
  }
  const y = ((x - one) * one) / (x + one);
  const y2 = (y * y) / one;
  let term = y;
  let sum = 0n;
  for (let k = 1n; term !== 0n; k += 2n) {
    sum += term / k;
    term = (term * y2) / one;
  }
  return 2n * sum * (1n << j);
}

/** Base-10000 weight and leading digits as PG's estimate_ln_dweight sees them. */
function lnDweight(d: Dec): number {
  const x = Number(decToString(d));
  if (x >= 0.9 && x <= 1.1) {
    const t = Math.abs(x - 1);
    return t === 0 ? 0 : Math.floor(Math.log10(t));
  }
  return Math.trunc(Math.log10(Math.abs(Math.log(x))));
}

function numWeight(d: Dec): number {
  if (d.digits === 0n) return 0;
  const intLen = d.digits.toString().length - d.scale;
  return intLen > 0 ? Math.floor((intLen - 1) / 4) : -Math.floor(-intLen / 4) - 1;
}
const clampScale = (r: number, ...scales: number[]) => Math.min(Math.max(r, ...scales, 0), 1000);
const err = (code: string, m: string) => new PgError(code, m);

function numMath(name: string, d: Dec): Dec {
  if (d.nan) return d;
  switch (name) {
    case 'sqrt': {
      if (d.neg && d.digits !== 0n) throw err('2201F', 'cannot take square root of a negative number');
      const sweight = ((numWeight(d) + 1) * 4) / 2 - 1;
      const r = clampScale(16 - Math.trunc(sweight), d.scale);
      const S = r + 1;
      return round(isqrt(fx(d, 2 * S)), S, r);
    }
    case 'exp': {
      // biome-ignore lint/suspicious/noApproximativeNumericConstant: PG's numeric.c uses this truncated constant; scales must match it.
      const val = Math.max(Math.min(Number(decToString(d)) * 0.434294481903252, 1000), -1000);
      const r = clampScale(16 - Math.trunc(val), d.scale);
      const S = r + GUARD + Math.max(0, Math.ceil(val));
      return round(fxExp(fx(d, S), S), S, r);
    }
    case 'ln': {
      if (d.digits === 0n) throw err('2201E', 'cannot take logarithm of zero');
      if (d.neg) throw err('2201E', 'cannot take logarithm of a negative number');
      const r = clampScale(16 - lnDweight(d), d.scale);
      const S = r + GUARD;
      return round(fxLn(fx(d, S), S), S, r);
    }
    case 'log10':
      return numLog({ neg: false, digits: 10n, scale: 0 }, d);
    case 'sign':
      return { neg: d.neg && d.digits !== 0n, digits: d.digits === 0n ? 0n : 1n, scale: 0 };
  }
  throw new Error(name);
}

function numLog(b: Dec, x: Dec): Dec {
  for (const d of [b, x]) {
    if (d.digits === 0n) throw err('2201E', 'cannot take logarithm of zero');
    if (d.neg) throw err('2201E', 'cannot take logarithm of a negative number');
  }
  const r = clampScale(16 - (lnDweight(x) - lnDweight(b)), b.scale, x.scale);
  const S = r + GUARD;
  const lb = fxLn(fx(b, S), S);
  if (lb === 0n) throw new PgError(SQLSTATE.DIVISION_BY_ZERO, 'division by zero');
  return round((fxLn(fx(x, S), S) * P(S)) / lb, S, r);
}

function numPower(b: Dec, e: Dec): Dec {
  const isInt = e.scale === 0 || e.digits % P(e.scale) === 0n;
  if (b.digits === 0n && e.neg) throw err('2201F', 'zero raised to a negative power is undefined');
  if (b.neg && !isInt) throw err('2201F', 'a negative number raised to a non-integer power yields a complex result');
  if (isInt) {
    const k = Number(fx(e, 0));
    const r = clampScale(16, b.scale);
    if (k >= 0) {
      const v = b.digits ** BigInt(k);
      const neg = b.neg && k % 2 === 1;
      return decRound({ neg, digits: v, scale: b.scale * k }, r);
    }
    const den: Dec = { neg: b.neg && -k % 2 === 1, digits: b.digits ** BigInt(-k), scale: b.scale * -k };
    return decDiv({ neg: false, digits: 1n, scale: 0 }, den, r);
  }
  if (b.digits === 0n) return { neg: false, digits: 0n, scale: 16 };
  // biome-ignore lint/suspicious/noApproximativeNumericConstant: PG's numeric.c uses this truncated constant; scales must match it.
  const val = Number(decToString(e)) * Math.log(Number(decToString(b))) * 0.434294481903252;
  const r = clampScale(16 - Math.trunc(val), b.scale, e.scale);
  const S = r + GUARD + Math.max(0, Math.ceil(val));
  const lnb = fxLn(fx(b, S), S);
  return round(fxExp((lnb * fx(e, S)) / P(S), S), S, r);
}

function floatMath(name: string, x: number): number {
  const rad = Math.PI / 180;
  const domain = () => err('2201E', 'input is out of range');
  switch (name) {
    case 'sqrt':
      if (x < 0) throw err('2201F', 'cannot take square root of a negative number');
      return Math.sqrt(x);
    case 'exp': {
      const r = Math.exp(x);
      if (!Number.isFinite(r) && Number.isFinite(x))
        throw err(SQLSTATE.NUMERIC_VALUE_OUT_OF_RANGE, 'value out of range: overflow');
      return r;
    }
    case 'ln':
    case 'log10':
      if (x === 0) throw err('2201E', 'cannot take logarithm of zero');
      if (x < 0) throw err('2201E', 'cannot take logarithm of a negative number');
      return name === 'ln' ? Math.log(x) : Math.log10(x);
    case 'sign':
      return Math.sign(x);
    // abs/floor/ceil of a float: SQLite's own functions read the NaN text (storage.ts FLOAT_NAN) as 0.
    case 'abs':
      return Math.abs(x);
    case 'floor':
      return Math.floor(x);
    case 'ceil':
      return Math.ceil(x);
    case 'cbrt':
      return glibcCbrt(x);
    case 'sin':
      return Math.sin(x);
    case 'cos':
      return Math.cos(x);
    case 'tan':
      return Math.tan(x);
    case 'cot':
      return 1 / Math.tan(x);
    case 'asin':
    case 'acos':
      if (x < -1 || x > 1) throw domain();
      return name === 'asin' ? Math.asin(x) : Math.acos(x);
    case 'atan':
      return Math.atan(x);
    case 'sind':
      return exactDeg(Math.sin(x * rad));
    case 'cosd':
      return exactDeg(Math.cos(x * rad));
    case 'tand':
      return exactDeg(Math.tan(x * rad));
    case 'cotd':
      return exactDeg(1 / Math.tan(x * rad));
    case 'asind':
    case 'acosd':
      if (x < -1 || x > 1) throw domain();
      return exactDeg((name === 'asind' ? Math.asin(x) : Math.acos(x)) / rad);
    case 'atand':
      return exactDeg(Math.atan(x) / rad);
    case 'degrees':
      return x / rad;
    case 'radians':
      return x * rad;
    case 'sinh':
      return Math.sinh(x);
    case 'cosh':
      return Math.cosh(x);
    case 'tanh':
      return Math.tanh(x);
    case 'asinh':
      return Math.asinh(x);
    case 'acosh':
      if (x < 1) throw domain();
      return Math.acosh(x);
    case 'atanh':
      if (x < -1 || x > 1) throw domain();
      return Math.atanh(x);
  }
  throw new Error(name);
}
/** PG's degree-based functions return exact values at the special angles. */
const exactDeg = (v: number) => {
  const r = Math.round(v);
  return Math.abs(v - r) < 1e-12 ? r : Math.abs(v - 0.5) < 1e-12 ? 0.5 : Math.abs(v + 0.5) < 1e-12 ? -0.5 : v;
};

function gcd(a: bigint, b: bigint): bigint {
  let [x, y] = [absB(a), absB(b)];
  while (y) [x, y] = [y, x % y];
  return x;
}

defineSqliteFunctions((db) => {
  const det = { deterministic: true };
  const fn = (name: string, f: (...args: any[]) => unknown, opts: object = det) => db.function(name, opts, f as never);
  const D = (v: V) => parseDec(v) as Dec;
  fn(
    'lumos_n_math',
    strict((name: V, v: V) => decToString(numMath(String(name), D(v)))),
  );
  fn(
    'lumos_n_log',
    strict((b: V, x: V) => decToString(numLog(D(b), D(x)))),
  );
  fn(
    'lumos_n_power',
    strict((b: V, x: V) => decToString(numPower(D(b), D(x)))),
  );
  fn(
    'lumos_f_math',
    strict((name: V, v: V) => floatMath(String(name), Number(v))),
  );
  fn(
    'lumos_f_power',
    strict((a: V, b: V) => {
      const [x, y] = [Number(a), Number(b)];
      if (x === 0 && y < 0) throw err('2201F', 'zero raised to a negative power is undefined');
      if (x < 0 && !Number.isInteger(y))
        throw err('2201F', 'a negative number raised to a non-integer power yields a complex result');
      const r = x ** y;
      if (!Number.isFinite(r) && Number.isFinite(x) && Number.isFinite(y))
        throw err(SQLSTATE.NUMERIC_VALUE_OUT_OF_RANGE, 'value out of range: overflow');
      return r;
    }),
  );
  // numeric -> float8 (SQLite's CAST AS REAL would read numeric 'NaN' as 0).
  fn(
    'lumos_num_to_float',
    strict((v: V) => Number(v)),
  );
  fn('lumos_f4', (v: V) => {
    if (isNull(v)) return null;
    const x = Number(v);
    const r = Math.fround(x);
    if (!Number.isFinite(r) && Number.isFinite(x))
      throw err(SQLSTATE.NUMERIC_VALUE_OUT_OF_RANGE, 'value out of range: overflow');
    if (r === 0 && x !== 0) throw err(SQLSTATE.NUMERIC_VALUE_OUT_OF_RANGE, 'value out of range: underflow');
    return r;
  });
  fn('lumos_f4_to_numeric', (v: V, typmod: V) => {
    if (isNull(v)) return null;
    const x = Number(v);
    if (Number.isNaN(x)) return 'NaN';
    if (!Number.isFinite(x)) throw err(SQLSTATE.FEATURE_NOT_SUPPORTED, 'cannot convert infinity to numeric');
    // real -> numeric keeps FLT_DIG (6) significant digits.
    const d = parseDec(Number(x.toPrecision(6)).toString()) as Dec;
    return decToString(Number(typmod) >= 4 ? decApplyTypmod(d, Number(typmod)) : d);
  });
  fn('lumos_fop', (op: V, a: V, b: V, f4: V) => {
    if (isNull(a) || isNull(b)) return null;
    const [x, y] = [Number(a), Number(b)];
    let r: number;
    if (op === '+') r = x + y;
    else if (op === '-') r = x - y;
    else if (op === '*') r = x * y;
    else {
      if (y === 0) throw new PgError(SQLSTATE.DIVISION_BY_ZERO, 'division by zero');
      r = x / y;
    }
    if (Number(f4)) r = Math.fround(r);
    if (!Number.isFinite(r) && Number.isFinite(x) && Number.isFinite(y))
      throw err(SQLSTATE.NUMERIC_VALUE_OUT_OF_RANGE, 'value out of range: overflow');
    if (r === 0 && x !== 0 && ((op === '*' && y !== 0) || (op === '/' && Number.isFinite(y))))
      throw err(SQLSTATE.NUMERIC_VALUE_OUT_OF_RANGE, 'value out of range: underflow');
    return r;
  });
  fn(
    'lumos_n_scale',
    strict((name: V, v: V) => {
      const d = D(v);
      if (d.nan) return name === 'trim_scale' ? 'NaN' : null;
      if (name === 'scale') return d.scale;
      let t = d;
      while (t.scale > 0 && t.digits % 10n === 0n) t = { ...t, digits: t.digits / 10n, scale: t.scale - 1 };
      return name === 'min_scale' ? t.scale : decToString(t);
    }),
  );
  fn(
    'lumos_n_div',
    strict((a: V, b: V) => {
      const x = D(a);
      const y = D(b);
      if (y.digits === 0n) throw new PgError(SQLSTATE.DIVISION_BY_ZERO, 'division by zero');
      // Truncating quotient at a common scale.
      const sc = Math.max(x.scale, y.scale);
      const q = fx(x, sc) / fx(y, sc);
      return decToString({ neg: q < 0n, digits: absB(q), scale: 0 });
    }),
  );
  fn(
    'lumos_n_gcd',
    strict((name: V, a: V, b: V, type: V) => {
      const x = BigInt(String(a).split('.')[0]);
      const y = BigInt(String(b).split('.')[0]);
      const g = gcd(x, y);
      const v = name === 'gcd' ? g : g === 0n ? 0n : absB((x / g) * y);
      if (Number(type) === OID.int4 && (v > 2147483647n || v < -2147483648n))
        throw err(SQLSTATE.NUMERIC_VALUE_OUT_OF_RANGE, 'integer out of range');
      return Number(type) === OID.numeric ? v.toString() : v;
    }),
    { deterministic: true, safeIntegers: true },
  );
  fn(
    'lumos_n_factorial',
    strict((v: V) => {
      const k = BigInt(v as number);
      if (k < 0n) throw err(SQLSTATE.INVALID_PARAMETER_VALUE, 'factorial of a negative number is undefined');
      if (k > 32177n) throw err(SQLSTATE.NUMERIC_VALUE_OUT_OF_RANGE, 'value overflows numeric format');
      let r = 1n;
      for (let i = 2n; i <= k; i++) r *= i;
      return r.toString();
    }),
    { deterministic: true, safeIntegers: true },
  );
  void isNull;
});

/** glibc's cbrt (sysdeps/ieee754/dbl-64/s_cbrt.c), which PG calls: not correctly rounded (cbrt(27) = 3.0000000000000004). */
const CBRT2 = 1.2599210498948732;
const SQR_CBRT2 = 1.5874010519681996;
const CBRT_FACTOR = [1.0 / SQR_CBRT2, 1.0 / CBRT2, 1.0, CBRT2, SQR_CBRT2];
const CBRT_POLY = [
  0.7849323449766392, -1.8346927748361308, 2.4469312256353444, -2.114994941673713, 1.508191937815849,
  0.35489576504391984,
];
function glibcCbrt(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return x + x;
  // frexp: |x| = xm * 2^xe with xm in [0.5, 1).
  const tiny = Math.abs(x) < 2 ** -1000; // subnormal: scale up first (2 ** -xe would overflow)
  const ax = tiny ? Math.abs(x) * 2 ** 64 : Math.abs(x);
  let xe = Math.floor(Math.log2(ax)) + 1;
  let xm = ax * 2 ** -xe;
  if (tiny) xe -= 64;
  while (xm < 0.5) {
    xm *= 2;
    xe--;
  }
  while (xm >= 1) {
    xm /= 2;
    xe++;
  }
  // Horner, in glibc's order: (0.78... - 0.14... * xm) * xm + ...
  let u = 0.7849323449766392 - 0.14526389938548637 * xm;
  for (const c of CBRT_POLY.slice(1)) u = c + u * xm;
  const t2 = u * u * u;
  const ym = ((u * (t2 + 2.0 * xm)) / (2.0 * t2 + xm)) * CBRT_FACTOR[2 + (xe % 3)];
  return (x > 0 ? ym : -ym) * 2 ** Math.trunc(xe / 3);
}
