import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadPrepared } from '../../src/data/load.ts';
import { writeDerived } from '../../src/strategies/derive.ts';
import { readScores } from '../../src/strategies/scores-file.ts';
import { selectRows, strategyInput } from '../../src/strategies/select.ts';
import {
  funnelConfig,
  funnelLog,
  runPrepare,
  withTemp,
  writeLines,
} from '../data/fixtures.ts';

test('writeDerived() keeps chosen rows with weights, valid/test unchanged', () =>
  withTemp(async (dir) => {
    const log = writeLines(dir, 'events.csv', funnelLog(40, 12));
    const src = join(dir, 'prep');
    await runPrepare(funnelConfig(log), src);
    const { splits } = await loadPrepared(src, ['train']);
    const ids = splits.train.sampleId;
    const lines = ['sample_id,importance,noise'];
    ids.forEach((id, r) => lines.push(`${id},${(r * 37) % 101},0.1`));
    const scoresFile = writeLines(dir, 'scores.csv', lines);
    const scores = await readScores(scoresFile, ids);
    const sel = selectRows(
      'resample',
      strategyInput(splits.train, scores.score, scores.noise),
      { keep: 0.4, seed: 2 },
    );
    const out = join(dir, 'derived');
    await writeDerived({
      source: src,
      sampleId: ids,
      selection: sel,
      scores: { file: scoresFile, sha256: scores.sha256, column: 'importance' },
      out,
    });
    const derived = await loadPrepared(out);
    const t = derived.splits.train;
    assert.deepEqual(
      t.sampleId,
      Int32Array.from(sel.keep, (r) => ids[r]),
    );
    assert.deepEqual(t.weights, sel.weights);
    for (const f of ['valid.parquet', 'test.parquet']) {
      assert.deepEqual(readFileSync(join(out, f)), readFileSync(join(src, f)));
    }
    const prov = derived.manifest.provenance as Record<string, unknown>;
    assert.equal(prov.strategy, 'resample');
    assert.equal(derived.manifest.rows.train, sel.keep.length);
    assert.match(
      String((prov.scores as { sha256: string }).sha256),
      /^[0-9a-f]{64}$/,
    );
  }));

test('readScores() rejects a file missing training samples', () =>
  withTemp(async (dir) => {
    const file = join(dir, 's.csv');
    writeFileSync(file, 'sample_id,importance\n1,0.5\n');
    await assert.rejects(
      readScores(file, Int32Array.from([1, 2, 3])),
      /2 of 3 training samples have no score/,
    );
    await assert.rejects(
      readScores(file, Int32Array.from([1]), 'loss'),
      /no column "loss"/,
    );
  }));
