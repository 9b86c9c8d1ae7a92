// What every SSB comparison against DuckDB shares: the five tables' column
// types exactly as `tributary gen ssb` declares them, the 13 queries of
// ssb_queries.sql with their FROM lists qualified by the schema, and loading
// the generated CSVs into a DuckDB connection.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const SCHEMA = 'ssb';

const INT = 'INTEGER', TEXT = 'VARCHAR', DATE = 'DATE';
export const SSB_COLUMNS = {
  lineorder: [['lo_orderkey', 'BIGINT'], ['lo_linenumber', INT], ['lo_custkey', INT], ['lo_partkey', INT],
    ['lo_suppkey', INT], ['lo_orderdate', DATE], ['lo_orderpriority', TEXT], ['lo_shippriority', TEXT],
    ['lo_quantity', INT], ['lo_extendedprice', INT], ['lo_ordtotalprice', INT], ['lo_discount', INT],
    ['lo_revenue', INT], ['lo_supplycost', INT], ['lo_tax', INT], ['lo_commitdate', DATE], ['lo_shipmode', TEXT]],
  customer: [['c_custkey', INT], ['c_name', TEXT], ['c_address', TEXT], ['c_city', TEXT], ['c_nation', TEXT],
    ['c_region', TEXT], ['c_phone', TEXT], ['c_mktsegment', TEXT]],
  supplier: [['s_suppkey', INT], ['s_name', TEXT], ['s_address', TEXT], ['s_city', TEXT], ['s_nation', TEXT],
    ['s_region', TEXT], ['s_phone', TEXT]],
  part: [['p_partkey', INT], ['p_name', TEXT], ['p_mfgr', TEXT], ['p_category', TEXT], ['p_brand1', TEXT],
    ['p_color', TEXT], ['p_type', TEXT], ['p_size', INT], ['p_container', TEXT]],
  date: [['d_datekey', DATE], ['d_date', TEXT], ['d_dayofweek', TEXT], ['d_month', TEXT], ['d_year', INT],
    ['d_yearmonthnum', INT], ['d_yearmonth', TEXT], ['d_daynuminweek', INT], ['d_daynuminmonth', INT],
    ['d_daynuminyear', INT], ['d_monthnuminyear', INT], ['d_weeknuminyear', INT], ['d_sellingseason', TEXT],
    ['d_lastdayinweekfl', INT], ['d_lastdayinmonthfl', INT], ['d_holidayfl', INT], ['d_weekdayfl', INT]],
};

const sqlString = (s) => `'${s.replaceAll("'", "''")}'`;

// Prefixes each table of the FROM list (up to WHERE) with the schema.
function qualify(sql) {
  return sql.replace(/(\bfrom\s+)([\s\S]*?)(\s+where\b)/i, (_, from, list, where) =>
    from + list.split(',').map((t) => `${SCHEMA}.${t.trim()}`).join(', ') + where);
}

/// "-- Qx.y" sections of ssb_queries.sql → Map(name → query text).
export function loadSsbQueries() {
  const text = fs.readFileSync(path.join(here, 'ssb_queries.sql'), 'utf8');
  const queries = new Map();
  let name = null, body = [];
  const flush = () => { if (name) queries.set(name, qualify(body.join('\n').trim().replace(/;\s*$/, ''))); };
  for (const line of text.split('\n')) {
    const m = line.match(/^--\s*(Q\d\.\d)\s*$/);
    if (m) { flush(); name = m[1]; body = []; } else if (name && !line.startsWith('--')) body.push(line);
  }
  flush();
  return queries;
}

/// Creates schema `ssb` and its five tables on `con` and copies
/// `<csvDir>/<table>.csv` (header line, comma, double quotes) into each.
export async function loadSsbIntoDuckDB(con, csvDir) {
  await con.run(`CREATE SCHEMA ${SCHEMA}`);
  for (const [table, cols] of Object.entries(SSB_COLUMNS)) {
    await con.run(`CREATE TABLE ${SCHEMA}."${table}" (${cols.map(([n, ty]) => `${n} ${ty} NOT NULL`).join(', ')})`);
    await con.run(`COPY ${SCHEMA}."${table}" FROM ${sqlString(path.join(csvDir, table + '.csv'))} (HEADER, DELIMITER ',', QUOTE '"')`);
  }
}
