/**
 * A worker thread of the experiment pool: holds a copy of the splits and
 * trains one run per message (see pool.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { trainUnit, type UnitData, type UnitJob } from './train-unit.ts';

const data = workerData as UnitData;
const port = parentPort!;
port.on('message', (msg: { id: number; job: UnitJob }) => {
  trainUnit(data, msg.job).then(
    (result) => port.postMessage({ id: msg.id, result }),
    (error: unknown) =>
      port.postMessage({
        id: msg.id,
        error: error instanceof Error ? error.message : String(error),
      }),
  );
});
