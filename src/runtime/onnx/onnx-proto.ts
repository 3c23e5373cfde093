import type { ClassLabel } from '../../core/signature.ts';
import { WireReader, WireType } from './proto-wire.ts';

/**
 * A minimal reader for the parts of an ONNX ModelProto that Ballast needs before it hands the bytes
 * to ONNX Runtime: the graph's inputs and outputs with their types, metadata_props, opsets and the
 * class labels of classifier nodes. Field numbers follow onnx/onnx.proto3 (IR version 10); every
 * other field is skipped by length, so large initializers and tree attributes cost nothing.
 */

/** TensorProto.DataType values Ballast feeds or reads; the rest only appear in messages. */
export const OnnxElementType = { float: 1, int32: 6, int64: 7, string: 8, bool: 9, double: 11 } as const;

const ELEMENT_TYPE_NAMES: Record<number, string> = {
  1: 'float',
  2: 'uint8',
  3: 'int8',
  4: 'uint16',
  5: 'int16',
  6: 'int32',
  7: 'int64',
  8: 'string',
  9: 'bool',
  10: 'float16',
  11: 'double',
  12: 'uint32',
  13: 'uint64',
  14: 'complex64',
  15: 'complex128',
  16: 'bfloat16',
};

export function elementTypeName(type: number): string {
  return ELEMENT_TYPE_NAMES[type] ?? `element type ${type}`;
}

/** A dimension: a fixed size, a symbolic name, or unknown (neither set, as skl2onnx writes for `None`). */
export type OnnxDim = number | string | undefined;

export type OnnxType =
  | { readonly kind: 'tensor'; readonly elementType: number; readonly shape: readonly OnnxDim[] | undefined }
  | { readonly kind: 'sequence'; readonly element: OnnxType | undefined }
  | { readonly kind: 'map'; readonly keyType: number; readonly value: OnnxType | undefined }
  /** Optional, sparse and opaque types, or no type at all. */
  | { readonly kind: 'other' };

export interface OnnxValueInfo {
  readonly name: string;
  readonly type: OnnxType;
}

export interface OnnxNode {
  readonly opType: string;
  readonly domain: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  /** From a `classlabels_ints`, `classlabels_int64s` or `classlabels_strings` attribute, when the node has one. */
  readonly classLabels?: readonly ClassLabel[];
}

export interface OnnxOpset {
  /** '' is the default ai.onnx domain. */
  readonly domain: string;
  readonly version: number;
}

export interface OnnxModelProto {
  readonly irVersion: number;
  readonly producer: string;
  readonly opsets: readonly OnnxOpset[];
  readonly metadata: ReadonlyMap<string, string>;
  /** Graph inputs the caller must feed (initializers listed as inputs by IR < 4 are left out). */
  readonly inputs: readonly OnnxValueInfo[];
  readonly outputs: readonly OnnxValueInfo[];
  readonly nodes: readonly OnnxNode[];
}

/** Type nesting deeper than this is not a model anyone exports, only a corrupt file. */
const MAX_TYPE_DEPTH = 16;
const CLASS_LABEL_ATTRIBUTES = new Set(['classlabels_ints', 'classlabels_int64s', 'classlabels_strings']);

export function readOnnxModel(bytes: Uint8Array): OnnxModelProto {
  const reader: WireReader = new WireReader(bytes);
  if (reader.done()) reader.fail('the file is empty');
  let irVersion: number | undefined;
  let producerName = '';
  let producerVersion = '';
  let graph: GraphParts | undefined;
  const opsets: OnnxOpset[] = [];
  const metadata = new Map<string, string>();
  while (!reader.done()) {
    const { field, wireType } = reader.readTag();
    if (field === 1 && wireType === WireType.varint) irVersion = reader.readInt64();
    else if (field === 2 && wireType === WireType.bytes) producerName = reader.readString();
    else if (field === 3 && wireType === WireType.bytes) producerVersion = reader.readString();
    else if (field === 7 && wireType === WireType.bytes) graph = readGraph(reader.readMessage());
    else if (field === 8 && wireType === WireType.bytes) opsets.push(readOpset(reader.readMessage()));
    else if (field === 14 && wireType === WireType.bytes) {
      const [key, value] = readStringPair(reader.readMessage());
      metadata.set(key, value);
    } else reader.skip(wireType);
  }
  if (irVersion === undefined) reader.fail('no ir_version (field 1), so this is not an ONNX ModelProto');
  if (graph === undefined) reader.fail('no graph (field 7)');
  const initializers = new Set(graph.initializerNames);
  return {
    irVersion,
    producer: `${producerName} ${producerVersion}`.trim(),
    opsets,
    metadata,
    inputs: graph.inputs.filter((input) => !initializers.has(input.name)),
    outputs: graph.outputs,
    nodes: graph.nodes,
  };
}

