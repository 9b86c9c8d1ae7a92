// ClickHouse in the SSB comparison: a private clickhouse-server (Debian's,
// 18.16 in bookworm) with a config of its own in DIR, listening on loopback
// ports, loaded from the CSVs with clickhouse-client and queried over HTTP.
//
// Limits (users.xml profile): max_threads = T, max_memory_usage = the
// budget per query, background_pool_size = T for merges; the mark cache is
// capped at 1/16 of the budget and the uncompressed cache is off (its
// default), so the server's memory is the queries' plus small caches.
//
// Tables follow ClickHouse's SSB guide: MergeTree, lineorder PARTITION BY
// toYear(lo_orderdate) ORDER BY (lo_orderdate, lo_orderkey), each dimension
// ORDER BY its key, and the guide's narrow unsigned integer types (the
// values fit; sums and differences widen to 64 bits). LowCardinality is left
// out: it is experimental in 18.16. After the inserts the load waits until
// background merges have finished, so no merge runs under the timed queries.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { SCHEMA, SSB_COLUMNS } from '../tests/differential/ssb_duckdb.mjs';
import { vmHwmKb } from './ssb_postgres.mjs';

const seconds = (t0) => Number(process.hrtime.bigint() - t0) / 1e9;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// The guide's types where it narrows ours; the rest map INTEGER → Int32.
const NARROW = {
  lo_orderkey: 'UInt32', lo_linenumber: 'UInt8', lo_custkey: 'UInt32', lo_partkey: 'UInt32', lo_suppkey: 'UInt32',
  lo_quantity: 'UInt8', lo_extendedprice: 'UInt32', lo_ordtotalprice: 'UInt32', lo_discount: 'UInt8', lo_revenue: 'UInt32',
  lo_supplycost: 'UInt32', lo_tax: 'UInt8', c_custkey: 'UInt32', s_suppkey: 'UInt32', p_partkey: 'UInt32', p_size: 'UInt8',
  d_year: 'UInt16', d_yearmonthnum: 'UInt32', d_daynuminweek: 'UInt8', d_daynuminmonth: 'UInt8', d_daynuminyear: 'UInt16',
  d_monthnuminyear: 'UInt8', d_weeknuminyear: 'UInt8', d_lastdayinweekfl: 'UInt8', d_lastdayinmonthfl: 'UInt8',
  d_holidayfl: 'UInt8', d_weekdayfl: 'UInt8',
};
const CH_TYPES = { INTEGER: 'Int32', BIGINT: 'Int64', VARCHAR: 'String', DATE: 'Date' };
const ENGINES = {
  lineorder: 'MergeTree PARTITION BY toYear(lo_orderdate) ORDER BY (lo_orderdate, lo_orderkey)',
  customer: 'MergeTree ORDER BY c_custkey', supplier: 'MergeTree ORDER BY s_suppkey',
  part: 'MergeTree ORDER BY p_partkey', date: 'MergeTree ORDER BY d_datekey',
};

export class ClickHouseEngine {
  constructor(dir, { threads, memoryBytes, log }) {
    this.dir = dir;
    this.threads = threads;
    this.memoryBytes = memoryBytes;
    this.log = log;
    const base = 20000 + Math.floor(Math.random() * 20000);
    this.httpPort = base;
    this.tcpPort = base + 1;
    this.peakRssKb = 0;
  }

  loaded() { return fs.existsSync(path.join(this.dir, 'loaded')); }

  writeConfig() {
    const d = this.dir;
    fs.writeFileSync(path.join(d, 'config.xml'), `<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>${d}/server.log</log><errorlog>${d}/server.err.log</errorlog><size>100M</size><count>1</count></logger>
  <http_port>${this.httpPort}</http_port>
  <tcp_port>${this.tcpPort}</tcp_port>
  <listen_host>127.0.0.1</listen_host>
  <keep_alive_timeout>3600</keep_alive_timeout>
  <max_concurrent_queries>10</max_concurrent_queries>
  <uncompressed_cache_size>0</uncompressed_cache_size>
  <mark_cache_size>${Math.floor(this.memoryBytes / 16)}</mark_cache_size>
  <path>${d}/data/</path>
  <tmp_path>${d}/tmp/</tmp_path>
  <user_files_path>${d}/user_files/</user_files_path>
  <format_schema_path>${d}/format_schemas/</format_schema_path>
  <users_config>${d}/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <mlock_executable>false</mlock_executable>
</yandex>
`);
    fs.writeFileSync(path.join(d, 'users.xml'), `<?xml version="1.0"?>
<yandex>
  <profiles><default>
    <max_threads>${this.threads}</max_threads>
    <max_memory_usage>${this.memoryBytes}</max_memory_usage>
    <background_pool_size>${this.threads}</background_pool_size>
    <use_uncompressed_cache>0</use_uncompressed_cache>
  </default></profiles>
  <users><default>
    <password></password>
    <networks><ip>127.0.0.1</ip></networks>
    <profile>default</profile>
    <quota>default</quota>
  </default></users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors>
    <result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
`);
  }

