// Star Schema Benchmark: the 13 SSB queries on Tributary, DuckDB,
// PostgreSQL and ClickHouse, same data, same machine, same run, every engine
// limited to the same number of threads and a comparable memory budget.
//
//   node bench/ssb_bench.mjs run --tributary BUILD/tributary --driver BUILD/bench/ssb_bench
//        --work DIR [--scale SF] [--reps R] [--threads T] [--memory-gb G]
//        [--engines tributary,duckdb,postgres,clickhouse] [--out FILE.md] [--reuse]
//
// 1. `tributary gen ssb --scale SF --format csv` writes the five tables as
//    CSV (with --reuse, data already generated in DIR at that scale is kept,
//    and so is every engine's loaded copy).
// 2. Each engine loads the same CSVs, timed: Tributary with `tributary sql`
//    (CREATE TABLE with lineorder partitioned by day of lo_orderdate, then
//    COPY; see bench/README.md for the layout and why),
//    DuckDB into native tables in a database file, PostgreSQL
//    (ssb_postgres.mjs) and ClickHouse (ssb_clickhouse.mjs) as private
//    servers in DIR on loopback ports.
// 3. Each query of tests/differential/ssb_queries.sql (for ClickHouse 18.16,
//    the same queries written as nested joins, ssb_queries_clickhouse.sql)
//    runs once to warm up and then R times per engine; the median is
//    reported. Tributary (bench/ssb_bench, the embedding API) and DuckDB
//    (@duckdb/node-api) run each query in a fresh process and time it inside
//    it; PostgreSQL and ClickHouse are timed by the client around the round
//    trip (a fresh connection per query for PostgreSQL).
// 4. Every engine's rows must equal Tributary's for every query (cells as
//    text with numbers normalized; in order when the query has ORDER BY),
//    else the run fails naming the query and the engine.
// The markdown report (machine, versions, per-query medians and ratios to
// Tributary, geometric means, loads, storage, peak memory) goes to FILE.md,
// the raw figures to FILE.json and a chart of the ratios to FILE.png
// (gnuplot).
//
// `duckdb-load DB CSVDIR THREADS MEMORY`, `duckdb-query DB SQLFILE REPS
// THREADS MEMORY` and `duckdb-baseline DB` are the child-process modes of
// `run`.
// `report FILE.json` writes FILE.md again from a run's raw figures.

import { DuckDBInstance } from '@duckdb/node-api';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCHEMA, SSB_COLUMNS, loadSsbIntoDuckDB, loadSsbQueries } from '../tests/differential/ssb_duckdb.mjs';
import { ClickHouseEngine, duBytes, loadClickHouseQueries } from './ssb_clickhouse.mjs';
import { PostgresEngine } from './ssb_postgres.mjs';

const seconds = (t0) => Number(process.hrtime.bigint() - t0) / 1e9;
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const geomean = (xs) => Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length);
const ALL_ENGINES = ['tributary', 'duckdb', 'postgres', 'clickhouse'];
const LABEL = { tributary: 'Tributary', duckdb: 'DuckDB', postgres: 'PostgreSQL', clickhouse: 'ClickHouse' };

function duckText(v) {
  if (v === null || v === undefined) return null;
  return typeof v === 'object' ? v.toString() : String(v);
}

async function open(db, readOnly, threads, memory) {
  const instance = await DuckDBInstance.create(db, readOnly ? { access_mode: 'READ_ONLY' } : {});
  const con = await instance.connect();
  if (threads) await con.run(`SET threads = ${Number(threads)}`);
  if (memory) await con.run(`SET memory_limit = '${Math.floor(Number(memory) / 2 ** 20)}MiB'`);
  return con;
}

async function duckdbLoad(db, csvDir, threads, memory) {
  const con = await open(db, false, threads, memory);
  const t0 = process.hrtime.bigint();
  await loadSsbIntoDuckDB(con, csvDir);
  await con.run('CHECKPOINT');
  const s = seconds(t0);
  console.log(JSON.stringify({ seconds: s, peak_rss_kb: process.resourceUsage().maxRSS }));
}

async function duckdbQuery(db, sqlFile, reps, threads, memory) {
  const con = await open(db, true, threads, memory);
  const sql = fs.readFileSync(sqlFile, 'utf8');
  await con.runAndReadAll(sql);  // warm-up: the buffer pool and the page cache
  const runs = [];
  let rows;
  for (let i = 0; i < Number(reps); i++) {
    const t0 = process.hrtime.bigint();
    const reader = await con.runAndReadAll(sql);
    rows = reader.getRows();
    runs.push(seconds(t0));
  }
  console.log(JSON.stringify({ runs, rows: rows.map((r) => r.map(duckText)), peak_rss_kb: process.resourceUsage().maxRSS }));
}

