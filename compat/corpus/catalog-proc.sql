-- pg_proc, pg_operator, pg_aggregate and pg_language: PG 15's built-in rows as tools read them (drivers' type
-- loaders, DBeaver's and pgjdbc's function lists, psql's \df/\do/\da), and the regproc/regprocedure/regoper/
-- regoperator types over them. Tools' queries are their exact text except: ties in ORDER BY broken by the OID
-- (the compared order must be total) and listings restricted to built-in objects (oid < 16384: the Lumos side
-- shares one server with the other corpus files).
SELECT count(*) FROM pg_proc;
SELECT count(*) FROM pg_operator;
SELECT count(*) FROM pg_aggregate;
SELECT proname, pronargs, prorettype::regtype FROM pg_proc WHERE proname = 'lower' ORDER BY prorettype, proargtypes[0];
SELECT oid, proname, pronargs, pronargdefaults, proargtypes, prorettype::regtype, prokind, provolatile, proparallel, proisstrict, proretset FROM pg_proc WHERE proname IN ('now', 'array_in', 'generate_series', 'count', 'jsonb_set', 'pg_get_keywords') ORDER BY oid;
-- every column of every row
SELECT * FROM pg_catalog.pg_proc ORDER BY oid;
SELECT * FROM pg_catalog.pg_operator ORDER BY oid;
SELECT * FROM pg_catalog.pg_aggregate ORDER BY aggfnoid::oid;
SELECT * FROM pg_catalog.pg_language ORDER BY oid;
-- regproc columns print names, compare as OIDs, and are OIDs once cast
SELECT typname, typinput, typoutput, typreceive, typsend, typmodin, typsubscript, typanalyze FROM pg_type WHERE oid IN (16, 23, 1007, 1043, 3904) ORDER BY oid;
SELECT typname, typinput::oid, typreceive::oid, typsubscript::oid FROM pg_type WHERE oid IN (23, 1007) ORDER BY oid;
SELECT aggfnoid, aggtransfn, aggfinalfn, aggcombinefn, aggtranstype::regtype, agginitval FROM pg_aggregate WHERE aggfnoid::oid IN (2100, 2147, 2803, 2108) ORDER BY aggfnoid::oid;
SELECT o.oprname, o.oprcode, o.oprleft::regtype, o.oprright::regtype, o.oprresult::regtype, o.oprcom::regoperator, o.oprnegate::regoperator FROM pg_operator o WHERE o.oid IN (15, 96, 98, 531, 2779, 3284) ORDER BY o.oid;
SELECT p.proname, t.typname FROM pg_type t JOIN pg_proc p ON p.oid = t.typinput WHERE t.oid IN (16, 25, 1007) ORDER BY t.oid;
SELECT count(*) FROM pg_type t JOIN pg_proc p ON p.oid = t.typreceive WHERE p.proname = 'array_recv' AND t.oid < 16384;
SELECT p.proname, l.lanname FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang WHERE p.proname IN ('now', 'ts_debug', 'plpgsql_call_handler', 'pg_stat_get_activity') ORDER BY p.oid;
-- reg literals and casts
SELECT 'pg_catalog.array_in'::regproc, 'array_in'::regproc::oid, 'now'::regproc, '"now"'::regproc, 'pg_catalog.now'::regproc::oid;
SELECT 'lower(text)'::regprocedure, 'lower(text)'::regprocedure::oid, 'pg_catalog.lower(anyrange)'::regprocedure, 'generate_series(integer, integer)'::regprocedure, 'now()'::regprocedure;
SELECT 'count("any")'::regprocedure::oid, 'count()'::regprocedure::oid, 'substr(text,int4,int4)'::regprocedure, 'varchar(character varying, integer, boolean)'::regprocedure::oid;
SELECT '||(text,text)'::regoperator, '||(text,text)'::regoperator::oid, '-(NONE,integer)'::regoperator, '=(integer,bigint)'::regoperator::oid;
SELECT '^@'::regoper, '*<>'::regoper::oid, 'pg_catalog.?'::regoper::oid;
SELECT 870::regproc, 870::regprocedure, 2147::regproc, 2147::regprocedure, 0::regproc, 0::regprocedure, 0::regoper, 0::regoperator, 98::regoper, 98::regoperator;
SELECT '-'::regproc::oid, '870'::regproc, '4294967295'::regproc;
SELECT 'information_schema._pg_expandarray'::regproc, 'information_schema._pg_expandarray'::regproc::regprocedure;
SELECT to_regproc('now'), to_regproc('lower'), to_regproc('no_such_fn'), to_regprocedure('lower(text)'), to_regprocedure('lower(integer)'), to_regoper('||'), to_regoper('!~~'), to_regoperator('||(text,text)');
SELECT 'nosuch'::regproc;
SELECT 'lower'::regproc;
SELECT 'lower(int)'::regprocedure;
SELECT 'lower(nosuchtype)'::regprocedure;
SELECT '||'::regoper;
SELECT '|||'::regoper;
SELECT '||(text,integer)'::regoperator;
SELECT proname FROM pg_proc WHERE oid = 'upper(text)'::regprocedure;
SELECT oid::regprocedure FROM pg_proc WHERE proname IN ('lower', 'upper', 'substr', 'to_char') ORDER BY oid;
SELECT p.oid, p.oid::regproc::text, p.oid::regprocedure::text FROM pg_proc p ORDER BY p.oid;
SELECT o.oid, o.oid::regoper::text, o.oid::regoperator::text FROM pg_operator o ORDER BY o.oid;
-- pg_get_function_* and descriptions
SELECT oid, pg_get_function_arguments(oid), pg_get_function_identity_arguments(oid), pg_get_function_result(oid) FROM pg_proc ORDER BY oid;
SELECT pg_get_function_sqlbody('ts_debug(regconfig,text)'::regprocedure) IS NOT NULL, pg_get_function_sqlbody('lower(text)'::regprocedure);
SELECT obj_description('lower(text)'::regprocedure, 'pg_proc'), obj_description(98, 'pg_operator'), obj_description(403, 'pg_am'), obj_description(14, 'pg_language');
SELECT d.classoid::regclass, count(*) FROM pg_description d WHERE d.classoid IN ('pg_proc'::regclass, 'pg_operator'::regclass, 'pg_am'::regclass, 'pg_language'::regclass) GROUP BY 1 ORDER BY 1;
SELECT p.proname, d.description FROM pg_proc p JOIN pg_description d ON d.objoid = p.oid AND d.classoid = 'pg_proc'::regclass WHERE p.proname IN ('now', 'upper', 'abs') ORDER BY p.oid;
-- Npgsql 8's type loader (DatabaseInfo): pg_proc tells arrays (typreceive array_recv) from other base types
SELECT ns.nspname, t.oid, t.typname, t.typtype, t.typnotnull, t.elemtypoid
FROM (
    -- Arrays have typtype=b - this subquery identifies them by their typreceive and converts their typtype to a
    -- We first do this for the type (innerest-most subquery), and then for its element type
    -- This also returns the array element, range subtype and domain base type as elemtypoid
    SELECT
        typ.oid, typ.typnamespace, typ.typname, typ.typtype, typ.typrelid, typ.typnotnull, typ.relkind,
        elemtyp.oid AS elemtypoid, elemtyp.typname AS elemtypname, elemcls.relkind AS elemrelkind,
        CASE WHEN elemproc.proname='array_recv' THEN 'a' ELSE elemtyp.typtype END AS elemtyptype
    FROM (
        SELECT typ.oid, typnamespace, typname, typrelid, typnotnull, relkind, typelem AS elemoid,
            CASE WHEN proc.proname='array_recv' THEN 'a' ELSE typ.typtype END AS typtype,
            CASE
                WHEN proc.proname='array_recv' THEN typ.typelem
                WHEN typ.typtype='r' THEN rngsubtype
                WHEN typ.typtype='m' THEN (SELECT rngtypid FROM pg_range WHERE rngmultitypid = typ.oid)
                WHEN typ.typtype='d' THEN typ.typbasetype
            END AS elemtypoid
        FROM pg_type AS typ
        LEFT JOIN pg_class AS cls ON (cls.oid = typ.typrelid)
        LEFT JOIN pg_proc AS proc ON proc.oid = typ.typreceive
        LEFT JOIN pg_range ON (pg_range.rngtypid = typ.oid)
    ) AS typ
    LEFT JOIN pg_type AS elemtyp ON elemtyp.oid = elemoid
    LEFT JOIN pg_class AS elemcls ON (elemcls.oid = elemtyp.typrelid)
    LEFT JOIN pg_proc AS elemproc ON elemproc.oid = elemtyp.typreceive
) AS t
JOIN pg_namespace AS ns ON (ns.oid = typnamespace)
WHERE
    t.oid < 16384 AND (
    typtype IN ('b', 'r', 'm', 'e', 'd') OR -- Base, range, multirange, enum, domain
    (typtype = 'c' AND relkind='c') OR -- User-defined free-standing composites (not table composites) by default
    (typtype = 'p' AND typname IN ('record', 'void', 'unknown')) OR -- Some special supported pseudo-types
    (typtype = 'a' AND (  -- Array of...
        elemtyptype IN ('b', 'r', 'm', 'e', 'd') OR -- Array of base, range, multirange, enum, domain
        (elemtyptype = 'p' AND elemtypname IN ('record', 'void')) OR -- Arrays of special supported pseudo-types
        (elemtyptype = 'c' AND elemrelkind='c') -- Array of user-defined free-standing composites (not table composites) by default
    )))
