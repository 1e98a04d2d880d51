/**
 * A small binary container for named typed arrays with a JSON header, used
 * by checkpoints: "WNB1", u32 header length, the header (UTF-8 JSON), then
 * each array's bytes starting on an 8-byte boundary, little-endian.
 */
import { DataError } from '../errors.ts';

const MAGIC = 'WNB1';

export type TypedArray = Float32Array | Float64Array | Uint16Array | Int32Array;

type Kind = 'f32' | 'f64' | 'u16' | 'i32';

const CTORS = {
  f32: Float32Array,
  f64: Float64Array,
  u16: Uint16Array,
  i32: Int32Array,
} as const;

function kindOf(a: TypedArray): Kind {
  if (a instanceof Float64Array) return 'f64';
  if (a instanceof Uint16Array) return 'u16';
  if (a instanceof Int32Array) return 'i32';
  return 'f32';
}

const align8 = (n: number) => Math.ceil(n / 8) * 8;

/** Encodes `header` and `arrays` into one buffer. */
export function encodeBundle(header: unknown, arrays: TypedArray[]): Buffer {
  const layout = arrays.map((a) => ({ kind: kindOf(a), length: a.length }));
  const json = Buffer.from(JSON.stringify({ header, layout }), 'utf8');
  let offset = align8(8 + json.length);
  const starts = arrays.map((a) => {
    const at = offset;
    offset = align8(offset + a.byteLength);
    return at;
  });
  const out = Buffer.alloc(offset);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(json.length, 4);
  json.copy(out, 8);
  arrays.forEach((a, i) => {
    const bytes = Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    bytes.copy(out, starts[i]);
  });
  return out;
}

/** Decodes a buffer written by `encodeBundle`; `file` names it in errors. */
export function decodeBundle(
  buf: Buffer,
  file: string,
): { header: unknown; arrays: TypedArray[] } {
  if (buf.length < 8 || buf.toString('latin1', 0, 4) !== MAGIC) {
    throw new DataError('not a Winnow checkpoint (bad magic bytes)', { file });
  }
  const len = buf.readUInt32LE(4);
  const parsed = JSON.parse(buf.toString('utf8', 8, 8 + len)) as {
    header: unknown;
    layout: { kind: Kind; length: number }[];
  };
  let offset = align8(8 + len);
  const arrays = parsed.layout.map(({ kind, length }) => {
    const Ctor = CTORS[kind];
    const bytes = length * Ctor.BYTES_PER_ELEMENT;
    if (offset + bytes > buf.length) {
      throw new DataError('truncated checkpoint; delete it and rerun', {
        file,
      });
    }
    const copy = new Uint8Array(bytes);
    copy.set(buf.subarray(offset, offset + bytes));
    offset = align8(offset + bytes);
    return new Ctor(copy.buffer) as TypedArray;
  });
  return { header: parsed.header, arrays };
}
