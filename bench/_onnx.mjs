/**
 * Writes a large but valid ONNX model without Python: the protobuf bytes are encoded by hand.
 *
 * Graph (opset 17, IR 8):  y[N,1] = x[N,1] + ReduceSum(W)   with W a float32 initializer of `floats` values,
 * stored as raw_data. The initializer is the last field of the graph, and the graph the last field of the model,
 * so every length is known up front and the 4·floats bytes of W are streamed to disk in chunks.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

const VARINT = 0;
const LEN = 2;

function varint(n) {
  const out = [];
  let v = BigInt(n);
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    out.push(byte);
  } while (v > 0n);
  return Buffer.from(out);
}

const key = (field, wire) => varint((field << 3) | wire);
const int = (field, n) => Buffer.concat([key(field, VARINT), varint(n)]);
const bytes = (field, buf) => Buffer.concat([key(field, LEN), varint(buf.length), buf]);
const str = (field, s) => bytes(field, Buffer.from(s, 'utf8'));
/** Only the key and length prefix of a length-delimited field whose body follows separately. */
const lenPrefix = (field, length) => Buffer.concat([key(field, LEN), varint(length)]);

/** ValueInfoProto for a float32 tensor; dims are numbers (dim_value) or strings (dim_param). */
function floatTensorInfo(name, dims) {
  const shape = Buffer.concat(dims.map((d) => bytes(1, typeof d === 'number' ? int(1, d) : str(2, d))));
  const tensorType = Buffer.concat([int(1, 1 /* FLOAT */), bytes(2, shape)]);
  return Buffer.concat([str(1, name), bytes(2, bytes(1, tensorType))]);
}

function node(op, inputs, outputs, name) {
  return Buffer.concat([...inputs.map((i) => str(1, i)), ...outputs.map((o) => str(2, o)), str(3, name), str(4, op)]);
}

/**
 * Writes the model to `path`; returns its size in bytes.
 * @param {string} path
 * @param {number} floats number of float32 values in W (50_000_000 ≈ 200 MB)
 */
export async function writeLargeOnnx(path, floats) {
  const rawLength = floats * 4;
  const initHead = Buffer.concat([int(1, floats) /* dims */, int(2, 1) /* FLOAT */, str(8, 'W')]);
  const initLength = initHead.length + lenPrefix(9, rawLength).length + rawLength;
  const graphHead = Buffer.concat([
    bytes(1, node('ReduceSum', ['W'], ['S'], 'sum_w')),
    bytes(1, node('Add', ['x', 'S'], ['y'], 'add')),
    str(2, 'modelpilot_bench_large'),
    bytes(11, floatTensorInfo('x', ['N', 1])),
    bytes(12, floatTensorInfo('y', ['N', 1])),
  ]);
  const graphLength = graphHead.length + lenPrefix(5, initLength).length + initLength;
  const modelHead = Buffer.concat([
    int(1, 8) /* ir_version */,
    str(2, 'modelpilot-bench'),
    bytes(8, Buffer.concat([str(1, ''), int(2, 17)])) /* opset_import */,
  ]);
  const head = Buffer.concat([
    modelHead,
    lenPrefix(7, graphLength),
    graphHead,
    lenPrefix(5, initLength),
    initHead,
    lenPrefix(9, rawLength),
  ]);

  const out = createWriteStream(path, { highWaterMark: 1 << 22 });
  out.write(head);
  const chunkFloats = 1 << 20;
  for (let start = 0; start < floats; start += chunkFloats) {
    const n = Math.min(chunkFloats, floats - start);
    const chunk = new Float32Array(n);
    for (let i = 0; i < n; i++) chunk[i] = ((start + i) % 1000) * 1e-6;
    if (!out.write(Buffer.from(chunk.buffer))) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return head.length + rawLength;
}
