/**
 * PostgreSQL error with the fields of an ErrorResponse/NoticeResponse.
 * Every error Lumos reports to a client is (or is converted to) a PgError, so it always carries a SQLSTATE.
 */
export type Severity = 'ERROR' | 'FATAL' | 'PANIC' | 'WARNING' | 'NOTICE' | 'DEBUG' | 'INFO' | 'LOG';

export interface ErrorFields {
  severity: Severity;
  code: string;
  message: string;
  detail?: string;
  hint?: string;
  /** 1-based character position in the original query string. */
  position?: number;
  where?: string;
  schema?: string;
  table?: string;
  column?: string;
  dataType?: string;
  constraint?: string;
  routine?: string;
}

export class PgError extends Error {
  readonly severity: Severity;
  readonly code: string;
  detail?: string;
  hint?: string;
  position?: number;
  where?: string;
  schema?: string;
  table?: string;
  column?: string;
  dataType?: string;
  constraint?: string;
  routine?: string;

  constructor(code: string, message: string, extra: Partial<Omit<ErrorFields, 'code' | 'message'>> = {}) {
    super(message);
    this.name = 'PgError';
    this.code = code;
    this.severity = extra.severity ?? 'ERROR';
    Object.assign(this, { ...extra, severity: this.severity });
  }

  fields(): ErrorFields {
    const {
      severity,
      code,
      message,
      detail,
      hint,
      position,
      where,
      schema,
      table,
      column,
      dataType,
      constraint,
      routine,
    } = this;
    return {
      severity,
      code,
      message,
      detail,
      hint,
      position,
      where,
      schema,
      table,
      column,
      dataType,
      constraint,
      routine,
    };
  }
}

/** SQLSTATE codes Lumos uses (names follow PostgreSQL's errcodes.txt). */
export const SQLSTATE = {
  SUCCESSFUL_COMPLETION: '00000',
  WARNING: '01000',
  FEATURE_NOT_SUPPORTED: '0A000',
  INVALID_TRANSACTION_STATE: '25000',
  ACTIVE_SQL_TRANSACTION: '25001',
  NO_ACTIVE_SQL_TRANSACTION: '25P01',
  IN_FAILED_SQL_TRANSACTION: '25P02',
  READ_ONLY_SQL_TRANSACTION: '25006',
  INVALID_AUTHORIZATION_SPECIFICATION: '28000',
  INVALID_PASSWORD: '28P01',
  INVALID_CATALOG_NAME: '3D000',
  SERIALIZATION_FAILURE: '40001',
  DEADLOCK_DETECTED: '40P01',
  SYNTAX_ERROR: '42601',
  INSUFFICIENT_PRIVILEGE: '42501',
  UNDEFINED_COLUMN: '42703',
  UNDEFINED_FUNCTION: '42883',
  UNDEFINED_TABLE: '42P01',
  UNDEFINED_OBJECT: '42704',
  UNDEFINED_PARAMETER: '42P02',
  DUPLICATE_TABLE: '42P07',
  DUPLICATE_OBJECT: '42710',
  DUPLICATE_COLUMN: '42701',
  DUPLICATE_PREPARED_STATEMENT: '42P05',
  DUPLICATE_CURSOR: '42P03',
  INVALID_CURSOR_NAME: '34000',
  INVALID_SQL_STATEMENT_NAME: '26000',
  AMBIGUOUS_COLUMN: '42702',
  DATATYPE_MISMATCH: '42804',
  CANNOT_COERCE: '42846',
  GROUPING_ERROR: '42803',
  INVALID_PARAMETER_VALUE: '22023',
  INVALID_TEXT_REPRESENTATION: '22P02',
  INVALID_BINARY_REPRESENTATION: '22P03',
  INVALID_DATETIME_FORMAT: '22007',
  DATETIME_FIELD_OVERFLOW: '22008',
  INVALID_TIME_ZONE_DISPLACEMENT_VALUE: '22009',
  NUMERIC_VALUE_OUT_OF_RANGE: '22003',
  DIVISION_BY_ZERO: '22012',
  STRING_DATA_RIGHT_TRUNCATION: '22001',
  CHARACTER_NOT_IN_REPERTOIRE: '22021',
  UNTRANSLATABLE_CHARACTER: '22P05',
  NOT_NULL_VIOLATION: '23502',
  FOREIGN_KEY_VIOLATION: '23503',
  UNIQUE_VIOLATION: '23505',
  CHECK_VIOLATION: '23514',
  QUERY_CANCELED: '57014',
  ADMIN_SHUTDOWN: '57P01',
  CANNOT_CONNECT_NOW: '57P03',
  PROTOCOL_VIOLATION: '08P01',
  CONNECTION_EXCEPTION: '08000',
  PROGRAM_LIMIT_EXCEEDED: '54000',
  OUT_OF_MEMORY: '53200',
  TOO_MANY_CONNECTIONS: '53300',
  INTERNAL_ERROR: 'XX000',
  UNDEFINED_PSTATEMENT: '26000',
  INVALID_SCHEMA_NAME: '3F000',
  CANT_CHANGE_RUNTIME_PARAM: '55P02',
  UNDEFINED_GUC: '42704',
  BAD_COPY_FILE_FORMAT: '22P04',
  INVALID_SAVEPOINT: '3B001',
} as const;
