/**
 * Emits, byte by byte, a WebAssembly module with one SIMD kernel:
 *   gemm(a, b, c, m, k, n, arow, astep, accumulate, bias, relu):
 *   C (m x n) = A (m x k) · B (k x n), or C += A · B when accumulate != 0,
 *   then C += bias (n, by rows) when bias != 0, then max(C, 0) when relu
 * float32, byte addresses a, b, c into the module's memory, B and C
 * row-major. Element (i, p) of A is at a + i·arow + p·astep bytes, so A
 * may be a column block of a wider matrix (astep 4) or be read transposed
 * in place (arow 4), which spares the copy a transpose would need.
 * m a multiple of 4 and n a multiple of 8. Each 4 x 8 tile of C lives in
 * eight f32x4 registers while p runs over k: two vector loads of B and
 * four broadcasts of A feed sixteen multiply-adds per step.
 */

// Opcodes (WebAssembly core and SIMD proposals).
const LOCAL_GET = 0x20;
const LOCAL_SET = 0x21;
const I32_CONST = 0x41;
const I32_ADD = 0x6a;
const I32_MUL = 0x6c;
const I32_LT_U = 0x49;
const F32_LOAD = 0x2a;
const LOOP = 0x03;
const BLOCK_VOID = 0x40;
const BR_IF = 0x0d;
const END = 0x0b;
const SIMD = 0xfd;
const I32 = 0x7f;
const V128 = 0x7b;

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    const done = (n === 0 && !(b & 0x40)) || (n === -1 && b & 0x40);
    out.push(done ? b : b | 0x80);
    if (done) return out;
  }
}

const simd = (op: number) => [SIMD, ...uleb(op)];
const V128_LOAD = (offset: number) => [...simd(0x00), 4, ...uleb(offset)];
const V128_STORE = (offset: number) => [...simd(0x0b), 4, ...uleb(offset)];
const F32X4_SPLAT = simd(0x13);
const F32X4_ADD = simd(0xe4);
const F32X4_MUL = simd(0xe6);
const F32X4_MAX = simd(0xe9);
const V128_ZERO = [...simd(0x0c), ...new Array(16).fill(0)];

// Locals: the parameters, then i32 scratch, then v128.
const [A, B, C, M, K, N, AROW, ASTEP, ACCUM, BIAS, RELU] = [
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
];
const PARAMS = 11;
const I = 11;
const J = 12;
const P = 13;
const PA = 14; // 14..17: pointers to A rows i..i+3 at column p
const PB = 18;
const NB = 19; // n * 4 bytes
const PC = 20;
const ACC = 21; // 21..28: the 4 x 8 tile
const BV0 = 29;
const BV1 = 30;
const AV = 31;
const I32_LOCALS = ACC - PARAMS;
const V128_LOCALS = AV + 1 - ACC;
const IF = 0x04;
const ELSE = 0x05;

const get = (l: number) => [LOCAL_GET, ...uleb(l)];
const set = (l: number) => [LOCAL_SET, ...uleb(l)];
const i32 = (v: number) => [I32_CONST, ...sleb(v)];

function addTo(l: number, ...value: number[][]): number[] {
  return [...get(l), ...value.flat(), I32_ADD, ...set(l)];
}

/** One step of p: sixteen multiply-adds into the tile. */
function innerStep(): number[] {
  const code = [
    ...get(PB),
    ...V128_LOAD(0),
    ...set(BV0),
    ...get(PB),
    ...V128_LOAD(16),
    ...set(BV1),
  ];
  for (let r = 0; r < 4; r++) {
    code.push(...get(PA + r), F32_LOAD, 2, 0, ...F32X4_SPLAT, ...set(AV));
    for (let h = 0; h < 2; h++) {
      const acc = ACC + 2 * r + h;
      code.push(
        ...get(acc),
        ...get(AV),
        ...get(h ? BV1 : BV0),
        ...F32X4_MUL,
        ...F32X4_ADD,
        ...set(acc),
      );
    }
    code.push(...addTo(PA + r, get(ASTEP)));
  }
  code.push(...addTo(PB, get(NB)));
  return code;
}

