/** `winnow export --onnx`: a model directory to an ONNX file. */
import type { Command } from 'commander';
import { join } from 'node:path';
import { UsageError } from '../errors.ts';
import { loadModel, writeAtomic } from '../model/io.ts';
import { exportOnnx } from '../model/onnx/export.ts';

export function registerExport(program: Command): void {
  program
    .command('export')
    .description(
      'Export a trained model. --onnx writes an ONNX graph (opset 13) with ' +
        'inputs cat (int32, rows x fields) and dense (float) and output ' +
        'probs (rows x tasks).',
    )
    .requiredOption('--model <dir>', 'a model directory (winnow train)')
    .option('--onnx [file]', 'write ONNX (default: MODEL/model.onnx)')
    .option('--json', 'print what was written as JSON')
    .action((f: { model: string; onnx?: string | boolean; json?: boolean }) => {
      if (!f.onnx) throw new UsageError('choose a format: --onnx [file]');
      const file =
        typeof f.onnx === 'string' ? f.onnx : join(f.model, 'model.onnx');
      const { model } = loadModel(f.model);
      const bytes = exportOnnx(model);
      writeAtomic(file, bytes);
      if (f.json)
        console.log(JSON.stringify({ onnx: file, bytes: bytes.length }));
      else console.log(`wrote ${file} (${bytes.length} bytes)`);
    });
}
