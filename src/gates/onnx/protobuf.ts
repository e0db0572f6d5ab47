/**
 * A minimal protobuf wire-format reader: enough to walk an ONNX ModelProto without a protobuf dependency. It never
 * executes or allocates for skipped fields, and refuses truncated or malformed input with a ProtoError.
 */

/** One field of a message: its number and wire type, and either a scalar or the [start, end) of its bytes. */
export interface ProtoField {
  readonly number: number;
  /** 0 varint, 1 64-bit, 2 length-delimited, 5 32-bit. */
  readonly wire: number;
  /** The varint value (as a double: exact up to 2^53), or 0 for other wire types. */
  readonly value: number;
  readonly start: number;
  readonly end: number;
}

/** The bytes are not a well-formed protobuf message. */
export class ProtoError extends Error {}

/**
 * Calls `visit` for each field of the message in bytes [start, end).
 * @example forEachField(bytes, 0, bytes.length, (f) => { if (f.number === 7) graph = f; });
 */
export function forEachField(bytes: Uint8Array, start: number, end: number, visit: (field: ProtoField) => void): void {
  let at = start;
  while (at < end) {
    const key = readVarint(bytes, at, end);
    at = key.next;
    const number = Math.floor(key.value / 8);
    const wire = key.value % 8;
    if (number === 0) throw new ProtoError(`field number 0 at byte ${at}`);
    const field = readValue(bytes, at, end, number, wire);
    at = field.end;
    visit(field);
  }
}

function readValue(bytes: Uint8Array, at: number, end: number, number: number, wire: number): ProtoField {
  switch (wire) {
    case 0: {
      const v = readVarint(bytes, at, end);
      return { number, wire, value: v.value, start: at, end: v.next };
    }
    case 1:
      return fixed(at, end, 8, number, wire);
    case 5:
      return fixed(at, end, 4, number, wire);
    case 2: {
      const len = readVarint(bytes, at, end);
      const stop = len.next + len.value;
      if (stop > end) throw new ProtoError(`field ${number} claims ${len.value} bytes past the end of its message`);
      return { number, wire, value: 0, start: len.next, end: stop };
    }
    default:
      throw new ProtoError(`unsupported wire type ${wire} (field ${number})`);
  }
}

function fixed(at: number, end: number, size: number, number: number, wire: number): ProtoField {
  if (at + size > end) throw new ProtoError(`field ${number} is cut short`);
  return { number, wire, value: 0, start: at, end: at + size };
}

/** A base-128 varint; values above 2^53 lose precision (ONNX counts and versions never get there). */
export function readVarint(bytes: Uint8Array, at: number, end: number): { value: number; next: number } {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 10; i++) {
    if (at + i >= end) throw new ProtoError(`a varint runs past the end at byte ${at}`);
    const b = bytes[at + i]!;
    value += (b & 0x7f) * scale;
    scale *= 128;
    if (b < 0x80) return { value, next: at + i + 1 };
  }
  throw new ProtoError(`a varint at byte ${at} is longer than 10 bytes`);
}

const UTF8 = new TextDecoder('utf-8', { fatal: false });

/** The UTF-8 text of a length-delimited field. */
export function text(bytes: Uint8Array, field: ProtoField): string {
  return UTF8.decode(bytes.subarray(field.start, field.end));
}
