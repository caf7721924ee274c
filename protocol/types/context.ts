/** Session settings that change how values are written as text (PostgreSQL GUCs of the same names). */
export interface CodecContext {
  /** IANA zone name or a fixed offset as PG accepts it ('UTC', 'Europe/Paris', '+02', 'PST8PDT'...). */
  timeZone: string;
  /** DateStyle, e.g. 'ISO, MDY' (PG's default). */
  dateStyle: string;
  /** IntervalStyle: 'postgres' (default), 'postgres_verbose', 'sql_standard', 'iso_8601'. */
  intervalStyle: string;
  /** extra_float_digits: >0 gives shortest round-trip output (PG 12+ default is 1). */
  extraFloatDigits: number;
  /** bytea_output: 'hex' (default) or 'escape'. */
  byteaOutput: 'hex' | 'escape';
}

export const DEFAULT_CODEC_CONTEXT: CodecContext = {
  timeZone: 'Etc/UTC',
  dateStyle: 'ISO, MDY',
  intervalStyle: 'postgres',
  extraFloatDigits: 1,
  byteaOutput: 'hex',
};
