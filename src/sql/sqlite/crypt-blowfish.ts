/**
 * bcrypt ("$2a$NN$" + 22 salt characters) as pgcrypto's crypt-blowfish.c (Solar Designer's crypt_blowfish):
 * the expensive Blowfish key schedule of Provos and Mazières. Node's crypto has no bcrypt, and OpenSSL's
 * Blowfish cannot run that key schedule, so it is written here. Blowfish's initial state is the fractional
 * hexadecimal digits of pi, computed once (BigInt Machin formula) instead of carrying 1042 constants.
 */
import { PgError, SQLSTATE } from '../../../protocol/errors.js';

/** pgcrypto's error for a bcrypt salt it cannot read. */
export const cryptFailed = () => new PgError(SQLSTATE.INVALID_PARAMETER_VALUE, 'invalid salt');

/** bcrypt's base-64 alphabet (not crypt(3)'s). */
const BF_ITOA64 = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function bcryptEncode(src: Uint8Array): string {
  let out = '';
  for (let i = 0; i < src.length; ) {
    let c1 = src[i++];
    out += BF_ITOA64[c1 >> 2];
    c1 = (c1 & 0x03) << 4;
    if (i >= src.length) return out + BF_ITOA64[c1];
    let c2 = src[i++];
    out += BF_ITOA64[c1 | (c2 >> 4)];
    c1 = (c2 & 0x0f) << 2;
    if (i >= src.length) return out + BF_ITOA64[c1];
    c2 = src[i++];
    out += BF_ITOA64[c1 | (c2 >> 6)] + BF_ITOA64[c2 & 0x3f];
  }
  return out;
}

function bcryptDecode(s: string, size: number): Uint8Array {
  const out = new Uint8Array(size);
  const at = (i: number) => {
    const v = BF_ITOA64.indexOf(s[i] ?? '');
    if (v < 0) throw cryptFailed();
    return v;
  };
  for (let i = 0, o = 0; o < size; i += 4) {
    const c1 = at(i);
    const c2 = at(i + 1);
    out[o++] = (c1 << 2) | ((c2 & 0x30) >> 4);
    if (o >= size) break;
    const c3 = at(i + 2);
    out[o++] = ((c2 & 0x0f) << 4) | ((c3 & 0x3c) >> 2);
    if (o >= size) break;
    out[o++] = ((c3 & 0x03) << 6) | at(i + 3);
  }
  return out;
}

const N = 16;
let initialState: Uint32Array | undefined;

/** P (18 words) then S0..S3 (4 x 256): the first 1042 32-bit words of pi's fraction, pi = 16 atan(1/5) - 4 atan(1/239). */
function piWords(): Uint32Array {
  if (initialState) return initialState;
  const words = N + 2 + 4 * 256;
  const bits = BigInt(words * 32 + 64);
  const one = 1n << bits;
  const atanInverse = (x: bigint) => {
    let term = one / x;
    let sum = term;
    const x2 = x * x;
    for (let k = 1n; term !== 0n; k++) {
      term /= x2;
      sum += (k & 1n ? -term : term) / (2n * k + 1n);
    }
    return sum;
  };
  const pi = 16n * atanInverse(5n) - 4n * atanInverse(239n);
  const fraction = (pi - 3n * one) >> 64n;
  const out = new Uint32Array(words);
  for (let i = 0; i < words; i++) out[i] = Number((fraction >> BigInt((words - 1 - i) * 32)) & 0xffffffffn);
  initialState = out;
  return out;
}

class Blowfish {
  readonly P: Uint32Array;
  readonly S: Uint32Array;
  constructor() {
    const init = piWords();
    this.P = init.slice(0, N + 2);
    this.S = init.slice(N + 2);
  }

  private f(x: number): number {
    const S = this.S;
    return (((S[x >>> 24] + S[256 + ((x >>> 16) & 0xff)]) ^ S[512 + ((x >>> 8) & 0xff)]) + S[768 + (x & 0xff)]) >>> 0;
  }