ORDER BY CASE
       WHEN typtype IN ('b', 'e', 'p') THEN 0           -- First base types, enums, pseudo-types
       WHEN typtype = 'r' THEN 1                        -- Ranges after
       WHEN typtype = 'm' THEN 2                        -- Multiranges after
       WHEN typtype = 'c' THEN 3                        -- Composites after
       WHEN typtype = 'd' AND elemtyptype <> 'a' THEN 4 -- Domains over non-arrays after
       WHEN typtype = 'a' THEN 5                        -- Arrays after
       WHEN typtype = 'd' AND elemtyptype = 'a' THEN 6  -- Domains over arrays last
END, t.oid;
-- DBeaver's function list of a schema (PostgreSchema's procedure cache, schema pg_catalog)
SELECT p.oid,p.*,d.description
FROM pg_catalog.pg_proc p
LEFT OUTER JOIN pg_catalog.pg_description d ON d.objoid=p.oid AND d.objsubid=0 AND d.classoid='pg_proc'::regclass
WHERE p.pronamespace=11
ORDER BY p.proname, p.oid;
-- pgjdbc's getFunctions / getProcedures for pg_catalog (FUNCTION_CAT is current_database(), whose name differs
-- between the two sides here)
SELECT NULL AS FUNCTION_CAT, n.nspname AS FUNCTION_SCHEM, p.proname AS FUNCTION_NAME,  d.description AS REMARKS,  CASE    WHEN (format_type(p.prorettype, null) = 'unknown') THEN 0   WHEN      (substring(pg_get_function_result(p.oid) from 0 for 6) = 'TABLE') OR      (substring(pg_get_function_result(p.oid) from 0 for 6) = 'SETOF') THEN 2   ELSE 1 END  AS FUNCTION_TYPE,  p.proname || '_' || p.oid AS SPECIFIC_NAME FROM pg_catalog.pg_proc p INNER JOIN pg_catalog.pg_namespace n ON p.pronamespace=n.oid LEFT JOIN pg_catalog.pg_description d ON p.oid=d.objoid WHERE true   AND p.prokind='f' AND n.nspname LIKE 'pg_catalog' AND p.proname LIKE 'to\_%' ORDER BY FUNCTION_SCHEM, FUNCTION_NAME, p.oid::text;
SELECT NULL AS PROCEDURE_CAT, n.nspname AS PROCEDURE_SCHEM, p.proname AS PROCEDURE_NAME, NULL, NULL, NULL, d.description AS REMARKS, 2 AS PROCEDURE_TYPE,  p.proname || '_' || p.oid AS SPECIFIC_NAME  FROM pg_catalog.pg_namespace n, pg_catalog.pg_proc p  LEFT JOIN pg_catalog.pg_description d ON (p.oid=d.objoid)  LEFT JOIN pg_catalog.pg_class c ON (d.classoid=c.oid AND c.relname='pg_proc')  LEFT JOIN pg_catalog.pg_namespace pn ON (c.relnamespace=pn.oid AND pn.nspname='pg_catalog')  WHERE p.pronamespace=n.oid  AND p.prokind='p' AND n.nspname LIKE 'pg_catalog' AND p.proname LIKE '%' ORDER BY PROCEDURE_SCHEM, PROCEDURE_NAME, p.oid::text;
-- psql \df now, \df pg_catalog.array_in, \df+ pg_catalog.lower, \do pg_catalog.||, \daS count
SELECT n.nspname as "Schema",
  p.proname as "Name",
  pg_catalog.pg_get_function_result(p.oid) as "Result data type",
  pg_catalog.pg_get_function_arguments(p.oid) as "Argument data types",
 CASE p.prokind
  WHEN 'a' THEN 'agg'
  WHEN 'w' THEN 'window'
  WHEN 'p' THEN 'proc'
  ELSE 'func'
 END as "Type"
