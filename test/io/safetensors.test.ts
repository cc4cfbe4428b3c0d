/**
 * safetensors: a file laid out by Python (test/fixtures/generate_optim.py, struct + json as the
 * format specifies) loads; chainrule's writer produces the same bytes for the same tensors; the
 * byte layout checked by hand; round trips; and every malformed-file rejection.
 */
import { describe, expect, it } from 'vitest';
import { Tensor, ValueError, loadSafetensors, safetensorsMetadata, saveSafetensors, tensor, zeros, type DType } from '../../src/index.js';
import { fixture } from '../optim/support.js';

interface SafetensorsFixture {
  base64: string;
  headerLength: number;
  order: string[];
  metadata: Record<string, string>;
  tensors: Record<string, { dtype: string; shape: number[]; values: number[] }>;
}
const py = fixture<{ safetensors: SafetensorsFixture }>('optim.json').safetensors;
const pyBytes = new Uint8Array(Buffer.from(py.base64, 'base64'));
const DTYPE: Record<string, DType> = { F32: 'float32', F64: 'float64', I32: 'int32', BOOL: 'bool' };

/** A file from a header (object or raw text) and data bytes; the length field can be overridden. */
function file(header: object | string, data: number[] | Uint8Array = [], length?: bigint): Uint8Array {
  const json = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, length ?? BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

/** float32 1.0 and 2.0, little-endian. */
const ONE_TWO = [0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x00, 0x40];

describe('reading a file written by Python', () => {
  it('loads every tensor with its dtype, shape and exact values, and the metadata', () => {
    const loaded = loadSafetensors(pyBytes);
    expect([...loaded.keys()].sort()).toEqual(Object.keys(py.tensors).sort());
    for (const [name, want] of Object.entries(py.tensors)) {
      const t = loaded.get(name)!;
      expect(t.dtype, name).toBe(DTYPE[want.dtype]);
      expect(t.shape, name).toEqual(want.shape);
      expect(Array.from(t.toTypedArray()), name).toEqual(want.values);
    }
    expect(Object.is(loaded.get('weight')!.toTypedArray()[4], -0)).toBe(true);
    expect(safetensorsMetadata(pyBytes)).toEqual(py.metadata);
  });

  it('writing the same tensors (same order and metadata) gives the very same bytes', () => {
    const loaded = loadSafetensors(pyBytes);
    // Python lists and stores them by element size, then name: pass them in that order.
    const ordered = new Map(py.order.map((n) => [n, loaded.get(n)!]));
    const ours = saveSafetensors(ordered, py.metadata);
    expect(Buffer.from(ours).equals(Buffer.from(pyBytes))).toBe(true);
  });
});

describe('the byte layout of what chainrule writes', () => {
  it('one float32 tensor, worked out by hand', () => {
    const bytes = saveSafetensors(new Map([['a', tensor([1, 2])]]));
    const header = '{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}'; // 54 bytes
    // 8 + 54 = 62; padded with 2 spaces to 64 so the data starts 8-aligned
    expect(bytes.length).toBe(8 + 56 + 8);
    expect(Array.from(bytes.subarray(0, 8))).toEqual([56, 0, 0, 0, 0, 0, 0, 0]);
    expect(new TextDecoder().decode(bytes.subarray(8, 64))).toBe(`${header}  `);
    expect(Array.from(bytes.subarray(64))).toEqual(ONE_TWO);
  });

  it('lists tensors in the given order after the metadata; stores data by element size (float64 first)', () => {
    const bytes = saveSafetensors(
      { b: tensor([true, false]), a: tensor([7], { dtype: 'int32' }), c: tensor([0.5], { dtype: 'float64' }) },
      { note: 'x' },
    );
    const length = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect((8 + length) % 8).toBe(0);
    const text = new TextDecoder().decode(bytes.subarray(8, 8 + length)).trimEnd();
    expect(text).toBe(
      '{"__metadata__":{"note":"x"},' +
        '"b":{"dtype":"BOOL","shape":[2],"data_offsets":[12,14]},' +
        '"a":{"dtype":"I32","shape":[1],"data_offsets":[8,12]},' +
        '"c":{"dtype":"F64","shape":[1],"data_offsets":[0,8]}}',
    );
    const data = bytes.subarray(8 + length);
    expect(Array.from(data)).toEqual([0, 0, 0, 0, 0, 0, 0xe0, 0x3f, 7, 0, 0, 0, 1, 0]);
  });
});

describe('round trips', () => {
  it('every dtype, 0-d, empty and non-contiguous tensors come back equal, in the given order', () => {
    const source = new Map<string, Tensor>([
      ['w', tensor([[1.5, -2], [3, 4.25]]).t()], // a transposed view: written row-major
      ['scalar', tensor(3.25, { dtype: 'float64' })],
      ['idx', tensor([-5, 0, 2147483647], { dtype: 'int32' })],
      ['mask', tensor([[true, false, true]])],
      ['none', zeros([0, 4])],
    ]);
    const loaded = loadSafetensors(saveSafetensors(source));
    expect([...loaded.keys()]).toEqual([...source.keys()]);
    for (const [name, t] of source) {
      const back = loaded.get(name)!;
      expect(back.dtype, name).toBe(t.dtype);
      expect(back.shape, name).toEqual(t.shape);
      expect(back.toArray(), name).toEqual(t.toArray());
    }
  });

  it('loaded tensors own fresh storage (changing them leaves the bytes alone)', () => {
    const bytes = file({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } }, ONE_TWO);
    const t = loadSafetensors(bytes).get('a')!;
    t.add_(1);
    expect(loadSafetensors(bytes).get('a')!.toArray()).toEqual([1, 2]);
  });

  it('refuses names it cannot write', () => {
    expect(() => saveSafetensors({ __metadata__: tensor([1]) })).toThrow(/'__metadata__' is reserved/);
    expect(() => saveSafetensors({ '': tensor([1]) })).toThrow(/non-empty strings/);
    expect(() => saveSafetensors({ a: [1] as never })).toThrow(/'a' is not a Tensor/);
    expect(() => saveSafetensors({ a: tensor([1]) }, { n: 1 as never })).toThrow(/__metadata__\['n'\] must be a string/);
  });
});

