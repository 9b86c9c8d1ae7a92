// PostgreSQL in the SSB comparison: a private server of the Debian
// PostgreSQL (initdb'd in DIR, loopback only, trusted, C locale), loaded the
// way a user would, and the queries run through node-postgres.
//
// Limits: 2 threads means max_parallel_workers_per_gather = T - 1 (the
// leader works too, so T processes scan), and memory is shared_buffers =
// 1/4 of the budget, effective_cache_size = the budget, work_mem = 1/16 of
// it (a hash join may use twice that: hash_mem_multiplier 2).
//
// Load: each table is created and COPYed (server side, from the CSV) in one
// transaction, which wal_level = minimal lets skip the WAL; then primary keys
// on the dimensions and on lineorder (lo_orderkey, lo_linenumber), a BRIN
// index on lo_orderdate (the rows arrive in date order, so it is a few pages
// and prunes date ranges), and VACUUM (FREEZE, ANALYZE) so that hint bits
// and the visibility map are set before the timed reads and the planner has
// statistics. Each step is timed.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { SCHEMA, SSB_COLUMNS } from '../tests/differential/ssb_duckdb.mjs';

const seconds = (t0) => Number(process.hrtime.bigint() - t0) / 1e9;
const PRIMARY_KEYS = {
  lineorder: 'lo_orderkey, lo_linenumber', customer: 'c_custkey', supplier: 's_suppkey', part: 'p_partkey', date: 'd_datekey',
};
const PG_TYPES = { INTEGER: 'integer', BIGINT: 'bigint', VARCHAR: 'text', DATE: 'date' };

function pgBin() {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root) ? fs.readdirSync(root).sort((a, b) => Number(a) - Number(b)) : [];
  if (!versions.length) throw new Error('PostgreSQL is not installed (/usr/lib/postgresql/*/bin; run make deps)');
  return path.join(root, versions.at(-1), 'bin');
}

