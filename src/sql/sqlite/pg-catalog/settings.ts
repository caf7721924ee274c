/**
 * pg_settings: the session's current settings (src/session/settings.ts) joined to PostgreSQL 15's description of
 * each (settings-data.ts). Values with a unit are shown in that unit like PG (statement_timeout '5s' -> 5000 ms,
 * work_mem '4MB' -> 4096 kB); settings PG hides from SHOW ALL (custom a.b names, is_superuser) are not listed.
 */
import { OID } from '../../../../protocol/types/oids.js';
import { defineSqliteFunctions } from '../fn-registry.js';
import { sqlLiteral } from '../storage.js';
import type { Translator } from '../translator.js';
import { PG_SETTINGS_INFO } from './settings-data.js';

const tx = OID.text;

/** Multipliers to the base unit of PG's GUC units (memory in bytes, time in ms). */
const MEMORY: Record<string, number> = { B: 1, kB: 1024, MB: 1024 ** 2, GB: 1024 ** 3, TB: 1024 ** 4 };
const TIME: Record<string, number> = { us: 0.001, ms: 1, s: 1000, min: 60_000, h: 3_600_000, d: 86_400_000 };

/** A setting's value ('5s', '4MB', '100') in the unit pg_settings shows it in ('ms', 'kB', '8kB'). */
export function valueInUnit(value: string, unit: string | null): string {
  if (!unit) return value;
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(value);
  // A bare number is already in the setting's unit.
  if (!m?.[2]) return value;
  const unitSize = /^(\d*)(.*)$/.exec(unit) as RegExpExecArray;
  const scale = Number(unitSize[1] || 1);
  const table = MEMORY[unitSize[2]] !== undefined ? MEMORY : TIME;
  const base = table[unitSize[2]];
  const given = table[m[2]];
  if (base === undefined || given === undefined) return value;
  // -1 and 0 are "disabled" markers, never scaled.
  if (Number(m[1]) < 0) return m[1];
  return String(Math.round((Number(m[1]) * given) / (base * scale)));
}

defineSqliteFunctions((db) => {
  db.function('lumos_guc_in_unit', { deterministic: true }, (value: unknown, unit: unknown) =>
    value === null ? null : valueInUnit(String(value), unit === null ? null : String(unit)),
  );
});

const INFO_SQL = `VALUES ${PG_SETTINGS_INFO.map(
  (r) => `(${r.map((v) => (v === null ? 'NULL' : sqlLiteral(Array.isArray(v) ? JSON.stringify(v) : v))).join(', ')})`,
).join(', ')}`;

export const PG_SETTINGS = {
  columns: [
    ['name', tx],
    ['setting', tx],
    ['unit', tx],
    ['category', tx],
    ['short_desc', tx],
    ['extra_desc', tx],
    ['context', tx],
    ['vartype', tx],
    ['source', tx],
    ['min_val', tx],
    ['max_val', tx],
    ['enumvals', OID._text],
    ['boot_val', tx],
    ['reset_val', tx],
    ['sourcefile', tx],
    ['sourceline', OID.int4],
    ['pending_restart', OID.bool],
  ] as [string, number][],
  named: true,
  sql: (t: Translator) =>
    `SELECT i.column1 AS "name", lumos_guc_in_unit(json_extract(g.value, '$[1]'), i.column2) AS "setting", ` +
    `i.column2 AS "unit", i.column3 AS "category", i.column4 AS "short_desc", i.column5 AS "extra_desc", ` +
    `i.column6 AS "context", i.column7 AS "vartype", json_extract(g.value, '$[2]') AS "source", ` +
    `i.column8 AS "min_val", i.column9 AS "max_val", i.column10 AS "enumvals", i.column11 AS "boot_val", ` +
    `lumos_guc_in_unit(json_extract(g.value, '$[3]'), i.column2) AS "reset_val", NULL AS "sourcefile", ` +
    `NULL AS "sourceline", 0 AS "pending_restart" ` +
    `FROM (${INFO_SQL}) AS i JOIN json_each(${t.sessionParam('gucs')}) AS g ON json_extract(g.value, '$[0]') = i.column1`,
};