interface GraphParts {
  readonly inputs: OnnxValueInfo[];
  readonly outputs: OnnxValueInfo[];
  readonly nodes: OnnxNode[];
  readonly initializerNames: string[];
}

function readGraph(reader: WireReader): GraphParts {
  const graph: GraphParts = { inputs: [], outputs: [], nodes: [], initializerNames: [] };
  while (!reader.done()) {
    const { field, wireType } = reader.readTag();
    if (wireType !== WireType.bytes) reader.skip(wireType);
    else if (field === 1) graph.nodes.push(readNode(reader.readMessage()));
    else if (field === 5) graph.initializerNames.push(readTensorName(reader.readMessage()));
    else if (field === 11) graph.inputs.push(readValueInfo(reader.readMessage()));
    else if (field === 12) graph.outputs.push(readValueInfo(reader.readMessage()));
    else reader.skip(wireType);
  }
  return graph;
}

function readOpset(reader: WireReader): OnnxOpset {
  let domain = '';
  let version = 0;
  while (!reader.done()) {
    const { field, wireType } = reader.readTag();
    if (field === 1 && wireType === WireType.bytes) domain = reader.readString();
    else if (field === 2 && wireType === WireType.varint) version = reader.readInt64();
    else reader.skip(wireType);
  }
  return { domain, version };
}

function readStringPair(reader: WireReader): [string, string] {
  let key = '';
  let value = '';
  while (!reader.done()) {
    const { field, wireType } = reader.readTag();
    if (field === 1 && wireType === WireType.bytes) key = reader.readString();
    else if (field === 2 && wireType === WireType.bytes) value = reader.readString();
    else reader.skip(wireType);
  }
  return [key, value];
}

function readTensorName(reader: WireReader): string {
  let name = '';
  while (!reader.done()) {
    const { field, wireType } = reader.readTag();
    if (field === 8 && wireType === WireType.bytes) name = reader.readString();
    else reader.skip(wireType);
  }
  return name;
}

function readValueInfo(reader: WireReader): OnnxValueInfo {
  let name = '';
  let type: OnnxType = { kind: 'other' };
  while (!reader.done()) {
    const { field, wireType } = reader.readTag();
    if (field === 1 && wireType === WireType.bytes) name = reader.readString();
    else if (field === 2 && wireType === WireType.bytes) type = readType(reader.readMessage(), 0);
    else reader.skip(wireType);
  }
  return { name, type };
}

function readType(reader: WireReader, depth: number): OnnxType {
  if (depth > MAX_TYPE_DEPTH) reader.fail(`types nested more than ${MAX_TYPE_DEPTH} deep at byte ${reader.offset}`);
  let type: OnnxType = { kind: 'other' };
  while (!reader.done()) {
    const { field, wireType } = reader.readTag();
    if (field === 1 && wireType === WireType.bytes) type = readTensorType(reader.readMessage());
    else if (field === 4 && wireType === WireType.bytes)
      type = { kind: 'sequence', element: readElementType(reader.readMessage(), 1, depth) };
    else if (field === 5 && wireType === WireType.bytes) type = readMapType(reader.readMessage(), depth);
    else reader.skip(wireType);
  }
  return type;
}

