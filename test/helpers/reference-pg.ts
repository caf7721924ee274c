/**
 * The reference PostgreSQL 15 (127.0.0.1:5432, trust auth, user postgres) that differential tests compare
 * Lumos with: a fresh database per test file, dropped afterwards.
 */
import pg from 'pg';
import { expect } from 'vitest';

export const PG_HOST = '127.0.0.1';
export const PG_PORT = Number(process.env.LUMOS_TEST_PG_PORT ?? 5432);

export interface ReferenceDb {
  name: string;
  /** Connection settings for node-pg (and the drivers built on it). */
  config: { host: string; port: number; user: string; database: string };
  /** Environment for psql and other libpq tools. */
  env: NodeJS.ProcessEnv;
  drop(): Promise<void>;
}

async function admin<T>(f: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({
    host: PG_HOST,
    port: PG_PORT,
    user: 'postgres',
    database: 'postgres',
    connectionTimeoutMillis: 10_000,
  });
  await c.connect();
  try {
    return await f(c);
  } finally {
    await c.end().catch(() => {});
  }
}

/**
 * Create (or re-create) database `name` on the reference server, in the C locale: Lumos compares text bytewise.
 * Null when no reference server answers (the test then checks Lumos alone).
 */
export async function freshReferenceDb(name: string): Promise<ReferenceDb | null> {
  try {
    await admin(async (c) => {
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.query(`CREATE DATABASE "${name}" TEMPLATE template0 LC_COLLATE 'C' LC_CTYPE 'C' ENCODING 'UTF8'`);
    });
  } catch {
    return null;
  }
  return {
    name,
    config: { host: PG_HOST, port: PG_PORT, user: 'postgres', database: name },
    env: {
      ...process.env,
      PGHOST: PG_HOST,
      PGPORT: String(PG_PORT),
      PGUSER: 'postgres',
      PGDATABASE: name,
      PGCONNECT_TIMEOUT: '10',
    },
    drop: () => admin(async (c) => void (await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`))),
  };
}

/**
 * Run `step` on Lumos and, when the reference server is there, on PostgreSQL too; expect equal results (after
 * `normalise`, for values that differ by nature: times, random UUIDs) and return Lumos's.
 */
export async function sameOnBoth<S, T>(
  sides: { lumos?: S; pg?: S },
  step: (side: S) => Promise<T>,
  normalise: (v: T) => unknown = (v) => v,
): Promise<T> {
  const mine = await step(sides.lumos as S);
  if (sides.pg) expect(normalise(mine)).toEqual(normalise(await step(sides.pg)));
  return mine;
}
