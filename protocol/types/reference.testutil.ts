/**
 * Test helper: ask the real PostgreSQL 15 (127.0.0.1:5432, user postgres) what it does with a literal, so the
 * codec tests compare against the reference byte for byte. Set LUMOS_PG_URL to point elsewhere.
 */
import pg from 'pg';
import { type CodecContext, DEFAULT_CODEC_CONTEXT } from './context.js';

export type PgOutcome = { ok: true; text: string; hex?: string } | { ok: false; code: string; message: string };

const identity = { getTypeParser: () => (v: string) => v };

export async function connectReference(): Promise<pg.Client | null> {
  const client = new pg.Client({
    connectionString: process.env.LUMOS_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    connectionTimeoutMillis: 3000,
  });
  try {
    await client.connect();
    return client;
  } catch {
    return null;
  }
}

export async function applySettings(client: pg.Client, ctx: CodecContext): Promise<void> {
  await client.query(
    `SELECT set_config('TimeZone', $1, false), set_config('DateStyle', $2, false),
            set_config('IntervalStyle', $3, false), set_config('extra_float_digits', $4, false),
            set_config('bytea_output', $5, false)`,
    [ctx.timeZone, ctx.dateStyle, ctx.intervalStyle, String(ctx.extraFloatDigits), ctx.byteaOutput],
  );
}

export function context(over: Partial<CodecContext> = {}): CodecContext {
  return { ...DEFAULT_CODEC_CONTEXT, ...over };
}

const sendFns = new Map<string, string>();

/** PG's text output for `literal::type`, and with `send` the hex of its binary send format. */
export async function reference(client: pg.Client, literal: string, type: string, send = false): Promise<PgOutcome> {
  try {
    const r = await client.query({ text: `SELECT $1::${type} AS v`, values: [literal], types: identity });
    const text = r.rows[0].v as string;
    if (!send) return { ok: true, text };
    let fn = sendFns.get(type);
    if (fn === undefined) {
      const t = await client.query({
        text: `SELECT typsend::text AS f FROM pg_type WHERE oid = $1::regtype`,
        values: [type],
        types: identity,
      });
      fn = t.rows[0].f as string;
      sendFns.set(type, fn);
    }
    const b = await client.query({ text: `SELECT ${fn}($1::${type}) AS v`, values: [literal], types: identity });
    return { ok: true, text, hex: (b.rows[0].v as string).slice(2) };
  } catch (e) {
    const err = e as { code?: string; message: string };
    if (!err.code) throw e;
    return { ok: false, code: err.code, message: err.message };
  }
}

/** Run f and return the PgError it throws (code + message), or the value. */
export function outcome<T>(f: () => T): { ok: true; value: T } | { ok: false; code: string; message: string } {
  try {
    return { ok: true, value: f() };
  } catch (e) {
    const err = e as { code?: string; message: string };
    return { ok: false, code: err.code ?? 'JS', message: err.message };
  }
}
