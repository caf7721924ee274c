/** PostgreSQL type OIDs and text/binary codecs. */
export * from './binary.js';
export * from './context.js';
export type { TimeTz } from './datetime.js';
export type { Interval } from './interval.js';
export * from './oids.js';
export * from './text.js';
