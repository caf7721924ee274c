-- LIKE (case-sensitive) / ILIKE / ESCAPE, SIMILAR TO, POSIX regex operators and functions.
DROP TABLE IF EXISTS lr_files;

CREATE TABLE lr_files (id int PRIMARY KEY, name text, path text);
INSERT INTO lr_files VALUES
  (1, 'Report.PDF', '/docs/2024/report.pdf'), (2, 'notes.txt', '/home/ann/notes.txt'), (3, 'photo_01.jpg', '/pics/photo_01.jpg'),
  (4, 'photo-02.JPG', '/pics/photo-02.JPG'), (5, '100%.txt', '/tmp/100%.txt'), (6, 'a_b.txt', '/tmp/a_b.txt'), (7, 'README', NULL);
SELECT id FROM lr_files WHERE name LIKE '%.txt' ORDER BY id;
SELECT id FROM lr_files WHERE name LIKE 'photo%' ORDER BY id;
SELECT id FROM lr_files WHERE name LIKE 'report%' ORDER BY id;
SELECT id FROM lr_files WHERE name ILIKE 'report%' ORDER BY id;
SELECT id FROM lr_files WHERE name LIKE 'photo_0_.%' ORDER BY id;
SELECT id FROM lr_files WHERE name LIKE '%\%%' ORDER BY id;
SELECT id FROM lr_files WHERE name LIKE '%\_%' ORDER BY id;
SELECT id FROM lr_files WHERE name LIKE '%!_%' ESCAPE '!' ORDER BY id;
SELECT id FROM lr_files WHERE name LIKE '%_%' ESCAPE '' ORDER BY id;
SELECT id FROM lr_files WHERE name NOT LIKE '%.%' ORDER BY id;
SELECT id FROM lr_files WHERE name NOT ILIKE '%.jpg' ORDER BY id;
SELECT id FROM lr_files WHERE path LIKE '/pics/%' OR path IS NULL ORDER BY id;
SELECT id FROM lr_files WHERE name ~~ 'n%' ORDER BY id;
SELECT id FROM lr_files WHERE name ~~* 'N%' ORDER BY id;
SELECT id FROM lr_files WHERE name !~~ '%t' ORDER BY id;
SELECT 'abc' LIKE 'abc', 'abc' LIKE 'a', 'abc' LIKE '_b_', 'ABC' LIKE 'abc', 'ABC' ILIKE 'abc', NULL LIKE 'a';
SELECT 'a%c' LIKE 'a\%c', 'abc' LIKE 'a\%c', 'ÉCOLE' ILIKE 'école', 'straße' ILIKE 'STRASSE';
SELECT id FROM lr_files WHERE name ~ '^[a-z]+\.txt$' ORDER BY id;
SELECT id FROM lr_files WHERE name ~* '\.jpe?g$' ORDER BY id;
SELECT id FROM lr_files WHERE name !~ '[0-9]' ORDER BY id;
SELECT id FROM lr_files WHERE name !~* 'PHOTO' ORDER BY id;
SELECT id FROM lr_files WHERE path ~ '/\d{4}/' ORDER BY id;
SELECT id FROM lr_files WHERE name SIMILAR TO '%(pdf|PDF|txt)' ORDER BY id;
SELECT id FROM lr_files WHERE name SIMILAR TO 'photo[_-]0[0-9].%' ORDER BY id;
SELECT id FROM lr_files WHERE name NOT SIMILAR TO '%.(txt|jpg)' ORDER BY id;
SELECT 'abc' SIMILAR TO 'abc', 'abc' SIMILAR TO 'a', 'abc' SIMILAR TO '(a|b)%', 'aaa' SIMILAR TO 'a{3}';
SELECT regexp_replace(name, '[0-9]+', '#', 'g') FROM lr_files ORDER BY id;
SELECT regexp_replace('aaa', 'a', 'b'), regexp_replace('Hello World', '(\w+) (\w+)', '\2 \1'), regexp_replace('ABC', 'b', 'x', 'i');
SELECT regexp_match(path, '/(\d+)/') FROM lr_files ORDER BY id;
SELECT regexp_matches('a1b22c333', '\d+', 'g');
SELECT (regexp_match(name, '^([^.]+)\.(\w+)$'))[2] AS ext FROM lr_files ORDER BY id;
SELECT regexp_split_to_array('a, b,c', ',\s*'), array_length(regexp_split_to_array('one two  three', '\s+'), 1);
SELECT regexp_split_to_table('x-y-z', '-');
SELECT substring(path FROM '[^/]+$') FROM lr_files ORDER BY id;
SELECT name FROM lr_files WHERE name ~ '(';
SELECT count(*) FROM lr_files WHERE name LIKE ANY (ARRAY['%.txt', '%.pdf']);
SELECT count(*) FROM lr_files WHERE name ILIKE ALL (ARRAY['%o%', '%t%']);
SELECT 'foo.bar' LIKE 'foo_bar', 'foo.bar' ~ 'foo.bar', 'fooxbar' ~ 'foo\.bar';
SELECT regexp_count('banana', 'an'), regexp_instr('banana', 'n'), regexp_like('Banana', '^b', 'i'), regexp_substr('abc123def', '\d+');
SELECT 'line1
line2' ~ '^line2$', 'ab' ~ 'A', 'ab' ~* 'A';
SELECT id, name ~ '^\w+\.\w+$' AS simple_name FROM lr_files ORDER BY id;
SELECT id FROM lr_files WHERE lower(name) LIKE '%photo%' AND name NOT LIKE '%-%' ORDER BY id;
SELECT name FROM lr_files WHERE name LIKE 'R%' ORDER BY name;
SELECT name FROM lr_files WHERE name >= 'a' AND name LIKE '%.txt' ORDER BY name;
SELECT id FROM lr_files WHERE path LIKE '%' || 'pics' || '%' ORDER BY id;
SELECT 'abc' ~ 'a.c', 'a
c' ~ 'a.c', 'ABC' ~ '(?i)abc', 'x' ~ '';
SELECT regexp_replace('2024-01-15', '(\d+)-(\d+)-(\d+)', '\3/\2/\1'), regexp_replace('a.b.c', '\.', '', 'g');
SELECT 'abc' LIKE 'ab';
SELECT id FROM lr_files WHERE name LIKE '%.TXT' ORDER BY id;
SELECT id FROM lr_files WHERE name ILIKE '%.TXT' ORDER BY id;
SELECT regexp_replace('abc abc', 'b', 'X', 1, 2), regexp_instr('banana', 'a', 1, 2), regexp_substr('abc123def456', '\d+', 1, 2), regexp_count('aXbxc', 'x', 1, 'i');
-- Set-returning regex functions, in the select list and in FROM.
SELECT regexp_matches('a1b22c333', '([a-z])(\d+)', 'g');
SELECT regexp_matches('a1b22c333', '[a-z](\d+)');
SELECT regexp_matches('abc', 'x*', 'g');
SELECT m[1] AS letter, m[2] AS digits FROM regexp_matches('a1b22c333', '([a-z])(\d+)', 'g') AS m ORDER BY 1;
SELECT id, regexp_matches(path, '/([a-z]+)/', 'g') FROM lr_files WHERE id <= 3 ORDER BY id;
SELECT id, regexp_split_to_table(path, '/') AS part FROM lr_files WHERE id IN (1, 2) ORDER BY id, part;
SELECT part, ord FROM regexp_split_to_table('one, two,three', ',\s*') WITH ORDINALITY AS t(part, ord) ORDER BY ord;
SELECT regexp_split_to_table('x-y', '-', 'g');
SELECT regexp_matches('abc', 'b', 'z');
SELECT count(*) FROM lr_files, regexp_matches(name, '\.(txt|pdf)$', 'i') AS m;
-- \x needs hex digits in PG's regular expressions
SELECT 'a.x' ~ '^([^.]+)\.(\x+)$';
SELECT regexp_match('aAb', '\x41'), 'ab' ~ '\x';
SELECT 'ax' ~ '^([^.]+)\.(\y+)$';
SELECT 'ab' ~ 'b\y{1}', 'ab' ~ '\mab\M';
