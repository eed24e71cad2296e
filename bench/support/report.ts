import { mkdirSync, writeFileSync } from 'node:fs';

/** One line of a benchmark's table: our figure, the baseline's from the same run, and the goal. */
export interface ResultRow {
  measure: string;
  unit: string;
  ours: number;
  baseline?: number;
  /** Printed after the result: context for the figure. */
  note?: string;
  /** `ratio` rows pass at ours / baseline >= goal; `max` rows pass at ours < goal; `info` rows carry no goal. */
  goal: { kind: 'ratio'; min: number } | { kind: 'max'; value: number } | { kind: 'info' };
}

export interface CheckedRow extends ResultRow {
  ratio?: number;
  pass?: boolean;
}

export function check(row: ResultRow): CheckedRow {
  const ratio = row.baseline ? row.ours / row.baseline : undefined;
  if (row.goal.kind === 'ratio') return { ...row, ratio, pass: ratio !== undefined && ratio >= row.goal.min };
  if (row.goal.kind === 'max') return { ...row, ratio, pass: row.ours < row.goal.value };
  return { ...row, ratio };
}

const figure = (value: number | undefined) =>
  value === undefined ? '' : value >= 100 ? Math.round(value).toLocaleString('en') : value.toFixed(1);

function goalText(row: CheckedRow): string {
  if (row.goal.kind === 'ratio') return `ratio >= ${row.goal.min}`;
  if (row.goal.kind === 'max') return `< ${figure(row.goal.value)} ${row.unit}`;
  return '';
}

/** Prints a compact table (ours, baseline, ratio, goal, pass/fail) and writes bench/results/<name>.json. */
export function report(
  name: string,
  title: string,
  rows: ResultRow[],
  details: Record<string, unknown> = {},
) {
  const checked = rows.map(check);
  const table = [
    ['measure', 'unit', 'ours', 'baseline', 'ratio', 'goal', 'result', 'note'],
    ...checked.map((row) => [
      row.measure,
      row.unit,
      figure(row.ours),
      figure(row.baseline),
      row.ratio === undefined ? '' : row.ratio.toFixed(2),
      goalText(row),
      row.pass === undefined ? '' : row.pass ? 'pass' : 'FAIL',
      row.note ?? '',
    ]),
  ];
  const widths = table[0].map((_, column) => Math.max(...table.map((line) => line[column].length)));
  const numeric = new Set([2, 3, 4]);
  const format = (line: string[]) =>
    line.map((cell, i) => (numeric.has(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ');
  console.log(`\n${title}`);
  console.log(format(table[0]).trimEnd());
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const line of table.slice(1)) console.log(format(line).trimEnd());
  mkdirSync(new URL('../results/', import.meta.url), { recursive: true });
  const result = {
    benchmark: name,
    at: new Date().toISOString(),
    node: process.version,
    rows: checked,
    ...details,
  };
  writeFileSync(new URL(`../results/${name}.json`, import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
  return checked;
}

/** The value at quantile q (0..1) of ascending sorted values. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** A positive integer from the environment, for scaling a benchmark down on a slow machine. */
export function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

export function log(message: string): void {
  console.log(`  ${new Date().toISOString().slice(11, 19)} ${message}`);
}
