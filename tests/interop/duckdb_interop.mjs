// Parquet interop between Tributary and DuckDB, both directions.
//
//   node duckdb_interop.mjs --tool PATH/parquet_interop_tool --work DIR
//
// (a) Our files: the tool writes ours_*.parquet with expected values; DuckDB
//     must read every column with the right type and identical values, and
//     our own reader must read them back identically.
// (b) DuckDB's files: DuckDB writes one data set with default settings and
//     with PARQUET_VERSION V2, every codec, dictionaries on and off, several
//     row groups and NULLs; our reader must return exactly what DuckDB reads.
//     The encodings and page kinds each file really uses are read from the
//     page headers (tool `pages`) and the run fails if an expected foreign
//     encoding was not exercised. DuckDB writes only version-1 data pages, so
//     each file is also rewritten with DATA_PAGE_V2 pages (tool `v2`); DuckDB
//     must read the rewrite as it read the original, and so must we.
// Any mismatch exits non-zero naming the file, column and row.

import { DuckDBInstance } from '@duckdb/node-api';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
);
if (!args.tool || !args.work) {
  console.error('usage: node duckdb_interop.mjs --tool PATH --work DIR');
  process.exit(2);
}
const tool = path.resolve(args.tool);
const work = path.resolve(args.work);
fs.mkdirSync(work, { recursive: true });

const failures = [];
const MAX_REPORTED = 40;
function fail(msg) {
  failures.push(msg);
  if (failures.length <= MAX_REPORTED) console.error(`MISMATCH ${msg}`);
}

function runTool(mode, target, { allowFailure = false, extra = [] } = {}) {
  const r = spawnSync(tool, [mode, target, ...extra], { maxBuffer: 1 << 30, encoding: 'utf8' });
  if (r.error) throw new Error(`cannot run ${tool}: ${r.error.message}`);
  if (r.signal) throw new Error(`${tool} ${mode} ${target} died with ${r.signal}: ${r.stderr}`);
  if (r.status !== 0 && !allowFailure) throw new Error(`${tool} ${mode} ${target} failed (${r.status}): ${r.stderr}`);
  return r;
}

/// Our `read` output: header object then one JSON array per row.
function readOurs(file) {
  const r = runTool('read', file);
  const lines = r.stdout.split('\n').filter((l) => l.length > 0);
  const header = JSON.parse(lines[0]);
  return { header, rows: lines.slice(1).map((l) => JSON.parse(l)) };
}

const q = (name) => `"${name.replaceAll('"', '""')}"`;
const lit = (s) => `'${s.replaceAll("'", "''")}'`;

/// A SQL expression giving DuckDB's value of a column in the canonical form
/// the tool prints (floats stay numbers and are compared numerically).
function canonicalExpr(name, duckType) {
  const c = q(name);
  if (duckType === 'BOOLEAN') return `CASE WHEN ${c} THEN 'true' WHEN NOT ${c} THEN 'false' END`;
  if (duckType === 'FLOAT' || duckType === 'DOUBLE') return c;
  if (duckType === 'DATE') return `CAST(${c} - DATE '1970-01-01' AS VARCHAR)`;
  if (duckType === 'TIMESTAMP' || duckType === 'TIMESTAMP WITH TIME ZONE') return `CAST(epoch_us(${c}) AS VARCHAR)`;
  return `CAST(${c} AS VARCHAR)`;
}

/// Tributary's SQL type for each DuckDB type it maps.
function expectedOurType(duckType) {
  const simple = {
    BOOLEAN: 'boolean',
    SMALLINT: 'smallint',
    INTEGER: 'integer',
    BIGINT: 'bigint',
    FLOAT: 'real',
    DOUBLE: 'double precision',
    VARCHAR: 'text',
    DATE: 'date',
    TIMESTAMP: 'timestamp without time zone',
    'TIMESTAMP WITH TIME ZONE': 'timestamp with time zone',
  };
  if (simple[duckType]) return simple[duckType];
  const m = /^DECIMAL\((\d+),(\d+)\)$/.exec(duckType);
  if (m) return `numeric(${m[1]},${m[2]})`;
  return undefined;
}

