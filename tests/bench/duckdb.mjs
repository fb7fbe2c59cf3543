// Part of `cargo xtask bench`: deploy/analytics/athena-cloudfront.sql in DuckDB
// over the same generated CloudFront log press popular counted, read straight
// from the file. Usage: node tests/bench/duckdb.mjs LOG WINDOW_END_RFC3339
import duckdb, { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync, statSync } from 'node:fs';

const [log, end] = process.argv.slice(2);
const END = Date.parse(end) / 1000;
const columns = `{'date':'DATE','time':'VARCHAR','x_edge_location':'VARCHAR','sc_bytes':'BIGINT','c_ip':'VARCHAR','cs_method':'VARCHAR','cs_host':'VARCHAR','cs_uri_stem':'VARCHAR','sc_status':'INTEGER','cs_referrer':'VARCHAR','cs_user_agent':'VARCHAR','cs_uri_query':'VARCHAR','cs_cookie':'VARCHAR','x_edge_result_type':'VARCHAR','x_edge_request_id':'VARCHAR','x_host_header':'VARCHAR','cs_protocol':'VARCHAR','cs_bytes':'BIGINT','time_taken':'FLOAT','x_forwarded_for':'VARCHAR','ssl_protocol':'VARCHAR','ssl_cipher':'VARCHAR','x_edge_response_result_type':'VARCHAR','cs_protocol_version':'VARCHAR','fle_status':'VARCHAR','fle_encrypted_fields':'VARCHAR','c_port':'INTEGER','time_to_first_byte':'FLOAT','x_edge_detailed_result_type':'VARCHAR','sc_content_type':'VARCHAR','sc_content_len':'BIGINT','sc_range_start':'VARCHAR','sc_range_end':'VARCHAR'}`;
const db = await DuckDBInstance.create(':memory:');
const connection = await db.connect();
await connection.run('CREATE MACRO regexp_like(s, p) AS regexp_matches(s, p)');
const started = performance.now();
await connection.run(`CREATE VIEW cloudfront_standard_logs AS SELECT * FROM read_csv('${log}', delim = '\t',
  header = false, skip = 2, quote = '', escape = '', ignore_errors = true, columns = ${columns})`);
const sql = readFileSync('deploy/analytics/athena-cloudfront.sql', 'utf8').replace(/\d+ AS window_end,/, `${END} AS window_end,`);
const rows = (await connection.runAndReadAll(sql)).getRowObjectsJson();
const seconds = (performance.now() - started) / 1000;
const megabytes = statSync(log).size / 1e6;
console.log(`duckdb ${duckdb.version()}: athena-cloudfront.sql over ${megabytes.toFixed(0)} MB in ${seconds.toFixed(2)} s = ${(megabytes / seconds).toFixed(0)} MB/s (${rows.length} paths)`);
