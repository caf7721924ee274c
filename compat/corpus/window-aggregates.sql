-- Every aggregate as a window function: sliding ROWS/RANGE/GROUPS frames, EXCLUDE, FILTER, with PG's exact results
-- (float aggregates are recomputed over each frame, numeric sums keep the scale of the frame's values).
DROP TABLE IF EXISTS wa_readings;

CREATE TABLE wa_readings (
  id int PRIMARY KEY, sensor text, ts int, f8 float8, f4 float4, i2 smallint, i4 int, i8 bigint, num numeric,
  iv interval, flag boolean, label text, bin bytea, doc jsonb, day date
);
INSERT INTO wa_readings VALUES
  (1, 'a', 1, 0.1, 0.1, 1, 10, 9007199254740993, 1.50, '1 day', true, 'x', '\x01', '{"k": 1}', '2024-01-01'),
  (2, 'a', 2, 0.2, 0.2, 2, -20, 3, 2, '2 hours', true, 'y', '\x02ff', '[1, 2]', '2024-01-03'),
  (3, 'a', 3, 0.3, 0.3, NULL, 30, -5, 3.125, '1 mon', false, NULL, NULL, 'null', '2024-01-04'),
  (4, 'a', 5, 1e16, 1e6, 4, NULL, 7, -0.001, '-3 days', true, 'z', '\x', '"s"', NULL),
  (5, 'a', 6, 1, 1.5, 5, 50, NULL, NULL, NULL, NULL, 'w', '\xabcd', '{"a": [1, {"b": null}]}', '2024-01-09'),
  (6, 'a', 7, -1e16, -2.25, 6, 60, 11, 100, '1 year 2 mons 3 days 04:05:06.789', false, 'v', '\x00', '3.5', '2024-01-10'),
  (7, 'a', 9, 0.7, 0.7, 7, 70, 13, 0.10, '30 days', true, 'u', '\x10', 'true', '2024-01-12'),
  (8, 'b', 1, 1.25, 1.25, 8, 80, 17, 7, '1 second', true, 'p', '\x20', '{}', '2024-02-01'),
  (9, 'b', 2, NULL, NULL, 9, 90, 19, 8.5, '1 minute', true, 'q', '\x30', '[]', '2024-02-02'),
  (10, 'b', 4, 3.5, 3.5, 10, 100, 23, 9.75, '1 hour', false, 'r', '\x40', '[[1]]', '2024-02-05'),
  (11, 'c', 1, 0.1, 0.1, 11, 110, 29, 1.1, '1 day', NULL, 's', '\x50', '{"z": 0}', '2024-03-01');

-- sum and avg over float8/float4 in sliding frames: recomputed per frame like PG (no subtraction)
SELECT id, sum(f8) OVER (ORDER BY id ROWS 2 PRECEDING) FROM wa_readings ORDER BY id;
SELECT id, sum(f8) OVER (PARTITION BY sensor ORDER BY ts ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM wa_readings ORDER BY id;
SELECT id, avg(f8) OVER (PARTITION BY sensor ORDER BY ts RANGE BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM wa_readings ORDER BY id;
SELECT id, sum(f4) OVER (ORDER BY id ROWS BETWEEN 2 PRECEDING AND CURRENT ROW), avg(f4) OVER (ORDER BY id ROWS 3 PRECEDING) FROM wa_readings ORDER BY id;
SELECT id, sum(f8) OVER (ORDER BY id ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) FROM wa_readings ORDER BY id;
SELECT id, sum(f8) OVER (PARTITION BY sensor ORDER BY ts GROUPS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM wa_readings ORDER BY id;
SELECT id, sum(f8) OVER (ORDER BY id ROWS BETWEEN 1 FOLLOWING AND 3 FOLLOWING) FROM wa_readings ORDER BY id;
SELECT id, sum(f8) OVER (ORDER BY id ROWS BETWEEN 2 PRECEDING AND 2 FOLLOWING EXCLUDE CURRENT ROW) FROM wa_readings ORDER BY id;
SELECT id, sum(f8) OVER (PARTITION BY sensor ORDER BY ts RANGE BETWEEN CURRENT ROW AND 3 FOLLOWING) FROM wa_readings ORDER BY id;
-- Peers (equal ORDER BY keys) come in no defined order: their values add up exactly in any order
SELECT id, sum(i4 * 0.25::float8) OVER (ORDER BY id / 3 RANGE BETWEEN CURRENT ROW AND 1 FOLLOWING EXCLUDE TIES) FROM wa_readings ORDER BY id;
SELECT id, avg(i2::float8) OVER (ORDER BY id / 3 GROUPS BETWEEN 1 PRECEDING AND CURRENT ROW EXCLUDE GROUP) FROM wa_readings ORDER BY id;
SELECT id, sum(f8) OVER (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW EXCLUDE CURRENT ROW), sum(i8) OVER (ORDER BY id / 4 ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW EXCLUDE GROUP) FROM wa_readings ORDER BY id;
-- Running totals and whole-partition frames
SELECT id, sum(f8) OVER (ORDER BY id), avg(f8) OVER (PARTITION BY sensor), sum(f4) OVER (PARTITION BY sensor ORDER BY ts) FROM wa_readings ORDER BY id;
SELECT id, sum(f8) FILTER (WHERE f8 < 1) OVER (ORDER BY id ROWS 2 PRECEDING) FROM wa_readings ORDER BY id;
-- Integer, numeric and interval sums and averages
SELECT id, sum(i2) OVER w, sum(i4) OVER w, sum(i8) OVER w, avg(i4) OVER w, avg(i8) OVER w FROM wa_readings WINDOW w AS (ORDER BY id ROWS 2 PRECEDING) ORDER BY id;
SELECT id, sum(num) OVER (ORDER BY id ROWS 1 PRECEDING), avg(num) OVER (ORDER BY id ROWS 1 PRECEDING) FROM wa_readings ORDER BY id;
SELECT id, sum(num) OVER (ORDER BY id ROWS BETWEEN 2 PRECEDING AND 1 FOLLOWING EXCLUDE CURRENT ROW) FROM wa_readings ORDER BY id;
SELECT id, sum(iv) OVER (ORDER BY id ROWS 2 PRECEDING), avg(iv) OVER (ORDER BY id ROWS 2 PRECEDING) FROM wa_readings ORDER BY id;
SELECT id, avg(iv) OVER (PARTITION BY sensor ORDER BY ts), sum(iv) OVER (PARTITION BY sensor) FROM wa_readings ORDER BY id;
-- min and max of every kind of value
SELECT id, min(f8) OVER w, max(f4) OVER w, min(i8) OVER w, max(num) OVER w, min(num) OVER w FROM wa_readings WINDOW w AS (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) ORDER BY id;
SELECT id, min(iv) OVER w, max(iv) OVER w, min(label) OVER w, max(day) OVER w FROM wa_readings WINDOW w AS (PARTITION BY sensor ORDER BY ts ROWS 2 PRECEDING) ORDER BY id;
SELECT id, max(num) OVER (ORDER BY id), min(iv) OVER (ORDER BY id), max(iv) OVER (PARTITION BY sensor) FROM wa_readings ORDER BY id;
-- count, bool_and/bool_or/every, bit_and/bit_or/bit_xor
SELECT id, count(*) OVER w, count(f8) OVER w, bool_and(flag) OVER w, bool_or(flag) OVER w, every(flag) OVER w FROM wa_readings WINDOW w AS (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) ORDER BY id;
SELECT id, bit_and(i4) OVER w, bit_or(i4) OVER w, bit_xor(i4) OVER w, bit_or(i8) OVER w FROM wa_readings WINDOW w AS (ORDER BY id ROWS 2 PRECEDING) ORDER BY id;
SELECT id, bit_xor(i2) OVER (ORDER BY id), bit_and(i8) OVER (PARTITION BY sensor) FROM wa_readings ORDER BY id;
-- string_agg (text and bytea), array_agg, json_agg, jsonb_agg, json_object_agg
SELECT id, string_agg(label, ',') OVER (ORDER BY id ROWS 2 PRECEDING), string_agg(bin, '\x2c'::bytea) OVER (ORDER BY id ROWS 2 PRECEDING) FROM wa_readings ORDER BY id;
SELECT id, string_agg(label, '-') OVER (PARTITION BY sensor ORDER BY ts GROUPS BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM wa_readings ORDER BY id;
SELECT id, array_agg(i4) OVER (ORDER BY id ROWS 2 PRECEDING), array_agg(label) OVER (PARTITION BY sensor ORDER BY ts ROWS BETWEEN CURRENT ROW AND 1 FOLLOWING) FROM wa_readings ORDER BY id;
SELECT id, array_agg(f8) OVER (ORDER BY id ROWS 1 PRECEDING), array_agg(num) OVER (ORDER BY id ROWS 1 PRECEDING) FROM wa_readings ORDER BY id;
SELECT id, array_agg(ARRAY[i2, i4]) OVER (ORDER BY id ROWS 1 PRECEDING), array_agg(bin) OVER (ORDER BY id ROWS BETWEEN CURRENT ROW AND 1 FOLLOWING) FROM wa_readings WHERE i2 IS NOT NULL AND i4 IS NOT NULL ORDER BY id;
SELECT id, json_agg(doc) OVER (ORDER BY id ROWS 1 PRECEDING), jsonb_agg(label) OVER (ORDER BY id ROWS BETWEEN CURRENT ROW AND 1 FOLLOWING) FROM wa_readings ORDER BY id;
SELECT id, json_object_agg(label, i4) OVER (ORDER BY id ROWS 1 PRECEDING) FROM wa_readings WHERE label IS NOT NULL ORDER BY id;
SELECT id, jsonb_object_agg(sensor || id, f8) OVER (PARTITION BY sensor ORDER BY id ROWS 1 PRECEDING) FROM wa_readings ORDER BY id;
-- Statistics: float8 (Youngs-Cramer) and numeric, in sliding frames
SELECT id, stddev(f8) OVER w, variance(f8) OVER w, stddev_pop(f8) OVER w, var_pop(f8) OVER w FROM wa_readings WINDOW w AS (ORDER BY id ROWS 2 PRECEDING) ORDER BY id;
SELECT id, stddev_samp(num) OVER w, var_samp(i4) OVER w, stddev_pop(i8) OVER w, var_pop(num) OVER w FROM wa_readings WINDOW w AS (ORDER BY id ROWS 2 PRECEDING) ORDER BY id;
SELECT id, variance(f4) OVER (PARTITION BY sensor ORDER BY ts RANGE BETWEEN 2 PRECEDING AND CURRENT ROW) FROM wa_readings ORDER BY id;
SELECT id, corr(f8, i4) OVER w, covar_pop(f8, i4) OVER w, covar_samp(i4, i2) OVER w, regr_count(f8, i4) OVER w FROM wa_readings WINDOW w AS (ORDER BY id ROWS 3 PRECEDING) ORDER BY id;
SELECT id, regr_slope(i4, i2) OVER w, regr_intercept(i4, i2) OVER w, regr_r2(i4, i2) OVER w, regr_avgx(i4, i2) OVER w, regr_avgy(i4, i2) OVER w FROM wa_readings WINDOW w AS (ORDER BY id ROWS 2 PRECEDING) ORDER BY id;
SELECT id, regr_sxx(f8, i2) OVER w, regr_syy(f8, i2) OVER w, regr_sxy(f8, i2) OVER w FROM wa_readings WINDOW w AS (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) ORDER BY id;
-- Aggregates of a grouped query as window arguments
SELECT sensor, sum(f8), sum(sum(f8)) OVER (ORDER BY sensor ROWS 1 PRECEDING), avg(avg(num)) OVER (ORDER BY sensor ROWS 1 PRECEDING) FROM wa_readings GROUP BY sensor ORDER BY sensor;
-- Moving averages as applications write them
SELECT day, f8, round(avg(f8) OVER (ORDER BY day ROWS BETWEEN 6 PRECEDING AND CURRENT ROW)::numeric, 4) AS week_avg FROM wa_readings WHERE day IS NOT NULL ORDER BY day;
SELECT sensor, ts, f8, f8 - avg(f8) OVER (PARTITION BY sensor ORDER BY ts ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS deviation FROM wa_readings ORDER BY sensor, ts, id;
-- Errors: DISTINCT and ORDER BY in window aggregates, ordered-set aggregates with OVER
SELECT id, sum(DISTINCT f8) OVER (ORDER BY id) FROM wa_readings;
SELECT id, string_agg(label, ',' ORDER BY label) OVER (ORDER BY id) FROM wa_readings;
SELECT id, percentile_cont(0.5) WITHIN GROUP (ORDER BY f8) OVER (ORDER BY id) FROM wa_readings;
SELECT id, mode() WITHIN GROUP (ORDER BY label) OVER () FROM wa_readings;
-- Frames that are empty for some rows, or start after the current row
SELECT id, sum(f8) OVER (ORDER BY id ROWS BETWEEN 2 FOLLOWING AND 1 FOLLOWING), count(*) OVER (ORDER BY id ROWS BETWEEN 2 FOLLOWING AND 1 FOLLOWING) FROM wa_readings ORDER BY id;
SELECT id, sum(f8) OVER (PARTITION BY sensor ORDER BY ts RANGE BETWEEN 1 FOLLOWING AND 2 FOLLOWING), max(num) OVER (PARTITION BY sensor ORDER BY ts RANGE BETWEEN 1 FOLLOWING AND 2 FOLLOWING) FROM wa_readings ORDER BY id;
SELECT id, avg(f8) OVER (ORDER BY id ROWS BETWEEN 3 PRECEDING AND 2 PRECEDING), stddev(f8) OVER (ORDER BY id ROWS BETWEEN 4 PRECEDING AND 1 PRECEDING) FROM wa_readings ORDER BY id;
SELECT id, sum(f8) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM wa_readings WHERE f8 IS NOT NULL AND f8 < 0 ORDER BY id;