  async start() {
    fs.mkdirSync(this.dir, { recursive: true });
    this.writeConfig();
    const out = fs.openSync(path.join(this.dir, 'stdout.log'), 'a');
    this.server = spawn('clickhouse-server', [`--config-file=${path.join(this.dir, 'config.xml')}`], { stdio: ['ignore', out, out] });
    this.pid = this.server.pid;
    for (let i = 0; i < 300; i++) {
      if (this.server.exitCode !== null) break;
      try { if ((await this.sql('SELECT 1')).trim() === '1') return; } catch { /* not up yet */ }
      await sleep(100);
    }
    throw new Error(`clickhouse-server did not start: see ${this.dir}/server.err.log`);
  }

  async stop() {
    if (!this.server || this.server.exitCode !== null) return;
    const exited = new Promise((r) => this.server.once('exit', r));
    this.server.kill('SIGTERM');
    await Promise.race([exited, sleep(15000)]);
    if (this.server.exitCode === null) this.server.kill('SIGKILL');
  }

  /// One statement over HTTP; the response body (TSV for SELECTs). The
  /// server's keep-alive outlasts any pause of the run (a load's inserts go
  /// through clickhouse-client), else the client could reuse a connection
  /// the server has just closed.
  async sql(text) {
    const res = await fetch(`http://127.0.0.1:${this.httpPort}/`, { method: 'POST', body: text });
    const body = await res.text();
    if (!res.ok) throw new Error(`ClickHouse: ${body.trim()} in: ${text.slice(0, 200)}`);
    return body;
  }

  async load(csvDir) {
    const steps = {};
    await this.sql(`CREATE DATABASE ${SCHEMA}`);
    for (const [table, cols] of Object.entries(SSB_COLUMNS)) {
      await this.sql(`CREATE TABLE ${SCHEMA}.${table} (${cols.map(([n, ty]) => `${n} ${NARROW[n] ?? CH_TYPES[ty]}`).join(', ')}) ENGINE = ${ENGINES[table]}`);
    }
    let t0 = process.hrtime.bigint();
    for (const table of Object.keys(SSB_COLUMNS)) {
      const input = fs.openSync(path.join(csvDir, table + '.csv'), 'r');
      const r = spawnSync('clickhouse-client', ['--host', '127.0.0.1', '--port', String(this.tcpPort), '--max_threads', String(this.threads),
        '--query', `INSERT INTO ${SCHEMA}.${table} FORMAT CSVWithNames`], { stdio: [input, 'pipe', 'pipe'], encoding: 'utf8' });
      fs.closeSync(input);
      if (r.status !== 0) throw new Error(`clickhouse-client INSERT INTO ${table} failed: ${r.stderr}`);
    }
    steps.insert = seconds(t0);
    this.log(`ClickHouse insert: ${steps.insert.toFixed(1)} s`);
    t0 = process.hrtime.bigint();
    // Merges are scheduled a moment after the parts appear: settled is no
    // merge running for three checks a second apart.
    for (let idle = 0; idle < 3;) {
      await sleep(1000);
      idle = Number((await this.sql('SELECT count() FROM system.merges')).trim()) > 0 ? 0 : idle + 1;
    }
    steps.merges = seconds(t0);
    this.log(`ClickHouse background merges: ${steps.merges.toFixed(1)} s`);
    fs.writeFileSync(path.join(this.dir, 'loaded'), '');
    return steps;
  }

  /// Warm-up, then reps timed runs; the server's peak RSS so far (VmHWM of
  /// its one process: every query and cache lives in it).
  async query(sql, reps) {
    const text = `${sql}\nFORMAT TabSeparated`;
    const parse = (body) => body.split('\n').filter((l) => l !== '').map((l) => l.split('\t').map((v) => (v === '\\N' ? null : v)));
    await this.sql(text);
    const runs = [];
    let rows;
    for (let i = 0; i < reps; i++) {
      const t0 = process.hrtime.bigint();
      const body = await this.sql(text);
      runs.push(seconds(t0));
      rows = parse(body);
    }
    const rss = vmHwmKb(this.pid);
    this.peakRssKb = Math.max(this.peakRssKb, rss);
    return { runs, rows, peak_rss_kb: rss };
  }

  async info() {
    const version = (await this.sql('SELECT version()')).trim();
    const parts = Number((await this.sql(`SELECT count() FROM system.parts WHERE active AND database = '${SCHEMA}' AND table = 'lineorder'`)).trim());
    return { version: `ClickHouse ${version}`, storage_bytes: duBytes(path.join(this.dir, 'data', 'data', SCHEMA)), lineorder_parts: parts };
  }
}

/// Bytes of the files under `p`; 0 when it is gone.
export function duBytes(p) {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.size;
  let total = 0;
  for (const e of fs.readdirSync(p)) total += duBytes(path.join(p, e));
  return total;
}

/// "-- Qx.y" sections of ssb_queries_clickhouse.sql → Map(name → text).
export function loadClickHouseQueries() {
  const text = fs.readFileSync(new URL('./ssb_queries_clickhouse.sql', import.meta.url), 'utf8');
  const queries = new Map();
  let name = null, body = [];
  const flush = () => { if (name) queries.set(name, body.join('\n').trim().replace(/;\s*$/, '')); };
  for (const line of text.split('\n')) {
    const m = line.match(/^--\s*(Q\d\.\d)\s*$/);
    if (m) { flush(); name = m[1]; body = []; } else if (name && !line.startsWith('--')) body.push(line);
  }
  flush();
  return queries;
}
