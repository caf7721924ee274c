-- Aggregate functions: count/sum/avg/min/max over every numeric type, FILTER, DISTINCT, ordered-set aggregates.
DROP TABLE IF EXISTS agg_measurements;

CREATE TABLE agg_measurements (id int PRIMARY KEY, sensor text, reading numeric(6,2), temp_f double precision, ok boolean, taken date, small smallint, big bigint);
INSERT INTO agg_measurements VALUES
  (1, 'a', 10.50, 50.5, true, '2024-01-01', 1, 10000000000),
  (2, 'a', 11.25, 52.25, true, '2024-01-02', 2, 20000000000),
  (3, 'a', NULL, NULL, false, '2024-01-03', NULL, NULL),
  (4, 'b', 3.00, 40, true, '2024-01-01', 4, 5),
  (5, 'b', 4.10, 41.1, false, '2024-01-02', 5, 7),
  (6, 'c', 100.00, 98.6, true, '2024-01-01', 6, -3),
  (7, 'c', 0.01, -3.5, true, '2024-01-05', 7, 9);
SELECT count(*) FROM agg_measurements;
SELECT count(reading), count(DISTINCT sensor), count(*) FILTER (WHERE ok) FROM agg_measurements;
SELECT sum(reading), avg(reading), min(reading), max(reading) FROM agg_measurements;
SELECT sum(temp_f), avg(temp_f), min(temp_f), max(temp_f) FROM agg_measurements;
SELECT sum(id), avg(id), sum(id::bigint), avg(id::bigint) FROM agg_measurements;
SELECT sum(small), avg(small), sum(big), avg(big), max(big), min(small) FROM agg_measurements;
SELECT pg_typeof(sum(small)), pg_typeof(sum(id)), pg_typeof(sum(big)), pg_typeof(avg(id)), pg_typeof(sum(temp_f)), pg_typeof(count(*)) FROM agg_measurements;
SELECT sensor, count(*), sum(reading), round(avg(reading), 2) FROM agg_measurements GROUP BY sensor ORDER BY sensor;
SELECT bool_and(ok), bool_or(ok), every(ok) FROM agg_measurements;
SELECT min(taken), max(taken) FROM agg_measurements;
SELECT min(sensor), max(sensor) FROM agg_measurements;
SELECT string_agg(sensor, ',' ORDER BY id) FROM agg_measurements;
SELECT string_agg(DISTINCT sensor, '|' ORDER BY sensor) FROM agg_measurements;
SELECT array_agg(id ORDER BY id DESC) FROM agg_measurements WHERE ok;
SELECT array_agg(reading ORDER BY id) FROM agg_measurements WHERE sensor = 'a';
SELECT sum(reading) FROM agg_measurements WHERE false;
SELECT count(*), count(reading), max(reading), string_agg(sensor, ','), array_agg(id) FROM agg_measurements WHERE false;
SELECT avg(reading)::numeric(10,3) FROM agg_measurements;
SELECT stddev(reading), variance(reading) FROM agg_measurements;
SELECT stddev_pop(temp_f), var_samp(temp_f) FROM agg_measurements;
SELECT sum(1), sum(0.5), avg(2), count(1) FROM agg_measurements;
SELECT count(*) * 2 AS doubled, max(id) - min(id) AS spread FROM agg_measurements;
SELECT sensor, max(reading) - min(reading) AS range FROM agg_measurements GROUP BY sensor HAVING count(reading) > 1 ORDER BY sensor;
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY reading) FROM agg_measurements;
SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY reading) FROM agg_measurements;
SELECT percentile_cont(ARRAY[0.25, 0.75]) WITHIN GROUP (ORDER BY temp_f) FROM agg_measurements;
SELECT mode() WITHIN GROUP (ORDER BY sensor) FROM agg_measurements;
SELECT sum(x) FROM (VALUES (9223372036854775807::bigint), (1)) v(x);
SELECT sum(x) FROM (VALUES (2147483647), (1)) v(x);
SELECT count(DISTINCT (sensor, ok)) FROM agg_measurements;
SELECT json_agg(sensor ORDER BY id) FROM agg_measurements WHERE id < 4;
SELECT sensor, count(*) FROM agg_measurements;
SELECT sum(sensor) FROM agg_measurements;
SELECT avg(x) FROM (VALUES (1), (2), (2)) v(x);
SELECT sum(x), avg(x) FROM (VALUES (1.5::float4), (2.25::float4)) v(x);
SELECT avg(x), sum(x) FROM (VALUES (1.0), (2.00), (3.000)) v(x);
SELECT avg(x) FROM (VALUES (10::numeric(10,4)), (20)) v(x);
SELECT max(reading) FILTER (WHERE sensor = 'a'), min(temp_f) FILTER (WHERE ok AND temp_f > 0) FROM agg_measurements;
SELECT count(DISTINCT ok), count(DISTINCT taken), sum(DISTINCT small) FROM agg_measurements;
SELECT corr(reading, temp_f) IS NOT NULL, regr_count(reading, temp_f), covar_pop(small, id) FROM agg_measurements;
SELECT bit_and(small), bit_or(small) FROM agg_measurements;
SELECT max(ok::int), min(ok::text) FROM agg_measurements;
SELECT round(avg(temp_f)::numeric, 3), round(sum(temp_f)::numeric, 1) FROM agg_measurements;
SELECT sensor, avg(reading) FILTER (WHERE ok) FROM agg_measurements GROUP BY sensor ORDER BY sensor;
SELECT count(*) FROM agg_measurements WHERE reading > (SELECT avg(reading) FROM agg_measurements);
SELECT max(count) FROM (SELECT sensor, count(*) FROM agg_measurements GROUP BY sensor) t;
SELECT sum(sum(reading)) OVER () FROM agg_measurements GROUP BY sensor ORDER BY 1 LIMIT 1;
SELECT sum(count(*)) FROM agg_measurements;
SELECT sum(x) FROM (VALUES (0.1::float8), (0.2::float8), (0.3::float8)) v(x);
SELECT avg(big), sum(big * 1000000000) FROM agg_measurements;
SELECT var_pop(reading), stddev_samp(small), percentile_disc(0.25) WITHIN GROUP (ORDER BY reading DESC), regr_slope(temp_f, id) IS NOT NULL FROM agg_measurements;
SELECT array_agg(x) OVER (ORDER BY x ROWS BETWEEN 1 FOLLOWING AND 1 FOLLOWING) FROM (VALUES (1), (2)) v(x) ORDER BY x;
SELECT array_agg(x) FILTER (WHERE x > 5) FROM (VALUES (1), (2)) v(x);
-- Row values as aggregate arguments and in comparisons
SELECT count((sensor, ok)), count(DISTINCT ROW(sensor)) FROM agg_measurements;
SELECT sensor, count(DISTINCT (ok, taken)) FROM agg_measurements GROUP BY sensor ORDER BY 1;
SELECT count(*) FROM agg_measurements WHERE ROW(sensor, reading) IS NULL;
SELECT count(*) FROM agg_measurements WHERE (sensor, ok) IN (SELECT sensor, ok FROM agg_measurements WHERE id < 3);
SELECT row_to_json(ROW(1, 'a')), json_build_array((1, true));
