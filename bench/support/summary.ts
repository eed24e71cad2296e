/** Prints every goal of the named benchmarks' last results (bench/results/<name>.json) with pass or FAIL. */
import { existsSync, readFileSync } from 'node:fs';
import type { CheckedRow } from './report.js';

for (const name of process.argv.slice(2)) {
  const file = new URL(`../results/${name}.json`, import.meta.url);
  if (name === 'policy' || !existsSync(file)) continue;
  const { rows } = JSON.parse(readFileSync(file, 'utf8')) as { rows: CheckedRow[] };
  for (const row of rows.filter((r) => r.pass !== undefined)) {
    const figure =
      row.ratio !== undefined && row.goal.kind === 'ratio'
        ? `ratio ${row.ratio.toFixed(2)}`
        : `${row.ours.toFixed(0)} ${row.unit}`;
    console.log(`${row.pass ? 'pass' : 'FAIL'}  ${name}: ${row.measure} (${figure})`);
  }
}
