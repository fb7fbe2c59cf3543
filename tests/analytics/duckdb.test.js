// The counting rules shipped as SQL (deploy/analytics/) give exactly the
// counts `press popular` gives, on the same sample logs: each dialect's file
// runs unchanged in DuckDB, over a table shaped as that engine's log table,
// with the few functions DuckDB names differently defined as macros (SHIMS,
// listed in deploy/analytics/README.md).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

const PRESS = process.env.BROADSHEET_PRESS ?? 'target/native/press';
const CONTENT = 'content';
const END = '2026-11-27T18:00:00Z';
const END_SECONDS = Date.parse(END) / 1000;
const WINDOW_HOURS = 24;

const SHIMS = {
  athena: ['CREATE MACRO regexp_like(s, p) AS regexp_matches(s, p)'],
  clickhouse: [
    'CREATE MACRO match(s, p) AS regexp_matches(s, p)',
    'CREATE MACRO intDiv(a, b) AS a // b',
    'CREATE MACRO splitByChar(c, s) AS string_split(s, c)',
  ],
  bigquery: [
    'CREATE MACRO regexp_contains(s, p) AS regexp_matches(s, p)',
    'CREATE MACRO unix_seconds(t) AS epoch(t)::BIGINT',
  ],
};

/** What DuckDB reads differently in each file's text: ClickHouse doubles backslashes in strings, BigQuery writes raw strings r'…'. */
const LITERALS = {
  athena: (sql) => sql,
  clickhouse: (sql) => sql.replace(/'((?:[^']|'')*)'/g, (m, inner) => `'${inner.replaceAll('\\\\', '\\')}'`),
  bigquery: (sql) => sql.replace(/\br'/g, "'"),
};

