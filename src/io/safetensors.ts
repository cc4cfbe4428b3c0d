/**
 * The safetensors file format (Hugging Face): an 8-byte little-endian header length N, N bytes of
 * UTF-8 JSON mapping each tensor name to `{ dtype, shape, data_offsets: [begin, end] }` (offsets
 * into the data that follows; an optional `__metadata__` maps strings to strings), then the data,
 * little-endian and row-major. Loading treats the bytes as untrusted: every number in the header is
 * checked before it is used, and a bad file gets a ValueError saying what is wrong.
 *
 * chainrule reads and writes the dtypes it has: F32, F64, I32 and BOOL.
 * @module
 */
import type { DType, TypedArray } from '../dtype.js';
import { formatValue } from '../errors.js';
import { allocate } from '../dtype.js';
import { ValueError, fmtShape } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { describe } from '../checks/args.js';
import { findDuplicateKey } from './json-keys.js';

/** The safetensors dtype names chainrule can hold, and the tensor dtype each becomes. */
const DTYPES: Readonly<Record<string, DType>> = { F32: 'float32', F64: 'float64', I32: 'int32', BOOL: 'bool' };
/** Names the format defines that chainrule cannot hold (named in the error). */
const OTHER_DTYPES = ['F8_E4M3', 'F8_E5M2', 'F16', 'BF16', 'I8', 'U8', 'I16', 'U16', 'U32', 'I64', 'U64'];
const NAME_OF: Readonly<Record<DType, string>> = { float32: 'F32', float64: 'F64', int32: 'I32', bool: 'BOOL' };
const ITEM_SIZE: Readonly<Record<DType, number>> = { float32: 4, float64: 8, int32: 4, bool: 1 };

