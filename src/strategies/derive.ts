/**
 * Writes a derived prepared dataset: the source's manifest, quality and
 * vocabularies, a train split holding only the kept rows with their new
 * weights, valid and test copied unchanged, and the provenance in the
 * manifest. Written to a temporary folder and renamed into place.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFromColumns, lit, openEngine } from '../data/duck.ts';
import { readManifest } from '../data/load.ts';
import type { PreparedManifest } from '../data/types.ts';
import type { Selection } from './types.ts';

export interface DeriveRequest {
  /** The source prepared dataset. */
  source: string;
  /** The training split's sample ids, aligned with the selection's rows. */
  sampleId: Int32Array;
  selection: Selection;
  /** The scores file used, with its SHA-256, when there was one. */
  scores?: { file: string; sha256: string; column: string };
  out: string;
}

/** Writes the derived dataset and returns its manifest. */
export async function writeDerived(
  req: DeriveRequest,
): Promise<PreparedManifest> {
  const source = readManifest(req.source);
  const tmp = `${req.out}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  try {
    for (const f of ['quality.json', 'vocab.json', 'valid.parquet']) {
      if (existsSync(join(req.source, f))) {
        copyFileSync(join(req.source, f), join(tmp, f));
      }
    }
    copyFileSync(join(req.source, 'test.parquet'), join(tmp, 'test.parquet'));
    await writeTrain(req, join(tmp, 'train.parquet'));
    const manifest = derivedManifest(source, req);
    writeFileSync(
      join(tmp, 'manifest.json'),
      JSON.stringify(manifest, null, 2) + '\n',
    );
    if (existsSync(req.out)) rmSync(req.out, { recursive: true, force: true });
    renameSync(tmp, req.out);
    return manifest;
  } catch (error) {
    rmSync(tmp, { recursive: true, force: true });
    throw error;
  }
}

async function writeTrain(req: DeriveRequest, target: string): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'winnow-derive-'));
  const engine = await openEngine(work);
  try {
    const { keep, weights } = req.selection;
    await createFromColumns(engine.conn, 'kept', {
      sid: Int32Array.from(keep, (r) => req.sampleId[r]),
      w: weights,
    });
    const train = lit(join(req.source, 'train.parquet'));
    await engine.conn.run(
      `COPY (SELECT t.* REPLACE (CAST(t.weight * k.w AS FLOAT) AS weight) ` +
        `FROM read_parquet(${train}) t JOIN kept k ON k.sid = t.sample_id ` +
        `ORDER BY t.sample_id) TO ${lit(target)} ` +
        '(FORMAT parquet, COMPRESSION zstd)',
    );
  } finally {
    engine.close();
    rmSync(work, { recursive: true, force: true });
  }
}

function derivedManifest(
  source: PreparedManifest,
  req: DeriveRequest,
): PreparedManifest {
  const r = req.selection.record;
  return {
    ...source,
    name: `${source.name}-${r.strategy}`,
    rows: { ...source.rows, train: r.kept },
    tasks: source.tasks.map((t, i) => ({
      ...t,
      positiveRate: { ...t.positiveRate, train: r.positiveRate.after[i] },
    })),
    provenance: {
      source: req.source,
      sourceName: source.name,
      sourceProvenance: source.provenance,
      strategy: r.strategy,
      keep: r.keep,
      scores: req.scores,
      selection: r,
    },
  };
}
