// Reads a recvalue output folder with libraries that share no code with Spark or Arrow Java:
// the Parquet tables with DuckDB, the Arrow IPC files with Arrow JS. Prints one JSON document.
// usage: node reader.mjs OUTPUT_DIR VALUES_TABLE ARROW_FILE[,ARROW_FILE...] TABLE...
// (paths relative to OUTPUT_DIR; VALUES_TABLE is the interaction values, e.g. value/interactions)
import { DuckDBInstance, version } from '@duckdb/node-api';
import { tableFromIPC } from 'apache-arrow';
import { readFileSync } from 'node:fs';

const [outputDir, valuesTable, arrowFiles, ...tables] = process.argv.slice(2);
const quote = (s) => `'${s.replaceAll("'", "''")}'`;
const parquet = (table) => `read_parquet(${quote(`${outputDir}/${table}/*.parquet`)})`;

const db = await DuckDBInstance.create(':memory:');
const sql = await db.connect();
const rows = async (query) => (await sql.runAndReadAll(query)).getRowObjectsJson();

const result = { duckdb_version: version(), parquet: {}, arrow: {} };
for (const table of tables) {
  const [{ n }] = await rows(`SELECT count(*) AS n FROM ${parquet(table)}`);
  const columns = await rows(`DESCRIBE SELECT * FROM ${parquet(table)}`);
  result.parquet[table] = {
    rows: Number(n),
    columns: columns.map((c) => `${c.column_name}:${c.column_type}`),
  };
}
const top = (order) => rows(
  `SELECT user_id, item_id, value FROM ${parquet(valuesTable)} ORDER BY value ${order}, user_id, item_id LIMIT 5`);
result.values_highest = await top('DESC');
result.values_lowest = await top('ASC');
result.values_sum = (await rows(`SELECT sum(value) AS s FROM ${parquet(valuesTable)}`))[0].s;

for (const file of arrowFiles.split(',')) {
  const table = tableFromIPC(readFileSync(`${outputDir}/${file}`));
  result.arrow[file] = {
    rows: table.numRows,
    fields: table.schema.fields.map((f) => `${f.name}:${f.type}`),
    data: table.toArray().map((row) => Object.fromEntries(Object.entries(row.toJSON())
      .map(([k, v]) => [k, typeof v === 'bigint' ? v.toString() : v]))),
  };
}
console.log(JSON.stringify(result));