  /** Encrypts the block (lr[0], lr[1]) in place. */
  encrypt(lr: Uint32Array): void {
    const P = this.P;
    let l = lr[0];
    let r = lr[1];
    for (let i = 0; i < N; i += 2) {
      l ^= P[i];
      r ^= this.f(l);
      r ^= P[i + 1];
      l ^= this.f(r);
    }
    lr[0] = (r ^ P[N + 1]) >>> 0;
    lr[1] = (l ^ P[N]) >>> 0;
  }

  /** Re-derives P and S by encrypting a running block, xor-ing `data` words (cyclic) in first when given. */
  expand(data?: Uint32Array): void {
    const lr = new Uint32Array(2);
    let j = 0;
    const fill = (target: Uint32Array) => {
      for (let i = 0; i < target.length; i += 2) {
        if (data) {
          lr[0] ^= data[j++ % data.length];
          lr[1] ^= data[j++ % data.length];
        }
        this.encrypt(lr);
        target[i] = lr[0];
        target[i + 1] = lr[1];
      }
    };
    fill(this.P);
    fill(this.S);
  }
}

/**
 * The password as 18 key words: its bytes and terminating NUL, repeated. `bug` ($2x$) sign-extends bytes over
 * 0x7f like the old buggy implementation (pgcrypto's BF_set_key; its $2a$ has no later countermeasure).
 */
function keyWords(password: Uint8Array, bug: boolean): Uint32Array {
  const key = new Uint8Array(password.length + 1);
  key.set(password);
  const words = new Uint32Array(N + 2);
  let p = 0;
  for (let i = 0; i < N + 2; i++) {
    let w = 0;
    for (let j = 0; j < 4; j++) {
      const byte = key[p];
      // A sign-extended byte ors 1-bits over the bytes already in the word.
      w = bug && byte > 0x7f ? (w << 8) | byte | 0xffffff00 : (w << 8) | byte;
      p = byte === 0 ? 0 : p + 1;
    }
    words[i] = w >>> 0;
  }
  return words;
}

export function bcrypt(password: Uint8Array, setting: string): string {
  const m = /^\$2([ax])\$(\d\d)\$/.exec(setting);
  const cost = m ? Number(m[2]) : 0;
  if (!m || cost < 4 || cost > 31 || setting.length < 29) throw cryptFailed();
  const saltBytes = bcryptDecode(setting.slice(7, 29), 16);
  const salt = new Uint32Array(4);
  for (let i = 0; i < 4; i++) salt[i] = Buffer.from(saltBytes).readUInt32BE(i * 4);
  const key = keyWords(password, m[1] === 'x');
  const bf = new Blowfish();
  for (let i = 0; i < N + 2; i++) bf.P[i] ^= key[i];
  bf.expand(salt);
  for (let rounds = 2 ** cost; rounds > 0; rounds--) {
    for (let i = 0; i < N + 2; i++) bf.P[i] ^= key[i];
    bf.expand();
    for (let i = 0; i < N + 2; i++) bf.P[i] ^= salt[i & 3];
    bf.expand();
  }
  const magic = Buffer.from('OrpheanBeholderScryDoubt');
  const out = Buffer.alloc(24);
  const lr = new Uint32Array(2);
  for (let i = 0; i < 6; i += 2) {
    lr[0] = magic.readUInt32BE(i * 4);
    lr[1] = magic.readUInt32BE(i * 4 + 4);
    for (let k = 0; k < 64; k++) bf.encrypt(lr);
    out.writeUInt32BE(lr[0], i * 4);
    out.writeUInt32BE(lr[1], i * 4 + 4);
  }
  // The salt is re-encoded from its 16 bytes, normalising the unused bits of its last character.
  return `$2${m[1]}$${m[2]}$${bcryptEncode(saltBytes)}${bcryptEncode(out.subarray(0, 23))}`;
}