async function duckdbBaseline(db) {
  const con = await open(db, true);
  await con.runAndReadAll('SELECT 1');
  const version = (await con.runAndReadAll('SELECT version()')).getRows()[0][0];
  console.log(JSON.stringify({ peak_rss_kb: process.resourceUsage().maxRSS, version }));
}

function runJson(cmd, argv) {
  const r = spawnSync(cmd, argv, { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed (${r.status ?? r.signal}): ${r.stderr}${r.error ?? ''}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

/// Wall seconds and peak RSS (GNU time) of one command.
function timed(cmd, argv) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', 'peak_rss_kb=%M', cmd, ...argv], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const s = seconds(t0);
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed (${r.status ?? r.signal}): ${r.stderr}`);
  return { seconds: s, peak_rss_kb: Number(r.stderr.match(/peak_rss_kb=(\d+)/)?.[1] ?? 0) };
}

/// One cell as comparable text: numbers lose formatting ("12.0", "+012"),
/// everything else is compared as it is.
function normalize(v) {
  if (v === null || v === undefined) return null;
  const s = String(v).trim();
  const m = s.match(/^([+-]?)0*(\d+?)(?:\.(\d*?)0*)?$/);
  if (!m) return s;
  const sign = m[1] === '-' && !(/^0+$/.test(m[2]) && !m[3]) ? '-' : '';
  return sign + m[2] + (m[3] ? `.${m[3]}` : '');
}

/// Null when the results agree, else what differs.
function compare(sql, ours, theirs, engine) {
  const key = (rows) => rows.map((r) => JSON.stringify(r.map(normalize)));
  const a = key(ours), e = key(theirs);
  if (!/\border\s+by\b/i.test(sql)) { a.sort(); e.sort(); }
  if (a.length !== e.length) return `row count: Tributary ${a.length}, ${engine} ${e.length}`;
  const diff = a.findIndex((row, i) => row !== e[i]);
  return diff >= 0 ? `row ${diff + 1}: Tributary ${a[diff]}, ${engine} ${e[diff]}` : null;
}

// Tributary's tables: the types of `tributary gen ssb`; lineorder partitioned
// by day of lo_orderdate with no cluster keys (a day is one file and one row
// group at SF 1 to 10, so sorting inside it could prune nothing, and the
// CSV's order-key order is kept), the dimensions clustered as `gen ssb
// --warehouse` clusters them.
const TRIBUTARY_LAYOUT = {
  lineorder: "PARTITION BY RANGE (lo_orderdate) WITH (partition_granularity = 'day')",
  customer: "WITH (cluster_by = 'c_region, c_nation')", supplier: "WITH (cluster_by = 's_region, s_nation')",
  part: "WITH (cluster_by = 'p_mfgr, p_category, p_brand1')", date: "WITH (cluster_by = 'd_datekey')",
};

function tributaryLoadSql(csvDir) {
  const lines = [`CREATE SCHEMA ${SCHEMA};`];
  for (const [table, cols] of Object.entries(SSB_COLUMNS)) {
    lines.push(`CREATE TABLE ${SCHEMA}."${table}" (${cols.map(([n, ty]) => `${n} ${ty === 'VARCHAR' ? 'text' : ty.toLowerCase()} NOT NULL`).join(', ')}) ${TRIBUTARY_LAYOUT[table]};`);
    lines.push(`COPY ${SCHEMA}."${table}" FROM '${path.join(csvDir, table + '.csv')}' (FORMAT csv, HEADER);`);
  }
  return lines.join('\n') + '\n';
}

function machine() {
  const read = (f) => { try { return fs.readFileSync(f, 'utf8'); } catch { return ''; } };
  const version = (cmd, args) => { const r = spawnSync(cmd, args, { encoding: 'utf8' }); return (r.stdout || r.stderr || '').trim().split('\n')[0]; };
  return {
    nproc: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? 'unknown CPU',
    memory_gib: Number((os.totalmem() / 2 ** 30).toFixed(1)),
    kernel: os.release(),
    os: read('/etc/os-release').match(/PRETTY_NAME="([^"]*)"/)?.[1] ?? 'unknown',
    node: process.version,
    gnuplot: version('gnuplot', ['--version']),
  };
}

function writeChart(png, results, engines, scale, work) {
  const others = engines.filter((e) => e !== 'tributary');
  if (!others.length || spawnSync('gnuplot', ['--version']).status !== 0) return false;
  const dat = path.join(work, 'ratios.dat');
  fs.writeFileSync(dat, results.map((r) => [r.name, ...others.map((e) => r.ratio[e].toFixed(4))].join(' ')).join('\n') + '\n');
  // The y range covers every ratio (a whole power of two beyond each end), so
  // no bar is cut off below the axis.
  const ratios = results.flatMap((r) => others.map((e) => r.ratio[e])).filter((v) => v > 0);
  const low = 2 ** Math.floor(Math.log2(Math.min(1, ...ratios)) - 0.5);
  const high = 2 ** Math.ceil(Math.log2(Math.max(1, ...ratios)) + 0.5);
  const script = `set terminal pngcairo size 1100,520 noenhanced font ",10"
set output '${png}'
set title "SSB SF${scale}: each engine's median time / Tributary's (above 1: Tributary is faster)"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set logscale y 2
set yrange [${low}:${high}]
set format y '%g'
set grid ytics
set ylabel 'time ratio to Tributary (log scale)'
set key top left
set xtics rotate by 0
set arrow from graph 0, first 1 to graph 1, first 1 nohead lw 2 lc rgb 'black'
plot ${others.map((e, i) => `'${dat}' using ${i + 2}:xtic(1) title '${LABEL[e]}'`).join(', ')}
`;
  const r = spawnSync('gnuplot', [], { input: script, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`gnuplot failed: ${r.stderr}`);
  return true;
}

async function run(opts) {
  const self = fileURLToPath(import.meta.url);
  const scale = String(opts.scale ?? '1');
  const reps = Number(opts.reps ?? 5);
  const threads = Number(opts.threads ?? 2);
  const memoryBytes = Math.floor(Number(opts['memory-gb'] ?? 4) * 2 ** 30);
  const engines = String(opts.engines ?? ALL_ENGINES.join(',')).split(',');
  if (!engines.includes('tributary') || engines.some((e) => !ALL_ENGINES.includes(e))) {
    throw new Error(`--engines: a comma list of ${ALL_ENGINES.join(', ')} that includes tributary`);
  }
  const work = path.resolve(opts.work);
  const tributary = path.resolve(opts.tributary);
  const driver = path.resolve(opts.driver);
  const started = process.hrtime.bigint();
  const log = (s) => console.error(`[ssb-bench ${new Date().toISOString().slice(11, 19)}] ${s}`);
  const csvDir = path.join(work, 'csv');
  const warehouse = path.join(work, 'warehouse');
  const db = path.join(work, 'duckdb.db');
  const marker = path.join(work, 'generated-scale');
  const queries = loadSsbQueries();
  const chQueries = loadClickHouseQueries();
  if (queries.size !== 13 || chQueries.size !== 13) throw new Error(`expected 13 queries, found ${queries.size} and ${chQueries.size} (ClickHouse)`);
  // Kept in DIR, so a run that reuses data still reports how long its loads took.
  const phasesFile = path.join(work, 'phases.json');
  const phases = {};
  const phase = (name, t0) => {
    phases[name] = seconds(t0);
    log(`${name}: ${phases[name].toFixed(1)} s`);
    fs.writeFileSync(phasesFile, JSON.stringify(phases));
  };

  let t0 = process.hrtime.bigint();
  const reuse = opts.reuse && fs.existsSync(marker) && fs.readFileSync(marker, 'utf8').trim() === scale;
  if (reuse) {
    log(`reusing SF ${scale} data in ${work}`);
    if (fs.existsSync(phasesFile)) Object.assign(phases, JSON.parse(fs.readFileSync(phasesFile, 'utf8')));
    delete phases.queries;
  } else {
    fs.rmSync(work, { recursive: true, force: true });
    fs.mkdirSync(work, { recursive: true });
    fs.chmodSync(work, 0o755);  // the PostgreSQL server reads the CSVs as its own user
    log(`tributary gen ssb --scale ${scale} --format csv`);
    const gen = spawnSync(tributary, ['gen', 'ssb', '--scale', scale, '--format', 'csv', '--out', csvDir], { encoding: 'utf8' });
    if (gen.status !== 0) throw new Error(`tributary gen ssb failed: ${gen.stderr}`);
    fs.writeFileSync(marker, scale + '\n');
    phase('generate', t0);
  }
  const lineorderRows = Number(spawnSync('wc', ['-l', path.join(csvDir, 'lineorder.csv')], { encoding: 'utf8' }).stdout.trim().split(' ')[0]) - 1;

  const loads = {};
  const loadedMarker = (name) => path.join(work, `${name}.loaded`);
  const pgEngine = engines.includes('postgres') ? new PostgresEngine(path.join(work, 'postgres'), { threads, memoryBytes, log }) : null;
  const chEngine = engines.includes('clickhouse') ? new ClickHouseEngine(path.join(work, 'clickhouse'), { threads, memoryBytes, log }) : null;
  const stopServers = async () => { pgEngine?.stop(); await chEngine?.stop(); };
  process.on('exit', () => { chEngine?.server?.kill('SIGKILL'); });
  try {
    if (!fs.existsSync(loadedMarker('tributary'))) {
      log('Tributary loads the CSVs (tributary sql: CREATE TABLE, COPY)');
      fs.rmSync(warehouse, { recursive: true, force: true });
      const file = path.join(work, 'tributary_load.sql');
      fs.writeFileSync(file, tributaryLoadSql(csvDir));
      t0 = process.hrtime.bigint();
      loads.tributary = { ...timed(tributary, ['sql', '--warehouse', warehouse, '--threads', String(threads), '-f', file]) };
      phase('load_tributary', t0);
      fs.writeFileSync(loadedMarker('tributary'), JSON.stringify(loads.tributary));
    } else loads.tributary = JSON.parse(fs.readFileSync(loadedMarker('tributary'), 'utf8'));
    if (engines.includes('duckdb')) {
      if (!fs.existsSync(loadedMarker('duckdb'))) {
        log(`DuckDB loads the CSVs into ${db}`);
        for (const p of [db, `${db}.wal`]) fs.rmSync(p, { force: true });
        t0 = process.hrtime.bigint();
        loads.duckdb = runJson(process.execPath, [self, 'duckdb-load', db, csvDir, String(threads), String(memoryBytes)]);
        phase('load_duckdb', t0);
        fs.writeFileSync(loadedMarker('duckdb'), JSON.stringify(loads.duckdb));
      } else loads.duckdb = JSON.parse(fs.readFileSync(loadedMarker('duckdb'), 'utf8'));
    }
    // A server engine: a fresh data directory unless its load finished
    // before, started, then loaded once (the marker keeps --reuse runs cheap).
    const loadServer = async (engine, name) => {
      if (!engine.loaded()) fs.rmSync(engine.dir, { recursive: true, force: true });
      await engine.start();
      if (fs.existsSync(loadedMarker(name))) {
        loads[name] = JSON.parse(fs.readFileSync(loadedMarker(name), 'utf8'));
        return;
      }
      log(`${LABEL[name]} loads the CSVs`);
      t0 = process.hrtime.bigint();
      const steps = await engine.load(csvDir);
      phase(`load_${name}`, t0);
      loads[name] = { seconds: phases[`load_${name}`], steps };
      fs.writeFileSync(loadedMarker(name), JSON.stringify(loads[name]));
    };
    if (pgEngine) await loadServer(pgEngine, 'postgres');
    if (chEngine) await loadServer(chEngine, 'clickhouse');

    const versions = { tributary: spawnSync(tributary, ['--version'], { encoding: 'utf8' }).stdout.trim() || 'Tributary' };
    const storage = { tributary: duBytes(warehouse) };
    const settings = {};
    if (engines.includes('duckdb')) {
      versions.duckdb = `DuckDB ${runJson(process.execPath, [self, 'duckdb-baseline', db]).version}`;
      storage.duckdb = duBytes(db);
    }
    if (pgEngine) { const i = await pgEngine.info(); versions.postgres = i.version; storage.postgres = i.storage_bytes; settings.postgres = i.settings; }
    if (chEngine) {
      const i = await chEngine.info();
      versions.clickhouse = i.version;
      storage.clickhouse = i.storage_bytes;
      settings.clickhouse_lineorder_parts = i.lineorder_parts;
    }

    const sqlDir = path.join(work, 'queries');
    fs.mkdirSync(sqlDir, { recursive: true });
    const results = [];
    const mismatches = [];
    t0 = process.hrtime.bigint();
    for (const [name, sql] of queries) {
      const file = path.join(sqlDir, `${name}.sql`);
      fs.writeFileSync(file, sql + '\n');
      const r = { name, engines: {} };
      const t = process.hrtime.bigint();
      r.engines.tributary = runJson(driver, [warehouse, file, String(reps), String(threads), String(memoryBytes)]);
      if (engines.includes('duckdb')) r.engines.duckdb = runJson(process.execPath, [self, 'duckdb-query', db, file, String(reps), String(threads), String(memoryBytes)]);
      if (pgEngine) r.engines.postgres = await pgEngine.query(sql, reps);
      if (chEngine) r.engines.clickhouse = await chEngine.query(chQueries.get(name), reps);
      r.rows = r.engines.tributary.rows.length;
      r.median = {};
      r.ratio = {};
      r.match = {};
      for (const e of engines) {
        r.median[e] = median(r.engines[e].runs);
        r.ratio[e] = r.median[e] / median(r.engines.tributary.runs);
        if (e === 'tributary') continue;
        const diff = compare(sql, r.engines.tributary.rows, r.engines[e].rows, LABEL[e]);
        r.match[e] = !diff;
        if (diff) mismatches.push(`${name} on ${LABEL[e]}: ${diff}`);
      }
      log(`${name} (${seconds(t).toFixed(1)} s): ${engines.map((e) => `${LABEL[e]} ${r.median[e].toFixed(3)} s`).join(', ')}` +
        `${Object.values(r.match).every(Boolean) ? '' : ' MISMATCH'}`);
      for (const e of engines) delete r.engines[e].rows;
      r.result_rows = r.rows;
      results.push(r);
    }
    phase('queries', t0);
    await stopServers();

    phases.total = seconds(started);
    for (const e of ALL_ENGINES) if (!engines.includes(e)) delete phases[`load_${e}`];
    const report = { date: new Date().toISOString(), scale: Number(scale), lineorder_rows: lineorderRows, threads, memory_budget_bytes: memoryBytes,
      reps, engines, machine: machine(), versions, settings, phases, loads, storage_bytes: storage, results, mismatches };
    const md = markdown(report);
    console.log(md);
    if (opts.out) {
      const base = opts.out.replace(/\.md$/, '');
      fs.mkdirSync(path.dirname(opts.out), { recursive: true });
      fs.writeFileSync(`${base}.md`, md);
      fs.writeFileSync(`${base}.json`, JSON.stringify(report, null, 1) + '\n');
      writeChart(path.resolve(`${base}.png`), results, engines, scale, work);
      log(`written to ${base}.{md,json,png}`);
    }
    if (mismatches.length) {
      console.error(`ssb bench: results differ from Tributary's:\n  ${mismatches.join('\n  ')}`);
      process.exit(1);
    }
  } finally {
    await stopServers();
  }
}

function markdown(rep) {
  const { engines, results } = rep;
  const fmt = (x, n = 2) => x.toFixed(n);
  const mb = (b) => fmt(b / 1e6, 0);
  const others = engines.filter((e) => e !== 'tributary');
  const m = rep.machine;
  const lines = [];
  lines.push(`# SSB SF${rep.scale}: Tributary, ${others.map((e) => LABEL[e]).join(', ')}`);
  lines.push('');
  lines.push(`Star Schema Benchmark at scale factor ${rep.scale} (${rep.lineorder_rows.toLocaleString('en-US')} lineorder rows), generated by \`tributary gen ssb\` as CSV and loaded by every engine from the same files. Run ${rep.date.slice(0, 10)} by \`make bench SF=${rep.scale}\` (\`bench/ssb_bench.mjs\`).`);
  lines.push('');
  lines.push(`Machine: ${m.nproc} × ${m.cpu}, ${m.memory_gib} GiB RAM, ${m.os}, Linux ${m.kernel}, Node.js ${m.node}.`);
  lines.push(`Engines: ${engines.map((e) => rep.versions[e]).join('; ')}.`);
  const limits = {
    tributary: 'Tributary `DatabaseOptions::threads`/`memory_limit`', duckdb: 'DuckDB `SET threads`/`memory_limit`',
    postgres: `PostgreSQL ${rep.settings.postgres}`, clickhouse: 'ClickHouse `max_threads`, `max_memory_usage`',
  };
  lines.push(`Every engine: ${rep.threads} threads and a ${fmt(rep.memory_budget_bytes / 2 ** 30, 1)} GiB memory budget (${engines.map((e) => limits[e]).join('; ')}). Each query: one warm-up run, then the median of ${rep.reps}.`);
  lines.push('');
  lines.push(`| query | rows | ${engines.map((e) => `${LABEL[e]} s`).join(' | ')} | ${others.map((e) => `${LABEL[e]} / Tributary`).join(' | ')} | results equal |`);
  lines.push(`|---|---|${engines.map(() => '---:|').join('')}${others.map(() => '---:|').join('')}---|`);
  for (const r of results) {
    lines.push(`| ${r.name} | ${r.result_rows} | ${engines.map((e) => fmt(r.median[e], 3)).join(' | ')} | ${others.map((e) => fmt(r.ratio[e])).join(' | ')} | ${Object.values(r.match).every(Boolean) ? 'yes' : '**no**'} |`);
  }
  lines.push(`| **geometric mean** | | ${engines.map((e) => `**${fmt(geomean(results.map((r) => r.median[e])), 3)}**`).join(' | ')} | ${others.map((e) => `**${fmt(geomean(results.map((r) => r.ratio[e])))}**`).join(' | ')} | |`);
  lines.push('');
  lines.push('Ratios are the engine\'s median time over Tributary\'s: above 1, Tributary is faster.');
  lines.push('');
  lines.push('| engine | load s | load steps | storage MB | peak memory MB | peak memory of |');
  lines.push('|---|---:|---|---:|---:|---|');
  const steps = (e) => Object.entries(rep.loads[e]?.steps ?? {}).map(([k, v]) => `${k} ${fmt(v, 1)} s`).join(', ');
  const peak = (e) => Math.max(...results.map((r) => r.engines[e].peak_rss_kb)) / 1024;
  const what = {
    tributary: 'VmHWM of the query process (bench/ssb_bench)',
    duckdb: 'VmHWM of the query process (node with DuckDB)',
    postgres: 'VmHWM of the query\'s backend, shared buffers it touched included, its parallel worker not',
    clickhouse: 'VmHWM of the server process over the whole run',
  };
  for (const e of engines) {
    lines.push(`| ${LABEL[e]} | ${fmt(rep.loads[e].seconds, 1)} | ${steps(e) || (e === 'tributary' ? 'CREATE TABLE + COPY' : 'CREATE TABLE + COPY, CHECKPOINT')} | ${mb(rep.storage_bytes[e])} | ${fmt(peak(e), 0)} | ${what[e]} |`);
  }
  lines.push('');
  if (rep.settings.clickhouse_lineorder_parts) lines.push(`ClickHouse's lineorder had ${rep.settings.clickhouse_lineorder_parts} active parts once background merges settled.`, '');
  lines.push(`Phases of the run: ${Object.entries(rep.phases).map(([k, v]) => `${k} ${fmt(v, 0)} s`).join(', ')}.`);
  lines.push('');
  lines.push(rep.mismatches.length === 0
    ? `${engines.map((e) => LABEL[e]).join(', ')} returned the same rows for all 13 queries.`
    : `**Results differ:** ${rep.mismatches.join('; ')}`);
  return lines.join('\n') + '\n';
}

const [mode, ...rest] = process.argv.slice(2);
const opts = {};
for (let i = 0; i < rest.length; i++) {
  if (!rest[i].startsWith('--')) continue;
  const next = rest[i + 1];
  if (next === undefined || next.startsWith('--')) opts[rest[i].slice(2)] = true;
  else opts[rest[i].slice(2)] = rest[++i];
}
if (mode === 'duckdb-load') await duckdbLoad(rest[0], rest[1], rest[2], rest[3]);
else if (mode === 'duckdb-query') await duckdbQuery(rest[0], rest[1], rest[2], rest[3], rest[4]);
else if (mode === 'duckdb-baseline') await duckdbBaseline(rest[0]);
else if (mode === 'report' && rest[0]?.endsWith('.json')) fs.writeFileSync(rest[0].replace(/\.json$/, '.md'), markdown(JSON.parse(fs.readFileSync(rest[0], 'utf8'))));
else if (mode === 'chart' && rest[0]?.endsWith('.json')) {
  const report = JSON.parse(fs.readFileSync(rest[0], 'utf8'));
  writeChart(path.resolve(rest[0].replace(/\.json$/, '.png')), report.results, report.engines, report.scale, os.tmpdir());
} else if (mode === 'run' && opts.tributary && opts.driver && opts.work) await run(opts);
else {
  console.error('usage: node bench/ssb_bench.mjs run --tributary BIN --driver BIN --work DIR [--scale SF] [--reps R] [--threads T] [--memory-gb G] [--engines LIST] [--out FILE.md] [--reuse]');
  process.exit(2);
}