FROM pg_catalog.pg_proc p
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
WHERE p.proname OPERATOR(pg_catalog.~) '^(now)$' COLLATE pg_catalog.default
  AND pg_catalog.pg_function_is_visible(p.oid)
ORDER BY 1, 2, 4;
SELECT n.nspname as "Schema",
  p.proname as "Name",
  pg_catalog.pg_get_function_result(p.oid) as "Result data type",
  pg_catalog.pg_get_function_arguments(p.oid) as "Argument data types",
 CASE p.prokind
  WHEN 'a' THEN 'agg'
  WHEN 'w' THEN 'window'
  WHEN 'p' THEN 'proc'
  ELSE 'func'
 END as "Type",
 CASE
  WHEN p.provolatile = 'i' THEN 'immutable'
  WHEN p.provolatile = 's' THEN 'stable'
  WHEN p.provolatile = 'v' THEN 'volatile'
 END as "Volatility",
 CASE
  WHEN p.proparallel = 'r' THEN 'restricted'
  WHEN p.proparallel = 's' THEN 'safe'
  WHEN p.proparallel = 'u' THEN 'unsafe'
 END as "Parallel",
 pg_catalog.pg_get_userbyid(p.proowner) as "Owner",
 CASE WHEN prosecdef THEN 'definer' ELSE 'invoker' END AS "Security",
 pg_catalog.array_to_string(p.proacl, E'\n') AS "Access privileges",
 l.lanname as "Language",
 COALESCE(pg_catalog.pg_get_function_sqlbody(p.oid), p.prosrc) as "Source code",
 pg_catalog.obj_description(p.oid, 'pg_proc') as "Description"
