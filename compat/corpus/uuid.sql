-- uuid: input forms, canonical output, ordering, gen_random_uuid, keys.
DROP TABLE IF EXISTS uu_links;
DROP TABLE IF EXISTS uu_sessions;

CREATE TABLE uu_sessions (id uuid PRIMARY KEY, user_name text, token uuid DEFAULT gen_random_uuid());
INSERT INTO uu_sessions (id, user_name) VALUES
  ('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 'ann'), ('A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A12', 'bob'),
  ('{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a13}', 'cy'), ('a0eebc999c0b4ef8bb6d6bb9bd380a14', 'dee');
SELECT id, user_name FROM uu_sessions ORDER BY id;
SELECT id FROM uu_sessions WHERE id = 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11';
SELECT count(*) FROM uu_sessions WHERE token IS NOT NULL;
SELECT count(DISTINCT token) FROM uu_sessions;
SELECT length(gen_random_uuid()::text), gen_random_uuid() <> gen_random_uuid();
SELECT substring(gen_random_uuid()::text, 15, 1), substring(gen_random_uuid()::text, 20, 1) IN ('8', '9', 'a', 'b');
SELECT pg_typeof(gen_random_uuid());
INSERT INTO uu_sessions (id, user_name) VALUES ('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 'dup');
INSERT INTO uu_sessions (id, user_name) VALUES ('not-a-uuid', 'bad');
INSERT INTO uu_sessions (id, user_name) VALUES ('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1', 'short');
INSERT INTO uu_sessions (user_name) VALUES ('nokey');
SELECT id::text, upper(id::text) FROM uu_sessions ORDER BY id DESC LIMIT 2;
SELECT id FROM uu_sessions WHERE id > 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a12' ORDER BY id;
SELECT 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid = 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'::uuid;
SELECT '00000000-0000-0000-0000-000000000000'::uuid, md5('x')::uuid;
SELECT id FROM uu_sessions WHERE id IN ('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a13', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a14') ORDER BY id;
UPDATE uu_sessions SET token = '11111111-2222-3333-4444-555555555555' WHERE user_name = 'ann' RETURNING token;
SELECT user_name FROM uu_sessions WHERE token = '11111111-2222-3333-4444-555555555555';
SELECT min(id::text), max(id::text) FROM uu_sessions;
SELECT id || '' FROM uu_sessions WHERE user_name = 'cy';
CREATE TABLE uu_links (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), session_id uuid REFERENCES uu_sessions(id));
INSERT INTO uu_links (session_id) VALUES ('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a12');
INSERT INTO uu_links (session_id) VALUES ('ffffffff-9c0b-4ef8-bb6d-6bb9bd380a12');
SELECT s.user_name FROM uu_links l JOIN uu_sessions s ON s.id = l.session_id;
SELECT count(*) FROM uu_links WHERE id IS NOT NULL;
SELECT id FROM uu_sessions ORDER BY id::text DESC LIMIT 1;
SELECT 'ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid > '00000000-0000-0000-0000-000000000001'::uuid;
SELECT array_agg(user_name ORDER BY id) FROM uu_sessions;
SELECT id = 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11' AS is_ann FROM uu_sessions ORDER BY id;
SELECT uuid 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a15', CAST('A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A15' AS uuid);
SELECT id FROM uu_sessions WHERE id = 'zz';