function sameValue(duckType, ours, theirs) {
  if (ours === null || theirs === null) return ours === theirs;
  if (duckType === 'FLOAT' || duckType === 'DOUBLE') return Object.is(Number(ours), Number(theirs));
  return ours === theirs;
}

const show = (v) => (v === null ? 'NULL' : typeof v === 'string' ? JSON.stringify(v) : String(v));

const instance = await DuckDBInstance.create(':memory:');
const con = await instance.connect();
await con.run("SET TimeZone = 'UTC'");
await con.run('SET threads = 1');

async function duckColumns(file) {
  const r = await con.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${lit(file)})`);
  return r.getRowObjects().map((o) => ({ name: o.column_name, type: o.column_type }));
}

async function duckRows(file, cols) {
  const proj = cols.map((c) => canonicalExpr(c.name, c.type)).join(', ');
  const r = await con.runAndReadAll(
    `SELECT ${proj} FROM read_parquet(${lit(file)}, file_row_number = true) ORDER BY file_row_number`,
  );
  return r.getRows();
}

function compareRows(label, cols, expectedRows, actualRows, who) {
  if (expectedRows.length !== actualRows.length) {
    fail(`${label}: ${who} returned ${actualRows.length} rows, expected ${expectedRows.length}`);
  }
  const n = Math.min(expectedRows.length, actualRows.length);
  let bad = 0;
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < cols.length; c++) {
      const exp = expectedRows[r][c];
      const got = actualRows[r][c];
      if (!sameValue(cols[c].type, exp, got)) {
        if (bad++ < 5) fail(`${label} column ${cols[c].name} row ${r}: expected ${show(exp)}, ${who} read ${show(got)}`);
      }
    }
  }
  if (bad > 5) fail(`${label}: ${bad} mismatching values in total (${who})`);
  return bad === 0 && expectedRows.length === actualRows.length;
}

// ---------------------------------------------------------------- (a) ours
const oursDir = path.join(work, 'ours');
fs.rmSync(oursDir, { recursive: true, force: true });
runTool('write', oursDir);
const expectedFiles = fs.readdirSync(oursDir).filter((f) => f.endsWith('.expected.json')).sort();
if (expectedFiles.length < 15) fail(`tool wrote only ${expectedFiles.length} files`);
const oursSummary = [];
for (const ef of expectedFiles) {
  const expected = JSON.parse(fs.readFileSync(path.join(oursDir, ef), 'utf8'));
  const file = path.join(oursDir, expected.file);
  const label = expected.file;
  const cols = expected.columns.map((c) => ({ name: c.name, type: c.duckdb_type, ours: c.type }));
  // Types as DuckDB sees them.
  let duckCols;
  try {
    duckCols = await duckColumns(file);
  } catch (e) {
    fail(`${label}: DuckDB cannot read the file: ${e.message}`);
    continue;
  }
  if (duckCols.length !== cols.length) fail(`${label}: DuckDB sees ${duckCols.length} columns, we wrote ${cols.length}`);
  for (let c = 0; c < Math.min(cols.length, duckCols.length); c++) {
    if (duckCols[c].name !== cols[c].name || duckCols[c].type !== cols[c].type) {
      fail(`${label} column ${cols[c].name}: DuckDB reads it as ${duckCols[c].name} ${duckCols[c].type}, expected ${cols[c].type}`);
    }
  }
  let duckOk = false;
  try {
    duckOk = compareRows(label, cols, expected.rows, await duckRows(file, cols), 'DuckDB');
  } catch (e) {
    fail(`${label}: DuckDB failed reading values: ${e.message}`);
  }
  // Our own reader on our own file.
  let selfOk = false;
  try {
    const ours = readOurs(file);
    ours.header.columns.forEach((oc, c) => {
      const want = cols[c]?.ours;
      const ok = oc.name === cols[c]?.name && (oc.type === want || (want.startsWith('character varying') && oc.type === 'text'));
      if (!ok) fail(`${label} column ${cols[c]?.name}: our reader maps it to ${oc.name} ${oc.type}, written as ${want}`);
    });
    selfOk = compareRows(label, cols, expected.rows, ours.rows, 'Tributary');
  } catch (e) {
    fail(`${label}: our reader failed: ${e.message}`);
  }
  const pages = JSON.parse(runTool('pages', file).stdout);
  // The encoding choice must really have happened: dictionaries where asked
  // for, and a dictionary overflowing into PLAIN within one column chunk.
  const withBoth = pages.columns.filter((c) => c.page_encodings.includes('RLE_DICTIONARY') && c.page_encodings.includes('PLAIN'));
  const withDict = pages.columns.filter((c) => c.page_encodings.includes('RLE_DICTIONARY'));
  if (label.startsWith('ours_fallback') && withBoth.length === 0) fail(`${label}: no column fell back from RLE_DICTIONARY to PLAIN`);
  if (label.startsWith('ours_dict') && withDict.length === 0) fail(`${label}: no column used RLE_DICTIONARY`);
  if (label.startsWith('ours_plain') && withDict.length > 0) fail(`${label}: dictionary disabled but ${withDict[0].name} used RLE_DICTIONARY`);
  const encodings = new Set(pages.columns.flatMap((c) => c.page_encodings));
  const kinds = new Set(pages.columns.flatMap((c) => Object.keys(c.page_types)));
  oursSummary.push({ file: label, rows: expected.rows.length, duckOk, selfOk, encodings: [...encodings].sort(), kinds: [...kinds].sort(), fallbackColumns: withBoth.length });
}

// ---------------------------------------------------------------- (b) DuckDB's
const ROWS = 10000;
await con.run(`CREATE TABLE src (
  id INTEGER NOT NULL,
  b BOOLEAN, i16 SMALLINT, i32 INTEGER, i64 BIGINT, f FLOAT, d DOUBLE,
  dec4 DECIMAL(4,1), dec9 DECIMAL(9,2), dec18 DECIMAL(18,4), dec38 DECIMAL(38,10),
  s VARCHAR, s_low VARCHAR, s_sorted VARCHAR, s_uni VARCHAR,
  dt DATE, ts TIMESTAMP, tstz TIMESTAMPTZ,
  i32_low INTEGER, i64_sorted BIGINT NOT NULL, d_low DOUBLE, f_low FLOAT, dec9_low DECIMAL(9,2),
  all_null INTEGER, req_s VARCHAR NOT NULL)`);
await con.run(`INSERT INTO src SELECT
  range::INTEGER,
  CASE WHEN range % 5 = 0 THEN NULL ELSE range % 3 = 0 END,
  CASE WHEN range % 7 = 1 THEN NULL ELSE ((range * 7919) % 65536 - 32768)::SMALLINT END,
  CASE WHEN range = 0 THEN -2147483648 WHEN range = 1 THEN 2147483647 WHEN range % 11 = 2 THEN NULL
       ELSE ((range * 104729) % 4294967296 - 2147483648)::INTEGER END,
  CASE WHEN range = 0 THEN -9223372036854775808 WHEN range = 1 THEN 9223372036854775807 WHEN range % 13 = 3 THEN NULL
       ELSE (range * 1234567890123 - 6000000000000000)::BIGINT END,
  CASE WHEN range % 97 = 0 THEN 'NaN'::FLOAT WHEN range % 89 = 0 THEN '-inf'::FLOAT WHEN range % 6 = 4 THEN NULL
       ELSE (range * 0.37 - 1234.5)::FLOAT END,
  CASE WHEN range % 97 = 1 THEN 'inf'::DOUBLE WHEN range % 83 = 0 THEN -0.0::DOUBLE WHEN range % 8 = 5 THEN NULL
       ELSE (range * 1.0e-3 - 3.25) * (range % 17) END,
  CASE WHEN range % 9 = 0 THEN NULL ELSE (((range * 31) % 19999 - 9999)::DECIMAL(5,0) / 10)::DECIMAL(4,1) END,
  CASE WHEN range = 0 THEN 9999999.99 WHEN range = 1 THEN -9999999.99 WHEN range % 10 = 7 THEN NULL
       ELSE (((range * 7919) % 9999999 - 4999999)::VARCHAR || '.' || lpad((range % 100)::VARCHAR, 2, '0'))::DECIMAL(9,2) END,
  CASE WHEN range % 12 = 0 THEN NULL
       ELSE ((range * 104729 - 500000000)::VARCHAR || '.' || lpad((range * 7 % 10000)::VARCHAR, 4, '0'))::DECIMAL(18,4) END,
  CASE WHEN range = 0 THEN '9999999999999999999999999999.9999999999'::DECIMAL(38,10)
       WHEN range = 1 THEN '-9999999999999999999999999999.9999999999'::DECIMAL(38,10)
       WHEN range % 14 = 0 THEN NULL
       ELSE ((CASE WHEN range % 2 = 0 THEN '-' ELSE '' END) || (range * 104729)::VARCHAR || (range * 7919)::VARCHAR
             || '.' || lpad((range * 123457 % 10000000000)::VARCHAR, 10, '0'))::DECIMAL(38,10) END,
  CASE WHEN range % 15 = 0 THEN NULL WHEN range % 15 = 1 THEN '' ELSE md5(range::VARCHAR) || repeat('x', (range % 40)::INTEGER) END,
  CASE WHEN range % 16 = 0 THEN NULL ELSE 'region-' || (range % 5)::VARCHAR END,
  'customer#' || lpad((range // 3)::VARCHAR, 9, '0'),
  CASE WHEN range % 17 = 0 THEN NULL ELSE 'é中😀"\\' || chr(10) || (range % 300)::VARCHAR END,
  CASE WHEN range % 18 = 0 THEN NULL WHEN range = 1 THEN DATE '0001-01-01' WHEN range = 2 THEN DATE '9999-12-31'
       ELSE DATE '1970-01-01' + ((range * 7919) % 800000 - 400000)::INTEGER END,
  CASE WHEN range % 19 = 0 THEN NULL WHEN range = 1 THEN TIMESTAMP '0001-01-01 00:00:00'
       WHEN range = 2 THEN TIMESTAMP '9999-12-31 23:59:59.999999'
       ELSE make_timestamp((range * 123456789012 - 600000000000000)::BIGINT) END,
  CASE WHEN range % 20 = 0 THEN NULL
       ELSE make_timestamp((range * 98765432101 - 300000000000000 + range % 1000)::BIGINT)::TIMESTAMPTZ END,
  CASE WHEN range % 21 = 0 THEN NULL ELSE (range % 10)::INTEGER END,
  (range * 3 + 1000000000000)::BIGINT,
  CASE WHEN range % 22 = 0 THEN NULL ELSE (range % 7) * 1.5 END,
  CASE WHEN range % 23 = 0 THEN NULL ELSE ((range % 6) * 0.1)::FLOAT END,
  CASE WHEN range % 24 = 0 THEN NULL ELSE ((range % 8)::VARCHAR || '.25')::DECIMAL(9,2) END,
  NULL,
  'k' || (range % 50)::VARCHAR
  FROM range(${ROWS})`);

const codecs = ['uncompressed', 'snappy', 'gzip', 'zstd', 'lz4_raw'];
const variants = [];
for (const version of ['V1', 'V2']) {
  for (const codec of codecs) {
    for (const dict of [true, false]) {
      const opts = [`FORMAT parquet`, `COMPRESSION ${codec}`, `ROW_GROUP_SIZE 2048`];
      if (version === 'V2') opts.push('PARQUET_VERSION V2');
      if (!dict) opts.push('DICTIONARY_SIZE_LIMIT 1');
      variants.push({ name: `duckdb_${version}_${codec}_${dict ? 'dict' : 'nodict'}`, opts, version });
    }
  }
}
const duckDir = path.join(work, 'duckdb');
fs.rmSync(duckDir, { recursive: true, force: true });
fs.mkdirSync(duckDir, { recursive: true });
const duckSummary = [];
const coverage = { V1: { encodings: new Set(), kinds: new Set() }, V2: { encodings: new Set(), kinds: new Set() } };
const codecsSeen = new Set();
const v2kinds = new Set();
const v2encodings = new Set();
for (const v of variants) {
  const file = path.join(duckDir, `${v.name}.parquet`);
  await con.run(`COPY src TO ${lit(file)} (${v.opts.join(', ')})`);
  const cols = await duckColumns(file);
  const theirs = await duckRows(file, cols);
  let ok = true;
  let ours;
  try {
    ours = readOurs(file);
  } catch (e) {
    fail(`${v.name}: our reader failed: ${e.message}`);
    duckSummary.push({ file: v.name, ok: false });
    continue;
  }
  ours.header.columns.forEach((oc, c) => {
    const want = expectedOurType(cols[c].type);
    if (oc.name !== cols[c].name || oc.type !== want) {
      ok = false;
      fail(`${v.name} column ${cols[c].name}: DuckDB type ${cols[c].type}, our reader maps it to ${oc.type} (expected ${want})`);
    }
  });
  if (ours.header.columns.length !== cols.length) {
    ok = false;
    fail(`${v.name}: our reader sees ${ours.header.columns.length} columns, DuckDB ${cols.length}`);
  }
  // DuckDB's values are the expectation; ours are compared against them.
  ok = compareRows(v.name, cols, theirs, ours.rows, 'Tributary') && ok;
  if (ours.header.row_groups < 2) fail(`${v.name}: expected several row groups, found ${ours.header.row_groups}`);
  const pages = JSON.parse(runTool('pages', file).stdout);
  const perColumn = {};
  for (const c of pages.columns) {
    perColumn[c.name] = c.page_encodings.join('+') + ' ' + Object.keys(c.page_types).join('+');
    c.page_encodings.forEach((e) => coverage[v.version].encodings.add(e));
    Object.keys(c.page_types).forEach((k) => coverage[v.version].kinds.add(k));
    c.codecs.forEach((k) => codecsSeen.add(k));
  }
  // The same file with every data page rewritten as DATA_PAGE_V2 (DuckDB
  // writes only version-1 data pages): DuckDB's reading of the rewrite proves
  // it is sound, ours must match.
  const v2file = path.join(duckDir, `${v.name}.pagev2.parquet`);
  runTool('v2', file, { extra: [v2file] });
  const v2pages = JSON.parse(runTool('pages', v2file).stdout);
  v2pages.columns.forEach((c) => Object.keys(c.page_types).forEach((k) => v2kinds.add(k)));
  v2pages.columns.forEach((c) => c.page_encodings.forEach((e) => v2encodings.add(e)));
  let v2ok = compareRows(`${v.name}.pagev2`, cols, theirs, await duckRows(v2file, cols), 'DuckDB');
  try {
    v2ok = compareRows(`${v.name}.pagev2`, cols, theirs, readOurs(v2file).rows, 'Tributary') && v2ok;
  } catch (e) {
    v2ok = false;
    fail(`${v.name}.pagev2: our reader failed: ${e.message}`);
  }
  duckSummary.push({ file: v.name, ok, v2ok, row_groups: ours.header.row_groups, perColumn });
}
if (!v2kinds.has('DATA_PAGE_V2') || v2kinds.has('DATA_PAGE')) fail(`page v2 rewrite: page kinds ${[...v2kinds]}`);

// Types Tributary does not map must fail cleanly, not crash or misread.
{
  const file = path.join(duckDir, 'duckdb_unsupported.parquet');
  await con.run(`COPY (SELECT [1, 2] AS l, INTERVAL 1 DAY AS iv, 1::INTEGER AS i) TO ${lit(file)} (FORMAT parquet)`);
  const r = runTool('read', file, { allowFailure: true });
  if (r.status === 0) fail(`duckdb_unsupported.parquet: our reader accepted a LIST/INTERVAL file: ${r.stdout.slice(0, 200)}`);
}

// Foreign encodings that must have been exercised.
const required = {
  V1: { encodings: ['PLAIN', 'dictionary:PLAIN', 'PLAIN_DICTIONARY'], kinds: ['DATA_PAGE', 'DICTIONARY_PAGE'] },
  V2: {
    encodings: ['DELTA_BINARY_PACKED', 'DELTA_LENGTH_BYTE_ARRAY', 'BYTE_STREAM_SPLIT', 'RLE_DICTIONARY', 'PLAIN'],
    // DuckDB 1.5's V2 files carry the V2 encodings in version-1 data pages;
    // DATA_PAGE_V2 is reported in the summary when a writer produces it.
    kinds: ['DATA_PAGE', 'DICTIONARY_PAGE'],
  },
};
for (const version of ['V1', 'V2']) {
  for (const e of required[version].encodings) {
    if (!coverage[version].encodings.has(e)) fail(`coverage: DuckDB ${version} files never used encoding ${e} (saw ${[...coverage[version].encodings]})`);
  }
  for (const k of required[version].kinds) {
    if (!coverage[version].kinds.has(k)) fail(`coverage: DuckDB ${version} files never used page type ${k} (saw ${[...coverage[version].kinds]})`);
  }
}

// ---------------------------------------------------------------- report
console.log('\n(a) Tributary-written files');
for (const s of oursSummary) {
  console.log(`  ${s.file.padEnd(32)} rows=${String(s.rows).padStart(5)} duckdb=${s.duckOk ? 'ok' : 'FAIL'} self=${s.selfOk ? 'ok' : 'FAIL'} pages=${s.kinds.join('+')} enc=${s.encodings.join(',')} dict->plain columns=${s.fallbackColumns}`);
}
console.log('\n(b) DuckDB-written files read by Tributary');
for (const s of duckSummary) {
  console.log(`  ${s.file.padEnd(32)} row_groups=${s.row_groups ?? '?'} ${s.ok ? 'ok' : 'FAIL'}; rewritten as DATA_PAGE_V2: ${s.v2ok ? 'ok' : 'FAIL'}`);
}
for (const s of duckSummary.filter((x) => x.file.includes('_zstd_'))) {
  console.log(`  encodings used by ${s.file}:`);
  for (const [c, e] of Object.entries(s.perColumn ?? {})) console.log(`    ${c.padEnd(12)} ${e}`);
}
for (const version of ['V1', 'V2']) {
  console.log(`  ${version} coverage: encodings ${[...coverage[version].encodings].sort().join(', ')}; pages ${[...coverage[version].kinds].sort().join(', ')}`);
}
console.log(`  codecs: ${[...codecsSeen].sort().join(', ')}`);
console.log(`  DATA_PAGE_V2 rewrites: pages ${[...v2kinds].sort().join(', ')}; encodings ${[...v2encodings].sort().join(', ')}`);
fs.writeFileSync(path.join(work, 'coverage.json'), JSON.stringify({ ours: oursSummary, duckdb: duckSummary }, null, 1));

if (failures.length > 0) {
  console.error(`\nFAILED: ${failures.length} problems (first ${Math.min(failures.length, MAX_REPORTED)} shown above)`);
  process.exit(1);
}
console.log(`\nOK: ${oursSummary.length} Tributary files read by DuckDB, ${duckSummary.length} DuckDB files read by Tributary`);