const work = mkdtempSync(join(tmpdir(), 'broadsheet-duckdb-'));
const press = (...args) => execFileSync(PRESS, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** `press popular`'s own counts for a log in `format`: path → readers. */
function pressCounts(format) {
  const log = join(work, `access.${format}`);
  press('sample-logs', '--content', CONTENT, '--out', log, '--format', format, '--lines', '20000', '--end', END);
  const counts = join(work, `counts.${format}.csv`);
  press('popular', '--content', CONTENT, '--site', join(work, 'site'), '--logs', log, '--format', format,
    '--now', END, '--window-hours', String(WINDOW_HOURS), '--counts-out', counts);
  const rows = readFileSync(counts, 'utf8').trim().split('\n').slice(1);
  return { log, counts: new Map(rows.map((row) => row.split(',')).map(([path, count]) => [path, Number(count)])) };
}

function sqlFile(name, dialect) {
  const sql = readFileSync(`deploy/analytics/${name}`, 'utf8')
    .replace(/\d+ AS window_end,/, `${END_SECONDS} AS window_end,`)
    .replace(/\d+ AS window_seconds,/, `${WINDOW_HOURS * 3600} AS window_seconds,`);
  return LITERALS[dialect](sql);
}

async function run(dialect, setup, file) {
  const db = await DuckDBInstance.create(':memory:');
  const connection = await db.connect();
  for (const statement of [...SHIMS[dialect], ...setup]) await connection.run(statement);
  const reader = await connection.runAndReadAll(sqlFile(file, dialect));
  const rows = reader.getRowObjectsJson();
  connection.closeSync();
  assert.ok(rows.some((row) => !published.has(row.path)), 'the sample logs also read unpublished stories: the filter below is tested');
  return new Map(rows.filter((row) => published.has(row.path)).map((row) => [row.path, Number(row.count)]));
}

let cloudfront;
let cloudflare;
/** The published articles' URLs: the SQL counts every article-shaped path, and press (like `--counts`) keeps these. */
let published;

function publishedUrls(site) {
  const root = join(site, 'data/articles');
  return new Set(readdirSync(root, { recursive: true })
    .filter((file) => file.endsWith('.json'))
    .map((file) => `/${file.slice(0, -'.json'.length)}`));
}

before(() => {
  press('build', '--content', CONTENT, '--out', join(work, 'site'), '--quiet', '--now', END);
  published = publishedUrls(join(work, 'site'));
  cloudfront = pressCounts('cloudfront');
  cloudflare = pressCounts('cloudflare');
  assert.ok(cloudfront.counts.size > 10, `press counted ${cloudfront.counts.size} articles`);
});

process.on('exit', () => rmSync(work, { recursive: true, force: true }));

const CLOUDFRONT_COLUMNS = `{
  'date': 'DATE', 'time': 'VARCHAR', 'x_edge_location': 'VARCHAR', 'sc_bytes': 'BIGINT', 'c_ip': 'VARCHAR',
  'cs_method': 'VARCHAR', 'cs_host': 'VARCHAR', 'cs_uri_stem': 'VARCHAR', 'sc_status': 'INTEGER',
  'cs_referrer': 'VARCHAR', 'cs_user_agent': 'VARCHAR', 'cs_uri_query': 'VARCHAR', 'cs_cookie': 'VARCHAR',
  'x_edge_result_type': 'VARCHAR', 'x_edge_request_id': 'VARCHAR', 'x_host_header': 'VARCHAR',
  'cs_protocol': 'VARCHAR', 'cs_bytes': 'BIGINT', 'time_taken': 'FLOAT', 'x_forwarded_for': 'VARCHAR',
  'ssl_protocol': 'VARCHAR', 'ssl_cipher': 'VARCHAR', 'x_edge_response_result_type': 'VARCHAR',
  'cs_protocol_version': 'VARCHAR', 'fle_status': 'VARCHAR', 'fle_encrypted_fields': 'VARCHAR',
  'c_port': 'INTEGER', 'time_to_first_byte': 'FLOAT', 'x_edge_detailed_result_type': 'VARCHAR',
  'sc_content_type': 'VARCHAR', 'sc_content_len': 'BIGINT', 'sc_range_start': 'VARCHAR', 'sc_range_end': 'VARCHAR'
}`;

const CLOUDFLARE_TABLE = (log) => `CREATE TABLE cloudflare_http_requests AS
  SELECT * FROM read_json('${log}', format = 'newline_delimited', ignore_errors = true, columns = {
    'EdgeStartTimestamp': 'BIGINT', 'ClientIP': 'VARCHAR', 'ClientRequestMethod': 'VARCHAR',
    'ClientRequestHost': 'VARCHAR', 'ClientRequestURI': 'VARCHAR', 'EdgeResponseStatus': 'INTEGER',
    'ClientRequestUserAgent': 'VARCHAR'})`;

const sorted = (map) => [...map.entries()].sort(([a], [b]) => a.localeCompare(b));

test('Athena over CloudFront standard logs counts exactly what press counts', async () => {
  const counts = await run('athena', [
    `CREATE TABLE cloudfront_standard_logs AS SELECT * FROM read_csv('${cloudfront.log}', delim = '\t',
      header = false, skip = 2, quote = '', escape = '', ignore_errors = true, columns = ${CLOUDFRONT_COLUMNS})`,
  ], 'athena-cloudfront.sql');
  assert.deepEqual(sorted(counts), sorted(cloudfront.counts));
});

test('ClickHouse over Cloudflare Logpush counts exactly what press counts', async () => {
  const counts = await run('clickhouse', [CLOUDFLARE_TABLE(cloudflare.log)], 'clickhouse-cloudflare.sql');
  assert.deepEqual(sorted(counts), sorted(cloudflare.counts));
});

test('BigQuery over Cloud CDN request logs counts exactly what press counts', async () => {
  const counts = await run('bigquery', [
    CLOUDFLARE_TABLE(cloudflare.log),
    // The same requests, as Cloud Logging exports them: a timestamp and the httpRequest record, whole URLs.
    `CREATE TABLE requests AS SELECT to_timestamp(EdgeStartTimestamp // 1000000000) AS timestamp,
      {'requestMethod': ClientRequestMethod, 'requestUrl': 'https://' || ClientRequestHost || ClientRequestURI,
       'status': EdgeResponseStatus, 'userAgent': ClientRequestUserAgent, 'remoteIp': ClientIP} AS httpRequest
     FROM cloudflare_http_requests`,
  ], 'bigquery-cloud-cdn.sql');
  assert.deepEqual(sorted(counts), sorted(cloudflare.counts));
});

test('every dialect carries the bot pattern press uses, and the same counting rules', () => {
  const pattern = press('bot-pattern').trim();
  const rules = (name, dialect) => {
    const sql = sqlFile(name, dialect);
    return sql.slice(sql.indexOf('-- BEGIN COUNTING RULES'), sql.indexOf('-- END COUNTING RULES'))
      .replace(/regexp_like\(|match\(|REGEXP_CONTAINS\(/g, 'REGEX(');
  };
  const athena = rules('athena-cloudfront.sql', 'athena');
  assert.ok(athena.includes(`'${pattern.replaceAll("'", "''")}'`), 'athena-cloudfront.sql has press\'s bot pattern; regenerate with `press bot-pattern`');
  assert.equal(rules('clickhouse-cloudflare.sql', 'clickhouse'), athena);
  assert.equal(rules('bigquery-cloud-cdn.sql', 'bigquery'), athena);
});