describe('malformed files are rejected with a clear error', () => {
  const valid = (): Uint8Array => file({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } }, ONE_TWO);
  const entry = (info: object, data: number[] = ONE_TWO): Uint8Array => file({ a: info }, data);
  const cases: [string, () => Uint8Array, RegExp][] = [
    ['shorter than 8 bytes', () => new Uint8Array(5), /the file is 5 bytes, shorter than the 8-byte header length/],
    ['header length above 100 MB', () => file({}, [], 100_000_001n), /the header length is 100000001 bytes, above the limit of 100000000/],
    ['header length in the high word', () => file({}, [], 1n << 40n), /the header length is 1099511627776 bytes, above the limit/],
    ['header length past the end of the file', () => file('{}', [], 50n), /the header length is 50 bytes, but only 2 bytes follow the length field/],
    ['header not UTF-8', () => file('{"ab":1}').map((b, i) => (i === 10 ? 0xff : b)) /* 'a' → 0xff */, /not valid UTF-8/],
    ['header not JSON', () => file('{"a": ', []), /the header is not valid JSON/],
    ['header not an object', () => file('[1,2]', []), /the header must be a JSON object, got an array/],
    ['metadata not strings', () => file({ __metadata__: { n: 1 } }), /__metadata__\['n'\] must be a string, got 1/],
    ['missing data_offsets', () => entry({ dtype: 'F32', shape: [2] }), /tensor 'a' must have exactly the keys dtype, shape and data_offsets, got dtype, shape/],
    ['extra key', () => entry({ dtype: 'F32', shape: [2], data_offsets: [0, 8], extra: 1 }), /must have exactly the keys/],
    ['unsupported dtype', () => entry({ dtype: 'F16', shape: [4], data_offsets: [0, 8] }), /tensor 'a' has dtype "F16", which chainrule cannot hold; supported: F32, F64, I32, BOOL/],
    ['unknown dtype', () => entry({ dtype: 'Q7', shape: [2], data_offsets: [0, 8] }), /has unknown dtype "Q7"/],
    ['negative size in shape', () => entry({ dtype: 'F32', shape: [-2], data_offsets: [0, 8] }), /has shape \[-2\]; expected a list of at most 64 non-negative integers/],
    ['fractional shape', () => entry({ dtype: 'F32', shape: [1.5], data_offsets: [0, 8] }), /has shape \[1.5\]/],
    ['shape not a list', () => entry({ dtype: 'F32', shape: 2, data_offsets: [0, 8] }), /has shape 2/],
    ['huge shape', () => entry({ dtype: 'F64', shape: [2 ** 30, 2 ** 30], data_offsets: [0, 8] }), /too large to hold/],
    ['offsets not a pair', () => entry({ dtype: 'F32', shape: [2], data_offsets: [0] }), /data_offsets \[0\]; expected \[begin, end\]/],
    ['begin after end', () => entry({ dtype: 'F32', shape: [0], data_offsets: [8, 0] }), /data_offsets \[8, 0\] with begin after end/],
    ['offsets outside the data', () => entry({ dtype: 'F32', shape: [4], data_offsets: [0, 16] }), /data_offsets \[0, 16\] past the end of the data \(8 bytes\)/],
    ['size not shape × dtype', () => entry({ dtype: 'F32', shape: [3], data_offsets: [0, 8] }), /data_offsets \[0, 8\] \(8 bytes\) but shape \[3\] of F32 needs 3 × 4 = 12 bytes/],
    [
      'overlapping tensors',
      () => file({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, b: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, ONE_TWO),
      /tensors 'a' \[0, 8\] and 'b' \[4, 8\] overlap/,
    ],
    ['a hole in the data', () => entry({ dtype: 'F32', shape: [1], data_offsets: [4, 8] }), /data bytes \[0, 4\) belong to no tensor/],
    ['bytes after the last tensor', () => entry({ dtype: 'F32', shape: [1], data_offsets: [0, 4] }), /data bytes \[4, 8\) after the last tensor belong to no tensor/],
    ['BOOL byte other than 0 or 1', () => entry({ dtype: 'BOOL', shape: [2], data_offsets: [0, 2] }, [1, 2]), /tensor 'a' is BOOL but element 1 is the byte 2/],
  ];

  it('the valid base file loads (so each case below fails for its own reason)', () => {
    expect(loadSafetensors(valid()).get('a')!.toArray()).toEqual([1, 2]);
  });

  for (const [what, make, message] of cases) {
    it(what, () => {
      const bytes = make();
      expect(() => loadSafetensors(bytes)).toThrow(ValueError);
      expect(() => loadSafetensors(bytes)).toThrow(message);
    });
  }

  it('rejects something that is not bytes', () => {
    expect(() => loadSafetensors('abc' as never)).toThrow(/expected the file's bytes as a Uint8Array/);
  });
});
