// Regenerates the seed inputs of fuzz/corpus/parquet_reader_fuzzer/: small
// valid files from Tributary (parquet_interop_tool write DIR ROWS) and from
// DuckDB (format V1 and V2, every codec, the encodings DuckDB picks), plus
// deterministic truncated and corrupted variants of each. Crash reproducers
// live in the same folder under crash-* names and are kept as they are.
//
//   node fuzz/seed_corpus.mjs --tool BUILD/tests/interop/parquet_interop_tool

import { DuckDBInstance } from '@duckdb/node-api';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
);
const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, 'corpus', 'parquet_reader_fuzzer');
fs.mkdirSync(out, { recursive: true });
for (const f of fs.readdirSync(out)) if (f.startsWith('seed-')) fs.rmSync(path.join(out, f));

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-seeds-'));
const seeds = [];

if (args.tool) {
  const r = spawnSync(args.tool, ['write', scratch, '12'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`interop tool failed: ${r.stderr}`);
  for (const name of ['ours_plain_UNCOMPRESSED', 'ours_dict_ZSTD', 'ours_fallback_SNAPPY', 'ours_empty']) {
    seeds.push([name, fs.readFileSync(path.join(scratch, `${name}.parquet`))]);
  }
}

const instance = await DuckDBInstance.create(':memory:');
const con = await instance.connect();
await con.run(`CREATE TABLE t AS SELECT
  range::INTEGER id,
  CASE WHEN range % 4 = 0 THEN NULL ELSE range % 3 = 0 END b,
  (range * 37 % 1000 - 500)::SMALLINT i16,
  CASE WHEN range % 5 = 1 THEN NULL ELSE (range * 7919)::BIGINT END i64,
  (range * 0.5)::FLOAT f, (range * 1.25 - 3)::DOUBLE d,
  (range * 3.1)::DECIMAL(9,2) d9, (range * 1000.0001)::DECIMAL(18,4) d18, (range * 12345.6789)::DECIMAL(38,10) d38,
  CASE WHEN range % 6 = 2 THEN NULL ELSE 'v' || (range % 5)::VARCHAR END s_low,
  md5(range::VARCHAR) s,
  DATE '2024-01-01' + range::INTEGER dt, TIMESTAMP '2024-01-01' + INTERVAL (range) MINUTE ts,
  (TIMESTAMP '2024-01-01' + INTERVAL (range) SECOND)::TIMESTAMPTZ tstz
  FROM range(40)`);
for (const version of ['V1', 'V2']) {
  for (const codec of ['uncompressed', 'snappy', 'gzip', 'zstd', 'lz4_raw']) {
    const file = path.join(scratch, `duckdb_${version}_${codec}.parquet`);
    const opts = [`FORMAT parquet`, `COMPRESSION ${codec}`, `ROW_GROUP_SIZE 16`];
    if (version === 'V2') opts.push('PARQUET_VERSION V2');
    await con.run(`COPY t TO '${file}' (${opts.join(', ')})`);
    seeds.push([`duckdb_${version}_${codec}`, fs.readFileSync(file)]);
  }
}
fs.rmSync(scratch, { recursive: true, force: true });

// Deterministic damage: truncations, the footer length pointing outside the
// file, and byte flips spread over the body and the footer.
let state = 12345;
const rand = (n) => {
  state = (state * 1103515245 + 12345) % 2147483648;
  return state % n;
};
let total = 0;
const save = (name, bytes) => {
  fs.writeFileSync(path.join(out, `seed-${name}`), bytes);
  total += bytes.length;
};
for (const [name, bytes] of seeds) {
  save(`${name}.parquet`, bytes);
  save(`${name}.trunc-half`, bytes.subarray(0, bytes.length >> 1));
  save(`${name}.trunc-footer`, Buffer.concat([bytes.subarray(0, bytes.length - 40), bytes.subarray(bytes.length - 8)]));
  const huge = Buffer.from(bytes);
  huge.writeUInt32LE(0x7ffffff0, huge.length - 8);
  save(`${name}.footer-len`, huge);
  for (let k = 0; k < 3; k++) {
    const flipped = Buffer.from(bytes);
    for (let j = 0; j < 4; j++) {
      const region = k === 0 ? [4, flipped.length >> 1] : [flipped.length >> 1, flipped.length - 8];
      const at = region[0] + rand(Math.max(1, region[1] - region[0]));
      flipped[at] ^= 1 << rand(8);
    }
    save(`${name}.flip${k}`, flipped);
  }
}
console.log(`${seeds.length} seed files, ${fs.readdirSync(out).filter((f) => f.startsWith('seed-')).length} inputs, ${total} bytes in ${out}`);
