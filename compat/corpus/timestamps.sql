-- timestamp / timestamptz / time: input, output in the session TimeZone, arithmetic, date_trunc, extract, to_char.
SET TIME ZONE 'UTC';
DROP TABLE IF EXISTS ts_log;

CREATE TABLE ts_log (id int PRIMARY KEY, at timestamp, at_tz timestamptz, msg text);
INSERT INTO ts_log VALUES
  (1, '2024-03-10 08:30:00', '2024-03-10 08:30:00+00', 'boot'),
  (2, '2024-03-10 23:59:59.999', '2024-03-10 23:59:59.999-05', 'late'),
  (3, '2024-12-31 23:00:00', '2024-12-31 23:00:00+09', 'nye'),
  (4, '2000-02-29 12:00:00.123456', '2000-02-29 12:00:00.123456Z', 'leap'),
  (5, NULL, NULL, 'none');
SELECT * FROM ts_log ORDER BY id;
SELECT id, at + interval '1 hour', at - interval '30 minutes', at_tz + interval '1 day' FROM ts_log ORDER BY id;
SELECT id, at::date, at_tz::date, at::time FROM ts_log ORDER BY id;
SELECT id, date_trunc('hour', at), date_trunc('day', at_tz), date_trunc('minute', at) FROM ts_log ORDER BY id;
SELECT id, extract(hour FROM at), extract(minute FROM at), extract(second FROM at), extract(epoch FROM at_tz) FROM ts_log ORDER BY id;
SELECT id, to_char(at, 'YYYY-MM-DD HH24:MI:SS'), to_char(at, 'HH12:MI AM'), to_char(at_tz, 'YYYY-MM-DD"T"HH24:MI:SS.MS') FROM ts_log ORDER BY id;
SELECT b.at - a.at FROM ts_log a, ts_log b WHERE a.id = 1 AND b.id = 2;
SELECT age(TIMESTAMP '2024-03-10 08:30:00', TIMESTAMP '2023-01-01 00:00:00');
SELECT '2024-03-10 08:30:00'::timestamp AT TIME ZONE 'UTC', '2024-03-10 08:30:00+00'::timestamptz AT TIME ZONE 'America/New_York';
SET TIME ZONE 'America/New_York';
SELECT at_tz FROM ts_log ORDER BY id;
SELECT '2024-03-10 02:30:00'::timestamptz, '2024-11-03 01:30:00'::timestamptz;
SELECT at_tz::date, extract(hour FROM at_tz) FROM ts_log ORDER BY id;
SELECT date_trunc('day', at_tz) FROM ts_log ORDER BY id;
SELECT '2024-03-09 12:00:00'::timestamptz + interval '1 day', '2024-03-09 12:00:00'::timestamptz + interval '24 hours';
SHOW TIME ZONE;
SHOW timezone;
SET TIME ZONE 'Europe/Berlin';
SELECT at_tz FROM ts_log WHERE id = 1;
SELECT to_char(at_tz, 'YYYY-MM-DD HH24:MI TZ') FROM ts_log WHERE id = 1;
SELECT at::timestamptz FROM ts_log WHERE id = 1;
SET TIME ZONE '+02:00';
SELECT at_tz FROM ts_log WHERE id = 1;
SET TIME ZONE 'UTC';
SELECT make_timestamp(2024, 5, 6, 7, 8, 9.5), make_timestamptz(2024, 5, 6, 7, 8, 9, 'Asia/Tokyo');
SELECT to_timestamp(1700000000), to_timestamp('2024-05-06 07:08:09', 'YYYY-MM-DD HH24:MI:SS'), to_timestamp(1.5);
SELECT timestamp '2024-01-31 10:00' + interval '1 month', timestamp '2024-03-31 10:00' - interval '1 month';
SELECT '2024-01-01 00:00:00'::timestamp - '2023-12-25 12:00:00'::timestamp;
SELECT id FROM ts_log WHERE at > '2024-03-10' AND at < '2024-03-11' ORDER BY id;
SELECT id FROM ts_log WHERE at_tz >= '2024-03-11 00:00:00+00' ORDER BY id;
SELECT max(at), min(at_tz) FROM ts_log;
SELECT '2024-03-10 08:30:00.5'::timestamp(0), '2024-03-10 08:30:00.123456'::timestamp(3), '2024-03-10 08:30:00.1239'::timestamp(3);
SELECT 'epoch'::timestamp, 'infinity'::timestamp, TIMESTAMP 'epoch' + 1.5 * interval '1 second';
SELECT '2024-02-30 10:00'::timestamp;
SELECT 'yesterday-ish'::timestamp;
SELECT date_part('dow', TIMESTAMP '2024-03-10 12:00'), extract(isodow FROM TIMESTAMP '2024-03-10 12:00'), extract(microseconds FROM TIMESTAMP '2024-03-10 12:00:01.25');
SELECT to_char(TIMESTAMP '2024-03-10 15:04:05', 'Mon DD, YYYY at HH:MI:SS PM'), to_char(TIMESTAMP '2024-03-10 00:04:05', 'HH12 AM');
SELECT TIMESTAMP '2024-03-10 15:04:05'::timestamptz, TIMESTAMPTZ '2024-03-10 15:04:05+02'::timestamp;
SELECT now() = now(), current_timestamp >= TIMESTAMP '2020-01-01', localtimestamp IS NOT NULL, now() = current_timestamp;
SELECT pg_typeof(now()), pg_typeof(current_date), pg_typeof(localtimestamp), pg_typeof(current_time);
SELECT date_bin('15 minutes', TIMESTAMP '2024-03-10 08:38:00', TIMESTAMP '2000-01-01');
SELECT TIME '10:30' + interval '45 minutes', TIME '23:30' + interval '1 hour', TIME '10:00' - TIME '08:15';
SELECT TIME '10:30:15.5', '8:05 PM'::time, TIME '24:00:00', extract(hour FROM TIME '10:30');
SELECT DATE '2024-03-10' + TIME '10:30', DATE '2024-03-10' + 1 + TIME '00:00';
SELECT TIMESTAMP '2024-03-10 10:00' - DATE '2024-03-09';
SELECT date_trunc('week', TIMESTAMP '2024-03-10 10:00'), date_trunc('quarter', TIMESTAMP '2024-05-10 10:00'), date_trunc('second', TIMESTAMP '2024-03-10 10:00:01.75');
SELECT TIMESTAMPTZ '2024-03-10 08:30:00+05:30', TIMESTAMPTZ '2024-03-10 08:30:00 America/Los_Angeles', TIMESTAMPTZ '2024-03-10 08:30:00 PST';
SELECT extract(timezone FROM TIMESTAMPTZ '2024-03-10 08:30:00+00'), extract(epoch FROM TIMESTAMP '1970-01-02 00:00');
SELECT at FROM ts_log WHERE at IS NOT NULL ORDER BY at DESC LIMIT 2;
SELECT date_trunc('month', at)::date AS month, count(*) FROM ts_log WHERE at IS NOT NULL GROUP BY 1 ORDER BY 1;
SELECT TIMESTAMP '2024-01-01 10:00' < TIMESTAMPTZ '2024-01-01 10:00+00', TIMESTAMP '2024-01-01' = DATE '2024-01-01';
SELECT to_char(TIMESTAMP '2024-03-10 15:04:05.123456', 'HH24:MI:SS.US'), to_char(TIMESTAMP '2024-03-10 15:04:05', 'YYYY-MM-DD"T"HH24:MI:SS"Z"');
SELECT age(TIMESTAMP '2024-01-01', TIMESTAMP '2024-03-15 12:00');
SELECT '2024-03-10 8:30'::timestamp, '2024/03/10 08:30:00'::timestamp, 'March 10, 2024 8:30 AM'::timestamp;
SELECT TIMESTAMP '2024-03-10 08:30' + 1;
UPDATE ts_log SET at = at + interval '1 day' WHERE id = 1 RETURNING at, at_tz;
SELECT to_timestamp('not a time', 'YYYY-MM-DD');
SELECT make_timestamp(2024, 13, 1, 0, 0, 0);
-- CURRENT_TIME is time with time zone; LOCALTIME(p) rounds.
SELECT current_time = current_time, current_time::time = localtime, localtime(0)::text !~ '\.', current_time(1)::text ~ '^\d\d:\d\d:\d\d(\.\d)?[+-]\d\d';
SELECT pg_typeof(current_time(2)), pg_typeof(localtime(3)), length(current_time(0)::text) - length(regexp_replace(current_time(0)::text, '[0-9]', '', 'g')), length(localtime(0)::text);
SELECT '12:00+02'::timetz, '12:00+02'::timetz = '10:00+00'::timetz, '12:00+02'::timetz < '10:00+00'::timetz, '23:59:59.5-03:30'::timetz::time;
-- zones given as arguments: abbreviations first (CET is +01 all year), POSIX numbers (hours west), unknown names fail
SELECT '2024-07-01 12:00+00'::timestamptz AT TIME ZONE 'CET', '2024-07-01 12:00+00'::timestamptz AT TIME ZONE 'Europe/Paris', '2024-07-01 12:00+00'::timestamptz AT TIME ZONE 'pst';
SELECT '2024-07-01 12:00'::timestamp AT TIME ZONE '+05', '2024-07-01 12:00'::timestamp AT TIME ZONE '-03', '2024-07-01 12:00'::timestamp AT TIME ZONE 'UTC+3', '2024-07-01 12:00'::timestamp AT TIME ZONE '+05:30';
SELECT make_timestamptz(2024, 7, 1, 12, 0, 0, 'CET'), date_trunc('day', '2024-07-01 23:00+00'::timestamptz, 'PST'), timezone('JST', '2024-07-01 12:00+00'::timestamptz);
SELECT '2024-03-10 08:30:00+00'::timestamptz AT TIME ZONE 'UTD';
SELECT make_timestamptz(2024, 5, 6, 7, 8, 9, 'Asia/Tokyp');
SELECT date_trunc('day', now(), 'Mars/Base');