// PostgreSQL refuses to run as root: run its programs as the postgres user.
function asPostgres(cmd, args) {
  const quoted = [cmd, ...args].map((a) => `'${String(a).replaceAll("'", "'\\''")}'`).join(' ');
  const r = process.getuid() === 0
    ? spawnSync('su', ['postgres', '-c', quoted], { encoding: 'utf8' })
    : spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}${r.stdout}`);
  return r.stdout;
}

export class PostgresEngine {
  constructor(dir, { threads, memoryBytes, log }) {
    this.dir = dir;
    this.data = path.join(dir, 'data');
    this.threads = threads;
    this.memoryMb = Math.floor(memoryBytes / 2 ** 20);
    this.log = log;
    this.port = 20000 + Math.floor(Math.random() * 20000);
    this.bin = pgBin();
    this.peakRssKb = 0;
  }

  loaded() { return fs.existsSync(path.join(this.dir, 'loaded')); }

  start() {
    if (!fs.existsSync(this.data)) {
      fs.mkdirSync(this.dir, { recursive: true });
      if (process.getuid() === 0) spawnSync('chown', ['postgres', this.dir]);
      asPostgres(path.join(this.bin, 'initdb'), ['-D', this.data, '-U', 'postgres', '--auth=trust', '--locale=C', '-E', 'UTF8']);
    }
    const mem = this.memoryMb;
    const settings = {
      listen_addresses: '127.0.0.1', max_connections: 20,
      shared_buffers: `${Math.floor(mem / 4)}MB`, effective_cache_size: `${mem}MB`, work_mem: `${Math.floor(mem / 16)}MB`,
      maintenance_work_mem: `${Math.floor(mem / 4)}MB`, max_wal_size: '8GB', wal_level: 'minimal', max_wal_senders: 0,
      max_worker_processes: 8, max_parallel_workers: this.threads - 1, max_parallel_workers_per_gather: this.threads - 1,
      max_parallel_maintenance_workers: this.threads - 1, jit: 'off',
    };
    const o = [`-p ${this.port} -k ${this.dir}`, ...Object.entries(settings).map(([k, v]) => `-c ${k}=${v}`)].join(' ');
    asPostgres(path.join(this.bin, 'pg_ctl'), ['-D', this.data, '-l', path.join(this.dir, 'server.log'), '-w', '-o', o, 'start']);
    this.postmasterPid = Number(fs.readFileSync(path.join(this.data, 'postmaster.pid'), 'utf8').split('\n')[0]);
  }

  stop() {
    try { asPostgres(path.join(this.bin, 'pg_ctl'), ['-D', this.data, '-m', 'fast', 'stop']); } catch { /* not running */ }
  }

  async connect() {
    const client = new pg.Client({ host: '127.0.0.1', port: this.port, user: 'postgres', database: 'postgres' });
    await client.connect();
    return client;
  }

  /// Loads the CSVs of csvDir; returns the seconds of each step.
  async load(csvDir) {
    const c = await this.connect();
    const steps = {};
    const step = async (name, fn) => { const t0 = process.hrtime.bigint(); await fn(); steps[name] = seconds(t0); this.log(`PostgreSQL ${name}: ${steps[name].toFixed(1)} s`); };
    await c.query(`CREATE SCHEMA ${SCHEMA}`);
    await step('copy', async () => {
      for (const [table, cols] of Object.entries(SSB_COLUMNS)) {
        await c.query('BEGIN');
        await c.query(`CREATE TABLE ${SCHEMA}."${table}" (${cols.map(([n, ty]) => `${n} ${PG_TYPES[ty]} NOT NULL`).join(', ')})`);
        await c.query(`COPY ${SCHEMA}."${table}" FROM '${path.join(csvDir, table + '.csv')}' (FORMAT csv, HEADER)`);
        await c.query('COMMIT');
      }
    });
    await step('indexes', async () => {
      for (const [table, key] of Object.entries(PRIMARY_KEYS)) await c.query(`ALTER TABLE ${SCHEMA}."${table}" ADD PRIMARY KEY (${key})`);
      await c.query(`CREATE INDEX lineorder_orderdate_brin ON ${SCHEMA}.lineorder USING brin (lo_orderdate)`);
    });
    await step('vacuum_analyze', async () => {
      for (const table of Object.keys(SSB_COLUMNS)) await c.query(`VACUUM (FREEZE, ANALYZE) ${SCHEMA}."${table}"`);
      await c.query('CHECKPOINT');
    });
    await c.end();
    fs.writeFileSync(path.join(this.dir, 'loaded'), '');
    return steps;
  }

  /// Warm-up, then reps timed runs in one fresh connection (a fresh backend
  /// process); the backend's peak RSS (VmHWM) includes the shared buffers
  /// it touched but not its parallel worker's memory.
  async query(sql, reps) {
    const c = await this.connect();
    const pid = (await c.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
    const text = (res) => res.rows.map((r) => r.map((v) => (v === null ? null : String(v))));
    await c.query({ text: sql, rowMode: 'array' });
    const runs = [];
    let rows;
    for (let i = 0; i < reps; i++) {
      const t0 = process.hrtime.bigint();
      const res = await c.query({ text: sql, rowMode: 'array' });
      runs.push(seconds(t0));
      rows = text(res);
    }
    const rss = vmHwmKb(pid);
    await c.end();
    this.peakRssKb = Math.max(this.peakRssKb, rss);
    return { runs, rows, peak_rss_kb: rss };
  }

  async info() {
    const c = await this.connect();
    const version = (await c.query('SHOW server_version')).rows[0].server_version;
    const bytes = Number((await c.query(`SELECT sum(pg_total_relation_size(oid)) AS b FROM pg_class
      WHERE relnamespace = '${SCHEMA}'::regnamespace AND relkind = 'r'`)).rows[0].b);
    const settings = (await c.query(`SELECT name, setting, unit FROM pg_settings WHERE name IN
      ('shared_buffers','work_mem','effective_cache_size','max_parallel_workers_per_gather','max_parallel_workers') ORDER BY name`)).rows
      .map((r) => `${r.name}=${r.setting}${r.unit ?? ''}`).join(', ');
    await c.end();
    return { version: `PostgreSQL ${version}`, storage_bytes: bytes, settings };
  }
}

export function vmHwmKb(pid) {
  try {
    const m = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmHWM:\s*(\d+)/);
    return m ? Number(m[1]) : 0;
  } catch { return 0; }
}
