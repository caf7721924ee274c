/** Where the reference PostgreSQL 15 is: COMPAT_PGHOST/PORT/USER/PASSWORD, else 127.0.0.1:5432 as postgres. */
export interface ReferencePg {
  host: string;
  port: number;
  user: string;
  password?: string;
}

export function pgDefaults(): ReferencePg {
  return {
    host: process.env.COMPAT_PGHOST ?? '127.0.0.1',
    port: Number(process.env.COMPAT_PGPORT ?? 5432),
    user: process.env.COMPAT_PGUSER ?? 'postgres',
    password: process.env.COMPAT_PGPASSWORD,
  };
}