/** Adds bias[j .. j + 8) when BIAS != 0, then clamps at 0 when RELU. */
function epilogue(): number[] {
  const code = [...get(BIAS), IF, BLOCK_VOID];
  code.push(...get(J), ...i32(4), I32_MUL, ...get(BIAS), I32_ADD, ...set(PB));
  code.push(...get(PB), ...V128_LOAD(0), ...set(BV0));
  code.push(...get(PB), ...V128_LOAD(16), ...set(BV1));
  for (let t = 0; t < 8; t++) {
    const bv = t % 2 ? BV1 : BV0;
    code.push(...get(ACC + t), ...get(bv), ...F32X4_ADD, ...set(ACC + t));
  }
  code.push(END, ...get(RELU), IF, BLOCK_VOID);
  for (let t = 0; t < 8; t++) {
    code.push(...get(ACC + t), ...V128_ZERO, ...F32X4_MAX, ...set(ACC + t));
  }
  return [...code, END];
}

/** PC = c + ((i + r) * n + j) * 4, the start of tile row r in C. */
function tileRow(r: number): number[] {
  return [
    ...get(I),
    ...i32(r),
    I32_ADD,
    ...get(NB),
    I32_MUL,
    ...get(J),
    ...i32(4),
    I32_MUL,
    I32_ADD,
    ...get(C),
    I32_ADD,
    ...set(PC),
  ];
}

/** The tile at (i, j): reset or load, run p over k, store. */
function tile(): number[] {
  const code: number[] = [];
  code.push(...get(ACCUM), IF, BLOCK_VOID);
  for (let r = 0; r < 4; r++) {
    code.push(...tileRow(r));
    for (let h = 0; h < 2; h++) {
      code.push(...get(PC), ...V128_LOAD(16 * h), ...set(ACC + 2 * r + h));
    }
  }
  code.push(ELSE);
  for (let t = 0; t < 8; t++) code.push(...V128_ZERO, ...set(ACC + t));
  code.push(END);
  // PA[r] = a + (i + r) * arow; PB = b + j * 4
  for (let r = 0; r < 4; r++) {
    code.push(
      ...get(I),
      ...i32(r),
      I32_ADD,
      ...get(AROW),
      I32_MUL,
      ...get(A),
      I32_ADD,
      ...set(PA + r),
    );
  }
  code.push(...get(J), ...i32(4), I32_MUL, ...get(B), I32_ADD, ...set(PB));
  code.push(...i32(0), ...set(P));
  code.push(LOOP, BLOCK_VOID, ...innerStep());
  code.push(...addTo(P, i32(1)), ...get(P), ...get(K), I32_LT_U, BR_IF, 0, END);
  code.push(...epilogue());
  for (let r = 0; r < 4; r++) {
    code.push(...tileRow(r));
    for (let h = 0; h < 2; h++) {
      code.push(...get(PC), ...get(ACC + 2 * r + h), ...V128_STORE(16 * h));
    }
  }
  return code;
}

function body(): number[] {
  const code = [
    ...get(N),
    ...i32(4),
    I32_MUL,
    ...set(NB),
    ...i32(0),
    ...set(I),
    LOOP,
    BLOCK_VOID,
    ...i32(0),
    ...set(J),
    LOOP,
    BLOCK_VOID,
    ...tile(),
    ...addTo(J, i32(8)),
    ...get(J),
    ...get(N),
    I32_LT_U,
    BR_IF,
    0,
    END,
    ...addTo(I, i32(4)),
    ...get(I),
    ...get(M),
    I32_LT_U,
    BR_IF,
    0,
    END,
    END,
  ];
  const locals = [2, ...uleb(I32_LOCALS), I32, ...uleb(V128_LOCALS), V128];
  return [...uleb(locals.length + code.length), ...locals, ...code];
}

function section(id: number, content: number[]): number[] {
  return [id, ...uleb(content.length), ...content];
}

function name(s: string): number[] {
  return [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
}

/** Pages (64 KiB) the shared memory may grow to: 1 GiB of operands. */
export const MAX_PAGES = 16384;

/**
 * The module's bytes. It imports its memory as `env.memory`, shared (so
 * worker threads can run the same kernel on other rows of C), between 1
 * and MAX_PAGES pages, and exports `gemm`.
 */
export function gemmModuleBytes(): Uint8Array<ArrayBuffer> {
  const type = [1, 0x60, PARAMS, ...new Array(PARAMS).fill(I32), 0];
  const limits = [0x03, ...uleb(1), ...uleb(MAX_PAGES)];
  const imports = [1, ...name('env'), ...name('memory'), 0x02, ...limits];
  const funcs = [1, 0];
  const exports = [1, ...name('gemm'), 0, 0];
  const code = [1, ...body()];
  return Uint8Array.from([
    0x00,
    0x61,
    0x73,
    0x6d,
    1,
    0,
    0,
    0,
    ...section(1, type),
    ...section(2, imports),
    ...section(3, funcs),
    ...section(7, exports),
    ...section(10, code),
  ]);
}
