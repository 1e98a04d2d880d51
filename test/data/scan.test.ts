import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DOUBLE, FLOAT, INTEGER, UTINYINT } from '@duckdb/node-api';
import { rows, withScratchEngine } from '../../src/data/duck.ts';
import { registerScan } from '../../src/data/scan.ts';
import { eager } from '../../src/features/lazy.ts';

const N = 5000;

test('registerScan() yields the listed rows in order, enum codes as keys', async () => {
  await withScratchEngine(async (engine) => {
    const c = engine.conn;
    await c.run("CREATE TYPE __k AS ENUM ('a', 'b', 'c')");
    const reader = await c.runAndReadAll('SELECT NULL::__k AS k');
    const id = Int32Array.from({ length: N }, (_, i) => i);
    const code = Int32Array.from({ length: N }, (_, i) => (i % 4) - 1);
    const half = Float32Array.from({ length: N }, (_, i) => i / 2);
    const flag = Uint8Array.from({ length: N }, (_, i) => i % 2);
    const ts = Float64Array.from({ length: N }, (_, i) => 1e9 + i);
    registerScan(
      c,
      'scan_test',
      [
        { name: 'id', type: INTEGER, values: id },
        { name: 'k', type: reader.columnType(0), values: code },
        { name: 'half', type: FLOAT, values: eager(half) },
        { name: 'flag', type: UTINYINT, values: flag },
        { name: 'ts', type: DOUBLE, values: ts },
      ],
      (part) =>
        part === 0
          ? Int32Array.from({ length: N / 2 }, (_, j) => N - 1 - 2 * j)
          : new Int32Array(0),
    );
    const got = await rows<{
      id: number;
      k: string | null;
      half: number;
      flag: number;
      ts: number;
    }>(c, 'SELECT id, k::VARCHAR AS k, half, flag, ts FROM scan_test(0)');
    assert.equal(got.length, N / 2);
    got.forEach((r, j) => {
      const i = N - 1 - 2 * j;
      assert.equal(r.id, i);
      assert.equal(r.k, [null, 'a', 'b', 'c'][i % 4]);
      assert.equal(r.half, i / 2);
      assert.equal(r.flag, i % 2);
      assert.equal(r.ts, 1e9 + i);
    });
    const none = await rows(c, 'SELECT * FROM scan_test(1)');
    assert.equal(none.length, 0);
  });
});