/** TypeProto.Sequence (elem_type = 1) and TypeProto.Map (value_type = 2) both wrap one TypeProto. */
function readElementType(reader: WireReader, wrappedField: number, depth: number): OnnxType | undefined {
  let element: OnnxType | undefined;
  while (!reader.done()) {
    const { field, wireType } = reader.readTag();
    if (field === wrappedField && wireType === WireType.bytes) element = readType(reader.readMessage(), depth + 1);
    else reader.skip(wireType);
  }
  return element;
}

function readMapType(reader: WireReader, depth: number): OnnxType {
  let keyType = 0;
  let value: OnnxType | undefined;
  while (!reader.done()) {
    const { field, wireType } = reader.readTag();
    if (field === 1 && wireType === WireType.varint) keyType = reader.readInt64();
    else if (field === 2 && wireType === WireType.bytes) value = readType(reader.readMessage(), depth + 1);
    else reader.skip(wireType);
  }
  return { kind: 'map', keyType, value };
}

function readTensorType(reader: WireReader): OnnxType {
  let elementType = 0;
  let shape: OnnxDim[] | undefined;
  while (!reader.done()) {
    const { field, wireType } = reader.readTag();
    if (field === 1 && wireType === WireType.varint) elementType = reader.readInt64();
    else if (field === 2 && wireType === WireType.bytes) shape = readShape(reader.readMessage());
    else reader.skip(wireType);
  }
  return { kind: 'tensor', elementType, shape };
}

function readShape(reader: WireReader): OnnxDim[] {
  const dims: OnnxDim[] = [];
  while (!reader.done()) {
    const { field, wireType } = reader.readTag();
    if (field === 1 && wireType === WireType.bytes) dims.push(readDim(reader.readMessage()));
    else reader.skip(wireType);
  }
  return dims;
}

function readDim(reader: WireReader): OnnxDim {
  let dim: OnnxDim;
  while (!reader.done()) {
    const { field, wireType } = reader.readTag();
    if (field === 1 && wireType === WireType.varint) dim = reader.readInt64();
    else if (field === 2 && wireType === WireType.bytes) dim = reader.readString();
    else reader.skip(wireType);
  }
  // A negative or empty value is how some exporters spell "unknown".
  return (typeof dim === 'number' && dim < 0) || dim === '' ? undefined : dim;
}

function readNode(reader: WireReader): OnnxNode {
  const inputs: string[] = [];
  const outputs: string[] = [];
  let opType = '';
  let domain = '';
  let classLabels: ClassLabel[] | undefined;
  while (!reader.done()) {
    const { field, wireType } = reader.readTag();
    if (wireType !== WireType.bytes) reader.skip(wireType);
    else if (field === 1) inputs.push(reader.readString());
    else if (field === 2) outputs.push(reader.readString());
    else if (field === 4) opType = reader.readString();
    else if (field === 7) domain = reader.readString();
    else if (field === 5) classLabels = readClassLabelAttribute(reader.readMessage()) ?? classLabels;
    else reader.skip(wireType);
  }
  return classLabels === undefined ? { opType, domain, inputs, outputs } : { opType, domain, inputs, outputs, classLabels };
}

/**
 * The labels of a classlabels_* attribute, or undefined for any other attribute. The name may come
 * after the values, so packed ints and strings are kept as spans and decoded only once the name is
 * known: a tree ensemble's other attributes can hold millions of entries.
 */
function readClassLabelAttribute(reader: WireReader): ClassLabel[] | undefined {
  let name = '';
  const ints: number[] = [];
  const packedInts: WireReader[] = [];
  const strings: Uint8Array[] = [];
  while (!reader.done()) {
    const { field, wireType } = reader.readTag();
    if (field === 1 && wireType === WireType.bytes) name = reader.readString();
    else if (field === 8 && wireType === WireType.varint) ints.push(reader.readInt64());
    else if (field === 8 && wireType === WireType.bytes) packedInts.push(reader.readMessage());
    else if (field === 9 && wireType === WireType.bytes) strings.push(reader.readBytes());
    else reader.skip(wireType);
  }
  if (!CLASS_LABEL_ATTRIBUTES.has(name)) return undefined;
  if (name === 'classlabels_strings') return strings.map((bytes) => reader.decodeText(bytes));
  for (const packed of packedInts) while (!packed.done()) ints.push(packed.readInt64());
  return ints;
}