FROM pg_catalog.pg_proc p
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
     LEFT JOIN pg_catalog.pg_language l ON l.oid = p.prolang
WHERE p.proname OPERATOR(pg_catalog.~) '^(lower)$' COLLATE pg_catalog.default
  AND n.nspname OPERATOR(pg_catalog.~) '^(pg_catalog)$' COLLATE pg_catalog.default
ORDER BY 1, 2, 4;
SELECT n.nspname as "Schema",
  o.oprname AS "Name",
  CASE WHEN o.oprkind='l' THEN NULL ELSE pg_catalog.format_type(o.oprleft, NULL) END AS "Left arg type",
  CASE WHEN o.oprkind='r' THEN NULL ELSE pg_catalog.format_type(o.oprright, NULL) END AS "Right arg type",
  pg_catalog.format_type(o.oprresult, NULL) AS "Result type",
  coalesce(pg_catalog.obj_description(o.oid, 'pg_operator'),
           pg_catalog.obj_description(o.oprcode, 'pg_proc')) AS "Description"
FROM pg_catalog.pg_operator o
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace
WHERE o.oprname OPERATOR(pg_catalog.~) E'^(\\|\\|)$' COLLATE pg_catalog.default
  AND n.nspname OPERATOR(pg_catalog.~) '^(pg_catalog)$' COLLATE pg_catalog.default
ORDER BY 1, 2, 3, 4;
SELECT n.nspname as "Schema",
  p.proname AS "Name",
  pg_catalog.format_type(p.prorettype, NULL) AS "Result data type",
  CASE WHEN p.pronargs = 0
    THEN CAST('*' AS pg_catalog.text)
    ELSE pg_catalog.pg_get_function_arguments(p.oid)
  END AS "Argument data types",
  pg_catalog.obj_description(p.oid, 'pg_proc') as "Description"
FROM pg_catalog.pg_proc p
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
WHERE p.prokind = 'a'
  AND p.proname OPERATOR(pg_catalog.~) '^(count)$' COLLATE pg_catalog.default
  AND pg_catalog.pg_function_is_visible(p.oid)
ORDER BY 1, 2, 4;
-- binary-coercible casts between the reg types and oid
SELECT 'now'::regproc = 1299::oid, 'now'::regproc::regprocedure, 'lower(text)'::regprocedure::regproc, '||(text,text)'::regoperator::regoper;
-- pg_get_functiondef (psql's \sf, DBeaver's source tab)
SELECT p.oid, pg_get_functiondef(p.oid) FROM pg_proc p WHERE p.prokind <> 'a' ORDER BY p.oid;
SELECT pg_get_functiondef('count()'::regprocedure);
SELECT 'now'::regproc::regclass;
SELECT 'lower(text)'::regprocedure::regoper;
-- built-in types' descriptions (psql \dT pg_catalog.int4)
SELECT t.typname, obj_description(t.oid, 'pg_type') FROM pg_type t WHERE t.oid IN (16, 23, 25, 1184, 3802) ORDER BY t.oid;
SELECT '4294967296'::regclass;
SELECT '4294967296'::regproc;
