/** Helpers for the generate tests: read a generated world back. */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export type Row = Record<string, string>;

/** A generated CSV as header and rows (the generator never quotes). */
export function readCsv(path: string): { header: string[]; rows: Row[] } {
  const lines = readFileSync(path, 'utf8').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const header = lines[0].split(',');
  const rows = lines.slice(1).map((line) => {
    const cells = line.split(',');
    const row: Row = {};
    header.forEach((h, i) => (row[h] = cells[i]));
    return row;
  });
  return { header, rows };
}

/** SHA-256 of every file in a directory, by name. */
export function hashDir(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    const bytes = readFileSync(join(dir, name));
    out[name] = createHash('sha256').update(bytes).digest('hex');
  }
  return out;
}

/** Area under the ROC curve with ties counted half (Mann-Whitney). */
export function auc(scores: number[], labels: number[]): number {
  const order = scores.map((_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let rankSum = 0;
  let positives = 0;
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j < order.length && scores[order[j]] === scores[order[i]]) j++;
    const midRank = (i + j + 1) / 2;
    for (let k = i; k < j; k++) {
      if (labels[order[k]]) {
        rankSum += midRank;
        positives++;
      }
    }
    i = j;
  }
  const negatives = order.length - positives;
  return (
    (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives)
  );
}

/** Key of a sample: one impression of an item in a session. */
export function sampleKey(r: Row): string {
  return `${r.session_id}|${r.item_id}`;
}
