/**
 * OIDs of the PostgreSQL 15 functions regproc values name in Lumos's catalogs (the I/O functions of pg_type),
 * `name:oid` pairs generated from a real PG 15. Lumos stores regproc as the function name (it has no pg_proc
 * OIDs); the binary format of regproc is the OID, so results requested in binary look it up here.
 */
const PAIRS: string = (
  'aclitemin:1031 aclitemout:1032 any_in:2294 any_out:2295 anyarray_in:2296 anyarray_out:2297 ' +
  'anyarray_recv:2502 anyarray_send:2503 anycompatible_in:5086 anycompatible_out:5087 ' +
  'anycompatiblearray_in:5088 anycompatiblearray_out:5089 anycompatiblearray_recv:5090 ' +
  'anycompatiblearray_send:5091 anycompatiblemultirange_in:4226 anycompatiblemultirange_out:4227 ' +
  'anycompatiblenonarray_in:5092 anycompatiblenonarray_out:5093 anycompatiblerange_in:5094 ' +
  'anycompatiblerange_out:5095 anyelement_in:2312 anyelement_out:2313 anyenum_in:3504 anyenum_out:3505 ' +
  'anymultirange_in:4229 anymultirange_out:4230 anynonarray_in:2777 anynonarray_out:2778 anyrange_in:3832 ' +
  'anyrange_out:3833 array_in:750 array_out:751 array_recv:2400 array_send:2401 array_subscript_handler:6179 ' +
  'array_typanalyze:3816 bit_in:1564 bit_out:1565 bit_recv:2456 bit_send:2457 bittypmodin:2919 ' +
  'bittypmodout:2920 boolin:1242 boolout:1243 boolrecv:2436 boolsend:2437 box_in:123 box_out:124 ' +
  'box_recv:2484 box_send:2485 bpcharin:1044 bpcharout:1045 bpcharrecv:2430 bpcharsend:2431 ' +
  'bpchartypmodin:2913 bpchartypmodout:2914 brin_bloom_summary_in:4596 brin_bloom_summary_out:4597 ' +
  'brin_bloom_summary_recv:4598 brin_bloom_summary_send:4599 brin_minmax_multi_summary_in:4638 ' +
  'brin_minmax_multi_summary_out:4639 brin_minmax_multi_summary_recv:4640 brin_minmax_multi_summary_send:4641 ' +
  'byteain:1244 byteaout:31 bytearecv:2412 byteasend:2413 cash_in:886 cash_out:887 cash_recv:2492 ' +
  'cash_send:2493 charin:1245 charout:33 charrecv:2434 charsend:2435 cidin:52 cidout:53 cidr_in:1267 ' +
  'cidr_out:1427 cidr_recv:2498 cidr_send:2499 cidrecv:2442 cidsend:2443 circle_in:1450 circle_out:1451 ' +
  'circle_recv:2490 circle_send:2491 cstring_in:2292 cstring_out:2293 cstring_recv:2500 cstring_send:2501 ' +
  'date_in:1084 date_out:1085 date_recv:2468 date_send:2469 event_trigger_in:3594 event_trigger_out:3595 ' +
  'fdw_handler_in:3116 fdw_handler_out:3117 float4in:200 float4out:201 float4recv:2424 float4send:2425 ' +
  'float8in:214 float8out:215 float8recv:2426 float8send:2427 gtsvectorin:3646 gtsvectorout:3647 ' +
  'index_am_handler_in:326 index_am_handler_out:327 inet_in:910 inet_out:911 inet_recv:2496 inet_send:2497 ' +
  'int2in:38 int2out:39 int2recv:2404 int2send:2405 int2vectorin:40 int2vectorout:41 int2vectorrecv:2410 ' +
  'int2vectorsend:2411 int4in:42 int4out:43 int4recv:2406 int4send:2407 int8in:460 int8out:461 int8recv:2408 ' +
  'int8send:2409 internal_in:2304 internal_out:2305 interval_in:1160 interval_out:1161 interval_recv:2478 ' +
  'interval_send:2479 intervaltypmodin:2903 intervaltypmodout:2904 json_in:321 json_out:322 json_recv:323 ' +
  'json_send:324 jsonb_in:3806 jsonb_out:3804 jsonb_recv:3805 jsonb_send:3803 jsonb_subscript_handler:6098 ' +
  'jsonpath_in:4001 jsonpath_out:4003 jsonpath_recv:4002 jsonpath_send:4004 language_handler_in:2302 ' +
  'language_handler_out:2303 line_in:1490 line_out:1491 line_recv:2488 line_send:2489 lseg_in:119 ' +
  'lseg_out:120 lseg_recv:2480 lseg_send:2481 macaddr8_in:4110 macaddr8_out:4111 macaddr8_recv:3446 ' +
  'macaddr8_send:3447 macaddr_in:436 macaddr_out:437 macaddr_recv:2494 macaddr_send:2495 multirange_in:4231 ' +
  'multirange_out:4232 multirange_recv:4233 multirange_send:4234 multirange_typanalyze:4242 namein:34 ' +
  'nameout:35 namerecv:2422 namesend:2423 numeric_in:1701 numeric_out:1702 numeric_recv:2460 ' +
  'numeric_send:2461 numerictypmodin:2917 numerictypmodout:2918 oidin:1798 oidout:1799 oidrecv:2418 ' +
  'oidsend:2419 oidvectorin:54 oidvectorout:55 oidvectorrecv:2420 oidvectorsend:2421 path_in:121 path_out:122 ' +
  'path_recv:2482 path_send:2483 pg_ddl_command_in:86 pg_ddl_command_out:87 pg_ddl_command_recv:88 ' +
  'pg_ddl_command_send:90 pg_dependencies_in:3404 pg_dependencies_out:3405 pg_dependencies_recv:3406 ' +
  'pg_dependencies_send:3407 pg_lsn_in:3229 pg_lsn_out:3230 pg_lsn_recv:3238 pg_lsn_send:3239 ' +
  'pg_mcv_list_in:5018 pg_mcv_list_out:5019 pg_mcv_list_recv:5020 pg_mcv_list_send:5021 pg_ndistinct_in:3355 ' +
  'pg_ndistinct_out:3356 pg_ndistinct_recv:3357 pg_ndistinct_send:3358 pg_node_tree_in:195 ' +
  'pg_node_tree_out:196 pg_node_tree_recv:197 pg_node_tree_send:198 pg_snapshot_in:5055 pg_snapshot_out:5056 ' +
  'pg_snapshot_recv:5057 pg_snapshot_send:5058 point_in:117 point_out:118 point_recv:2428 point_send:2429 ' +
  'poly_in:347 poly_out:348 poly_recv:2486 poly_send:2487 range_in:3834 range_out:3835 range_recv:3836 ' +
  'range_send:3837 range_typanalyze:3916 raw_array_subscript_handler:6180 record_in:2290 record_out:2291 ' +
  'record_recv:2402 record_send:2403 regclassin:2218 regclassout:2219 regclassrecv:2452 regclasssend:2453 ' +
  'regcollationin:4193 regcollationout:4194 regcollationrecv:4196 regcollationsend:4197 regconfigin:3736 ' +
  'regconfigout:3737 regconfigrecv:3738 regconfigsend:3739 regdictionaryin:3771 regdictionaryout:3772 ' +
  'regdictionaryrecv:3773 regdictionarysend:3774 regnamespacein:4084 regnamespaceout:4085 ' +
  'regnamespacerecv:4087 regnamespacesend:4088 regoperatorin:2216 regoperatorout:2217 regoperatorrecv:2450 ' +
  'regoperatorsend:2451 regoperin:2214 regoperout:2215 regoperrecv:2448 regopersend:2449 regprocedurein:2212 ' +
  'regprocedureout:2213 regprocedurerecv:2446 regproceduresend:2447 regprocin:44 regprocout:45 ' +
  'regprocrecv:2444 regprocsend:2445 regrolein:4098 regroleout:4092 regrolerecv:4094 regrolesend:4095 ' +
  'regtypein:2220 regtypeout:2221 regtyperecv:2454 regtypesend:2455 table_am_handler_in:267 ' +
  'table_am_handler_out:268 textin:46 textout:47 textrecv:2414 textsend:2415 tidin:48 tidout:49 tidrecv:2438 ' +
  'tidsend:2439 time_in:1143 time_out:1144 time_recv:2470 time_send:2471 timestamp_in:1312 timestamp_out:1313 ' +
  'timestamp_recv:2474 timestamp_send:2475 timestamptypmodin:2905 timestamptypmodout:2906 timestamptz_in:1150 ' +
  'timestamptz_out:1151 timestamptz_recv:2476 timestamptz_send:2477 timestamptztypmodin:2907 ' +
  'timestamptztypmodout:2908 timetypmodin:2909 timetypmodout:2910 timetz_in:1350 timetz_out:1351 ' +
  'timetz_recv:2472 timetz_send:2473 timetztypmodin:2911 timetztypmodout:2912 trigger_in:2300 ' +
  'trigger_out:2301 ts_typanalyze:3688 tsm_handler_in:3311 tsm_handler_out:3312 tsqueryin:3612 ' +
  'tsqueryout:3613 tsqueryrecv:3641 tsquerysend:3640 tsvectorin:3610 tsvectorout:3611 tsvectorrecv:3639 ' +
  'tsvectorsend:3638 txid_snapshot_in:2939 txid_snapshot_out:2940 txid_snapshot_recv:2941 ' +
  'txid_snapshot_send:2942 unknownin:109 unknownout:110 unknownrecv:2416 unknownsend:2417 uuid_in:2952 ' +
  'uuid_out:2953 uuid_recv:2961 uuid_send:2962 varbit_in:1579 varbit_out:1580 varbit_recv:2458 ' +
  'varbit_send:2459 varbittypmodin:2902 varbittypmodout:2921 varcharin:1046 varcharout:1047 varcharrecv:2432 ' +
  'varcharsend:2433 varchartypmodin:2915 varchartypmodout:2916 void_in:2298 void_out:2299 void_recv:3120 ' +
  'void_send:3121 xid8in:5070 xid8out:5081 xid8recv:5082 xid8send:5083 xidin:50 xidout:51 xidrecv:2440 ' +
  'xidsend:2441 xml_in:2893 xml_out:2894 xml_recv:2898 xml_send:2899 '
).trim();

export const PROC_OIDS: ReadonlyMap<string, number> = new Map(
  PAIRS.split(' ').map((p) => {
    const [name, oid] = p.split(':');
    return [name, Number(oid)];
  }),
);
