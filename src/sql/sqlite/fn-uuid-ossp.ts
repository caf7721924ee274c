/**
 * The uuid-ossp extension's functions (callable once CREATE EXTENSION "uuid-ossp" has run, see extension.ts):
 * RFC 4122 UUIDs of versions 1, 3, 4 and 5 and the well-known namespace UUIDs. uuid values are stored as their
 * canonical text, so these produce and take that text.
 */
import { createHash, randomBytes } from 'node:crypto';
import { OID } from '../../../protocol/types/oids.js';
import type { Node } from '../parse.js';
import { coerce, type Expr } from './coerce.js';
import type { ExprCtx } from './expr.js';
import { defineExtensionFunction } from './extension.js';
import { defineSqliteFunctions } from './fn-registry.js';
import { mk, strict, textArg, type V } from './fn-util.js';
import { quoteString } from './storage.js';

const EXTENSION = 'uuid-ossp';

/** RFC 4122 appendix C's namespace IDs, as uuid-ossp's uuid_ns_* return them. */
const CONSTANTS: Record<string, string> = {
  uuid_nil: '00000000-0000-0000-0000-000000000000',
  uuid_ns_dns: '6ba7b810-9dad-11d1-80b4-00c04fd430c8',
  uuid_ns_url: '6ba7b811-9dad-11d1-80b4-00c04fd430c8',
  uuid_ns_oid: '6ba7b812-9dad-11d1-80b4-00c04fd430c8',
  uuid_ns_x500: '6ba7b814-9dad-11d1-80b4-00c04fd430c8',
};

for (const [name, value] of Object.entries(CONSTANTS)) {
  defineExtensionFunction(EXTENSION, name, `${name}()`, (_ctx, a) =>
    a.length ? undefined : mk(quoteString(value), OID.uuid),
  );
}

function volatileCall(ctx: ExprCtx, sql: string): Expr {
  ctx.t.volatile = true;
  return mk(sql, OID.uuid);
}

defineExtensionFunction(EXTENSION, 'uuid_generate_v1', 'uuid_generate_v1()', (ctx, a) =>
  a.length ? undefined : volatileCall(ctx, 'lumos_uuid_v1(0)'),
);
defineExtensionFunction(EXTENSION, 'uuid_generate_v1mc', 'uuid_generate_v1mc()', (ctx, a) =>
  a.length ? undefined : volatileCall(ctx, 'lumos_uuid_v1(1)'),
);
// The same generator as gen_random_uuid().
defineExtensionFunction(EXTENSION, 'uuid_generate_v4', 'uuid_generate_v4()', (ctx, a) =>
  a.length ? undefined : volatileCall(ctx, 'lumos_uuid()'),
);

function uuidArg(ctx: ExprCtx, e: Expr, n: Node): Expr | undefined {
  if (e.type === OID.unknown) return coerce(ctx.t, e, OID.uuid, -1, 'implicit', n);
  return e.type === OID.uuid ? e : undefined;
}

for (const version of [3, 5]) {
  const name = `uuid_generate_v${version}`;
  defineExtensionFunction(EXTENSION, name, `${name}(uuid,text)`, (ctx, a, n) => {
    if (a.length !== 2) return undefined;
    const ns = uuidArg(ctx, a[0], n);
    const text = textArg(ctx, a[1], n);
    return ns && text && mk(`lumos_uuid_hashed(${ns.sql}, ${text.sql}, ${version})`, OID.uuid);
  });
}

function format(b: Buffer): string {
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** Version 3 (MD5) or 5 (SHA-1) name-based UUID: the hash of the namespace's 16 bytes and the name (RFC 4122 4.3). */
export function hashedUuid(namespace: string, name: string, version: 3 | 5): string {
  const ns = Buffer.from(namespace.replaceAll('-', ''), 'hex');
  const h = createHash(version === 3 ? 'md5' : 'sha1')
    .update(ns)
    .update(Buffer.from(name))
    .digest()
    .subarray(0, 16);
  h[6] = (h[6] & 0x0f) | (version << 4);
  h[8] = (h[8] & 0x3f) | 0x80;
  return format(h);
}

/** 100-ns intervals between the Gregorian reform (1582-10-15) and the Unix epoch. */
const GREGORIAN_OFFSET = 0x01b21dd213814000n;
let lastTimestamp = 0n;
/** The clock sequence (14 bits) and node, drawn once per process like a host's; the node is random (with the
 * multicast bit set, RFC 4122 4.5) since Lumos does not expose the machine's MAC address as PG's uuid-ossp does. */
const clockSeq = randomBytes(2).readUInt16BE() & 0x3fff;
const node = randomBytes(6);
node[0] |= 0x01;

/** Version 1 (time-based) UUID; `multicast`: a fresh random multicast node, as uuid_generate_v1mc. */
export function timeUuid(multicast: boolean): string {
  // Strictly increasing timestamps: calls within one millisecond take the next 100-ns tick.
  let ts = BigInt(Date.now()) * 10000n + GREGORIAN_OFFSET;
  if (ts <= lastTimestamp) ts = lastTimestamp + 1n;
  lastTimestamp = ts;
  const b = Buffer.alloc(16);
  b.writeUInt32BE(Number(ts & 0xffffffffn), 0);
  b.writeUInt16BE(Number((ts >> 32n) & 0xffffn), 4);
  b.writeUInt16BE(Number((ts >> 48n) & 0x0fffn) | 0x1000, 6);
  b.writeUInt16BE(clockSeq | 0x8000, 8);
  const nodeBytes = multicast ? randomBytes(6) : node;
  if (multicast) nodeBytes[0] |= 0x01;
  nodeBytes.copy(b, 10);
  return format(b);
}

defineSqliteFunctions((db) => {
  db.function('lumos_uuid_v1', { deterministic: false }, (multicast: V) => timeUuid(Number(multicast) === 1));
  db.function(
    'lumos_uuid_hashed',
    { deterministic: true },
    strict((ns: V, name: V, version: V) =>
      hashedUuid(String(ns), Buffer.isBuffer(name) ? name.toString() : String(name), Number(version) as 3 | 5),
    ),
  );
});
