/**
 * The record of every repair `winnow prepare` makes, by table and reason,
 * written as `quality.json`. Nothing is dropped or changed silently.
 */

export interface Repair {
  table: string;
  reason: string;
  /** Rows (or values, for imputations) affected. */
  count: number;
  /** What was done: dropped, imputed, clipped, normalised. */
  action: 'dropped' | 'imputed' | 'clipped' | 'normalised' | 'added';
  /** A few examples with their line numbers, for people to check. */
  examples: string[];
}

export interface QualityReport {
  format: 'winnow-quality';
  version: 1;
  tables: Record<string, { file: string; rowsRead: number; rowsKept?: number }>;
  repairs: Repair[];
}

/** Internal table names shown to people under the name of their input. */
const SHOWN_AS: Record<string, string> = {
  ev: 'events',
  ev_dedup: 'events',
  items_raw: 'items',
  users_raw: 'users',
  obs: 'samples',
};

/** Tables read from several files are loaded in parts named `T__partN`. */
const shown = (table: string) => {
  const base = table.replace(/__part\d+$/, '');
  return SHOWN_AS[base] ?? base;
};

export class QualityLog {
  private readonly report: QualityReport = {
    format: 'winnow-quality',
    version: 1,
    tables: {},
    repairs: [],
  };

  table(name: string, file: string, rowsRead: number): void {
    this.report.tables[shown(name)] = { file, rowsRead };
  }

  kept(name: string, rows: number): void {
    const entry = this.report.tables[shown(name)];
    if (entry) entry.rowsKept = rows;
  }

  /** Records a repair; zero counts are not recorded. */
  add(repair: Omit<Repair, 'examples'> & { examples?: string[] }): void {
    if (repair.count <= 0) return;
    this.report.repairs.push({
      ...repair,
      table: shown(repair.table),
      examples: repair.examples ?? [],
    });
  }

  total(table: string, action?: Repair['action']): number {
    return this.report.repairs
      .filter(
        (r) => r.table === shown(table) && (!action || r.action === action),
      )
      .reduce((sum, r) => sum + r.count, 0);
  }

  toJSON(): QualityReport {
    return this.report;
  }
}