/** The largest header accepted (the reference implementation's limit). */
export const MAX_HEADER_BYTES = 100_000_000;
const MAX_DIMS = 64;
const METADATA_KEY = '__metadata__';
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Serializes named tensors (a Module's `stateDict()`, or a plain object) into safetensors bytes.
 * The header lists the tensors in the order given, after `__metadata__` (from `metadata`). The data
 * is row-major, ordered by element size (largest first, then as given), and the header is padded
 * with spaces to a multiple of 8 bytes, so every tensor is aligned to its element size as with the
 * reference writer.
 */
export function saveSafetensors(tensors: ReadonlyMap<string, Tensor> | Readonly<Record<string, Tensor>>, metadata?: Readonly<Record<string, string>>): Uint8Array {
  const op = 'saveSafetensors';
  if (tensors === null || typeof tensors !== 'object' || Array.isArray(tensors) || tensors instanceof Tensor) {
    throw new ValueError(op, `tensors must be a Map or an object from names to tensors, got ${describe(tensors)}`);
  }
  if (metadata !== undefined && (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata))) {
    throw new ValueError(op, `metadata must be an object from strings to strings, got ${describe(metadata)}`);
  }
  const entries: [string, Tensor][] = tensors instanceof Map ? [...(tensors as ReadonlyMap<string, Tensor>)] : Object.entries(tensors as Record<string, Tensor>);
  for (const [name, t] of entries) {
    if (typeof name !== 'string' || name === '') throw new ValueError(op, `tensor names must be non-empty strings, got ${formatValue(name)}`);
    if (name === METADATA_KEY) throw new ValueError(op, `'${METADATA_KEY}' is reserved for metadata and cannot name a tensor`);
    if (!(t instanceof Tensor)) throw new ValueError(op, `'${name}' is not a Tensor`);
  }
  if (metadata !== undefined) checkMetadata(op, metadata);
  const ordered = entries
    .map((e, i) => ({ name: e[0], t: e[1], i }))
    .sort((a, b) => ITEM_SIZE[b.t.dtype] - ITEM_SIZE[a.t.dtype] || a.i - b.i);
  const chunks: Uint8Array[] = [];
  const offsets = new Map<string, [number, number]>();
  let offset = 0;
  for (const { name, t } of ordered) {
    const bytes = toLittleEndianBytes(t.toTypedArray(), t.dtype);
    offsets.set(name, [offset, offset + bytes.length]);
    chunks.push(bytes);
    offset += bytes.length;
  }
  // The header lists the tensors in the order given (loadSafetensors returns them in header order).
  const header: Record<string, unknown> = {};
  if (metadata !== undefined) header[METADATA_KEY] = { ...metadata };
  for (const [name, t] of entries) header[name] = { dtype: NAME_OF[t.dtype], shape: [...t.shape], data_offsets: offsets.get(name) };
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padding = (8 - ((8 + json.length) % 8)) % 8;
  if (padding > 0) {
    const padded = new Uint8Array(json.length + padding).fill(0x20);
    padded.set(json);
    json = padded;
  }
  const out = new Uint8Array(8 + json.length + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, json.length, true);
  view.setUint32(4, 0, true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/**
 * Reads safetensors bytes into a Map from name to tensor (fresh storage, in the header's order).
 * Throws a ValueError for: a file shorter than 8 bytes; a header length above 100 MB or past the
 * end of the file; a header that is not UTF-8 JSON or not an object; a malformed `__metadata__`;
 * an entry without exactly `dtype`, `shape` and `data_offsets`; an unsupported dtype; a shape that
 * is not a list of non-negative integers; offsets outside the data, not matching shape × dtype
 * size, overlapping, or leaving bytes of the data unused; BOOL bytes other than 0 and 1.
 */
export function loadSafetensors(bytes: Uint8Array): Map<string, Tensor> {
  const { entries, data } = parse('loadSafetensors', bytes);
  const out = new Map<string, Tensor>();
  for (const e of entries) {
    const storage = fromLittleEndianBytes(data.subarray(e.begin, e.end), e.dtype);
    if (e.dtype === 'bool') {
      const bad = (storage as Uint8Array).findIndex((v) => v > 1);
      if (bad >= 0) throw new ValueError('loadSafetensors', `tensor '${e.name}' is BOOL but element ${bad} is the byte ${storage[bad]}; expected 0 or 1`);
    }
    out.set(e.name, new Tensor(storage, e.shape));
  }
  return out;
}

/** The `__metadata__` of safetensors bytes (null when absent), after the same checks as {@link loadSafetensors}. */
export function safetensorsMetadata(bytes: Uint8Array): Record<string, string> | null {
  return parse('safetensorsMetadata', bytes).metadata;
}

interface Entry {
  name: string;
  dtype: DType;
  shape: number[];
  begin: number;
  end: number;
}

/** Checks the whole header against the file; returns the entries (header order), the metadata and the data bytes. */
function parse(op: string, bytes: Uint8Array): { entries: Entry[]; metadata: Record<string, string> | null; data: Uint8Array } {
  if (!(bytes instanceof Uint8Array)) throw new ValueError(op, `expected the file's bytes as a Uint8Array, got ${describe(bytes)}`);
  if (bytes.length < 8) throw new ValueError(op, `the file is ${bytes.length} bytes, shorter than the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(0, true) + view.getUint32(4, true) * 2 ** 32;
  if (headerLength > MAX_HEADER_BYTES) {
    throw new ValueError(op, `the header length is ${view.getBigUint64(0, true)} bytes, above the limit of ${MAX_HEADER_BYTES}`);
  }
  if (headerLength > bytes.length - 8) {
    throw new ValueError(op, `the header length is ${headerLength} bytes, but only ${bytes.length - 8} bytes follow the length field`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLength));
  } catch {
    throw new ValueError(op, 'the header is not valid UTF-8');
  }
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (error) {
    throw new ValueError(op, `the header is not valid JSON (${(error as Error).message})`);
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) {
    throw new ValueError(op, `the header must be a JSON object, got ${Array.isArray(header) ? 'an array' : JSON.stringify(header)}`);
  }
  if (text[0] !== '{') throw new ValueError(op, `the header must begin with '{' (the format allows only trailing spaces), got ${formatValue(text.slice(0, 8))}`);
  const duplicate = findDuplicateKey(text);
  if (duplicate !== null) {
    const where = duplicate.path === '' ? 'the header' : `'${duplicate.path}' in the header`;
    throw new ValueError(op, `duplicate key '${duplicate.key}' in ${where}; the format forbids duplicate keys`);
  }
  const data = bytes.subarray(8 + headerLength);
  let metadata: Record<string, string> | null = null;
  const entries: Entry[] = [];
  for (const [name, info] of Object.entries(header as Record<string, unknown>)) {
    if (name === METADATA_KEY) {
      checkMetadata(op, info);
      metadata = { ...(info as Record<string, string>) };
      continue;
    }
    entries.push(parseEntry(op, name, info, data.length));
  }
  checkLayout(op, entries, data.length);
  return { entries, metadata, data };
}

function parseEntry(op: string, name: string, info: unknown, dataLength: number): Entry {
  const where = `tensor '${name}'`;
  if (name === '') throw new ValueError(op, 'a tensor has an empty name');
  if (info === null || typeof info !== 'object' || Array.isArray(info)) throw new ValueError(op, `${where} must be an object { dtype, shape, data_offsets }`);
  const keys = Object.keys(info).sort().join(',');
  if (keys !== 'data_offsets,dtype,shape') {
    throw new ValueError(op, `${where} must have exactly the keys dtype, shape and data_offsets, got ${Object.keys(info).join(', ') || 'none'}`);
  }
  const { dtype: code, shape, data_offsets: offsets } = info as { dtype: unknown; shape: unknown; data_offsets: unknown };
  const dtype = typeof code === 'string' ? DTYPES[code] : undefined;
  if (dtype === undefined) {
    const known = typeof code === 'string' && OTHER_DTYPES.includes(code);
    throw new ValueError(
      op,
      `${where} has ${known ? 'dtype' : 'unknown dtype'} ${JSON.stringify(code)}, which chainrule cannot hold; supported: ${Object.keys(DTYPES).join(', ')}`,
    );
  }
  if (!Array.isArray(shape) || shape.length > MAX_DIMS || !shape.every((s) => Number.isSafeInteger(s) && s >= 0)) {
    throw new ValueError(op, `${where} has shape ${formatValue(shape)}; expected a list of at most ${MAX_DIMS} non-negative integers`);
  }
  let numel = 1;
  for (const s of shape as number[]) numel *= s;
  const expected = numel * ITEM_SIZE[dtype];
  if (!Number.isSafeInteger(expected)) throw new ValueError(op, `${where} has shape ${fmtShape(shape as number[])}, too large to hold`);
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && o >= 0)) {
    throw new ValueError(op, `${where} has data_offsets ${formatValue(offsets)}; expected [begin, end] with non-negative integers`);
  }
  const [begin, end] = offsets as [number, number];
  if (begin > end) throw new ValueError(op, `${where} has data_offsets [${begin}, ${end}] with begin after end`);
  if (end > dataLength) throw new ValueError(op, `${where} has data_offsets [${begin}, ${end}] past the end of the data (${dataLength} bytes)`);
  if (end - begin !== expected) {
    throw new ValueError(
      op,
      `${where} has data_offsets [${begin}, ${end}] (${end - begin} bytes) but shape ${fmtShape(shape as number[])} of ${code} needs ${numel} × ${ITEM_SIZE[dtype]} = ${expected} bytes`,
    );
  }
  return { name, dtype, shape: [...(shape as number[])], begin, end };
}

/** The tensors must tile the data exactly: no overlap, no gap, nothing after the last one. */
function checkLayout(op: string, entries: readonly Entry[], dataLength: number): void {
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let end = 0;
  let previous: Entry | null = null;
  for (const e of sorted) {
    if (e.begin < end) {
      throw new ValueError(op, `tensors '${previous!.name}' [${previous!.begin}, ${previous!.end}] and '${e.name}' [${e.begin}, ${e.end}] overlap`);
    }
    if (e.begin > end) throw new ValueError(op, `data bytes [${end}, ${e.begin}) belong to no tensor`);
    end = e.end;
    if (e.end > e.begin || previous === null) previous = e;
  }
  if (end !== dataLength) throw new ValueError(op, `data bytes [${end}, ${dataLength}) after the last tensor belong to no tensor`);
}

function checkMetadata(op: string, metadata: unknown): void {
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) {
    throw new ValueError(op, `${METADATA_KEY} must be an object mapping strings to strings`);
  }
  for (const [key, value] of Object.entries(metadata)) {
    if (typeof value !== 'string') throw new ValueError(op, `${METADATA_KEY}['${key}'] must be a string, got ${formatValue(value)}`);
  }
}

function toLittleEndianBytes(values: TypedArray, dtype: DType): Uint8Array {
  if (LITTLE_ENDIAN || dtype === 'bool') return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const out = new Uint8Array(values.length * ITEM_SIZE[dtype]);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => {
    if (dtype === 'float32') view.setFloat32(i * 4, v, true);
    else if (dtype === 'float64') view.setFloat64(i * 8, v, true);
    else view.setInt32(i * 4, v, true);
  });
  return out;
}

function fromLittleEndianBytes(bytes: Uint8Array, dtype: DType): TypedArray {
  const size = ITEM_SIZE[dtype];
  const out = allocate(dtype, bytes.length / size);
  if (LITTLE_ENDIAN || dtype === 'bool') {
    // Copy into the new (aligned) array: the file's offsets need not be aligned.
    new Uint8Array(out.buffer).set(bytes);
    return out;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < out.length; i++) {
    out[i] = dtype === 'float32' ? view.getFloat32(i * 4, true) : dtype === 'float64' ? view.getFloat64(i * 8, true) : view.getInt32(i * 4, true);
  }
  return out;
}
