import { PgError, SQLSTATE } from '../../protocol/errors.js';

export function abortedError(): PgError {
  return new PgError(
    SQLSTATE.IN_FAILED_SQL_TRANSACTION,
    'current transaction is aborted, commands ignored until end of transaction block',
  );
}
