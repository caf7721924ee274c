-- String functions: case, length, substring/position, split_part, replace, trim, pad, concat, format, etc.
DROP TABLE IF EXISTS txt_people;

CREATE TABLE txt_people (id int PRIMARY KEY, first text, last text, email varchar(100), code char(6), bio text);
INSERT INTO txt_people VALUES
  (1, 'john', 'SMITH', 'John.Smith@Example.com', 'ab12', '  loves hiking  '),
  (2, 'MARY', 'jane', 'mary@example.org', 'x', 'Writer; reader'),
  (3, 'élodie', 'Durand', NULL, NULL, ''),
  (4, 'o''neil', 'MacDonald', 'oneil@mail.ie', 'IE-001', NULL);
SELECT lower(first), upper(last) FROM txt_people ORDER BY id;
SELECT initcap(first || ' ' || last) FROM txt_people ORDER BY id;
SELECT initcap('hello wORLD-foo bar_baz 3am');
SELECT length(first), char_length(last), octet_length(first) FROM txt_people ORDER BY id;
SELECT substring(email FROM 1 FOR 4), substr(email, 6), substring(email, 2, 3) FROM txt_people ORDER BY id;
SELECT substring(email FROM '@(.*)$') FROM txt_people ORDER BY id;
SELECT position('@' IN email), strpos(email, '.') FROM txt_people ORDER BY id;
SELECT split_part(email, '@', 1), split_part(email, '@', 2), split_part(email, '@', 3), split_part('a,b,c', ',', -1) FROM txt_people ORDER BY id;
SELECT replace(email, 'example', 'sample') FROM txt_people ORDER BY id;
SELECT trim(bio), ltrim(bio), rtrim(bio), '[' || btrim('xxhixx', 'x') || ']' FROM txt_people ORDER BY id;
SELECT trim(BOTH '-' FROM '--a-b--'), trim(LEADING '0' FROM '000120'), trim(TRAILING FROM '  x  ') || '|', ltrim('xxyx', 'x');
SELECT lpad(code, 8, '*'), rpad(code, 8, '.'), lpad('hello', 3), rpad('', 2, 'ab') FROM txt_people ORDER BY id;
SELECT concat(first, ' ', last, NULL, '!'), concat_ws(', ', last, first, NULL, email) FROM txt_people ORDER BY id;
SELECT first || NULL, first || ' ' || last FROM txt_people ORDER BY id;
SELECT left(last, 3), right(last, 2), left(last, -2), right(last, -1) FROM txt_people ORDER BY id;
SELECT repeat('ab', 3), reverse('hello'), repeat('x', 0), repeat('x', -1);
SELECT format('Hello %s, you are %s', first, 30), format('%I.%L', 'my table', 'it''s'), format('%3$s %1$s', 'a', 'b', 'c') FROM txt_people WHERE id = 1;
SELECT format('%-5s|%5s|', 'ab', 'cd'), format('%%'), format('%s', NULL), format('%L', NULL), format('%I', 'simple');
SELECT code, length(code), code || '|', code = 'ab12  ', octet_length(code) FROM txt_people ORDER BY id;
SELECT md5('hello'), md5('');
SELECT ascii('A'), chr(65), chr(233), ascii('é');
SELECT translate('hello', 'el', 'ip'), overlay('Txxxxas' PLACING 'hom' FROM 2 FOR 4);
SELECT starts_with(email, 'mary'), email LIKE '%.com' FROM txt_people ORDER BY id;
SELECT string_agg(first, ', ' ORDER BY id) FROM txt_people;
SELECT string_agg(DISTINCT lower(last), ';' ORDER BY lower(last)) FROM txt_people;
SELECT quote_ident('Foo Bar'), quote_ident('foo'), quote_literal('O''Reilly'), quote_nullable(NULL), quote_literal(42);
SELECT to_hex(255), to_hex(-1), to_hex(4294967296);
SELECT lower(NULL), length(NULL::text), upper('straße'), lower('ÀÉÎ');
SELECT regexp_replace(email, '@.*', '@hidden') FROM txt_people ORDER BY id;
SELECT 'abc' < 'abd', 'Z' < 'a', 'apple' > 'Apple', 'a' < 'ab', '' < 'a';
SELECT first FROM txt_people ORDER BY first;
SELECT last FROM txt_people ORDER BY lower(last) DESC;
SELECT string_to_array('a,b,,c', ','), array_to_string(ARRAY['x', NULL, 'z'], '-', '?'), string_to_array('a b', NULL);
SELECT length('héllo'), octet_length('héllo'), bit_length('abc'), char_length('日本語');
SELECT substring('hello', 0, 3), substring('hello', -1, 3), substring('hello' FROM 10), substring('hello' FROM 2);
SELECT substr('hello', 2, -1);
SELECT repeat('-', 3) || 'x' || repeat('-', 3) AS banner;
SELECT split_part('a.b.c', '.', 0);
SELECT lpad('abc', 6, ''), rpad('ab', -1), lpad('日本', 4, '*');
SELECT concat(1, 2.5, true, NULL, DATE '2024-01-02'), concat_ws('-', 2024, 1, 2);
SELECT email ILIKE '%EXAMPLE%' FROM txt_people ORDER BY id;
SELECT sum(length(bio)) FROM txt_people;
SELECT upper(first) FROM txt_people WHERE lower(email) = 'john.smith@example.com';
SELECT 'multi' || E'\n' || 'line', E'tab\there', E'quote\'s', 'back\slash', E'\\';
SELECT length(E'a\nb'), position(E'\n' IN E'a\nb');
SELECT 'a' || 1 || 'b', 1 || '2', 'x' || NULL::int;
SELECT replace('aaa', 'a', 'bb'), replace('abc', '', 'x'), replace(NULL, 'a', 'b');
SELECT split_part('2024-01-15', '-', 2)::int + 1;
SELECT encode(sha256('abc'), 'hex'), encode('hello'::bytea, 'base64');
SELECT left('abc', 10), right('abc', 0), substr('abc', 2);
SELECT array_length(string_to_array('one two three', ' '), 1), (string_to_array('k=v', '='))[2];
SELECT regexp_split_to_array('a1b2c3', '[0-9]'), upper(substring('hello world' FROM 7));
SELECT first, length(first) AS len FROM txt_people ORDER BY len DESC, first;
SELECT initcap(lower('McDONALD''S')), upper(NULL) IS NULL;
SELECT 'abc' || 'def' = 'abcdef', 'ABC' = 'abc', lower('ABC') = 'abc';
SELECT btrim('  both  '), rtrim('xxhixx', 'x'), trim('  x  ') = 'x';
SELECT format('%s-%s', 1), 'not reached';
SELECT substring('abc' FROM 'x(.)'), substring('foobar' FROM 'o(b.)'), substring('Thomas' SIMILAR '%#"o_a#"_' ESCAPE '#');
