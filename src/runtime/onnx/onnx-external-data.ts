import { BallastError } from '../../core/errors.ts';
import { MAX_ISSUES, type Issue, type IssuePath } from '../../core/issues.ts';
import { WireReader, WireType } from './proto-wire.ts';

/**
 * Finds every tensor of an ONNX model whose bytes live outside the file (TensorProto.data_location
 * = EXTERNAL, or any `external_data` entry). Such a tensor names a path that ONNX Runtime resolves
 * against the working directory when the model is handed over as bytes, so a model could read
 * `secret.txt` or the server's own database back as weights; and the artifact's hash would not
 * cover those bytes. Ballast serves self-contained models only.
 *
 * The walk follows every place a TensorProto can appear (onnx/onnx.proto3, IR version 10): graph
 * initializers and sparse initializers, node attributes (`t`, `tensors`, `sparse_tensor(s)`) and
 * the subgraphs of attributes (`g`, `graphs`: If, Loop, Scan bodies), model-local functions and
 * training graphs, at any depth.
 */
export interface ExternalTensor {
  /** Where the tensor sits, outside in: e.g. ['graph', 'node', 2, 'attribute', 'then_branch', 'node', 0, 'attribute', 'value']. */
  readonly path: IssuePath;
  readonly name: string;
  /** The `location` entry of its external_data, when it has one. */
  readonly location: string | undefined;
}

/** Subgraphs nested deeper than this are not a model anyone exports, only a crafted file (and a stack risk). */
const MAX_GRAPH_DEPTH = 64;
const EXTERNAL = 1;

export function findExternalTensors(bytes: Uint8Array): ExternalTensor[] {
  const found: ExternalTensor[] = [];
  const reader = new WireReader(bytes);
  while (!reader.done()) {
    const { field, wireType } = reader.readTag();
    if (wireType !== WireType.bytes) reader.skip(wireType);
    else if (field === 7) walkGraph(reader.readMessage(), ['graph'], 0, found);
    else if (field === 25) walkFunction(reader.readMessage(), ['functions'], found);
    else if (field === 20) walkTrainingInfo(reader.readMessage(), ['training_info'], found);
    else reader.skip(wireType);
  }
  return found;
}

/** Throws `external_data` naming every external tensor; returns quietly for a self-contained model. */
export function refuseExternalData(bytes: Uint8Array): void {
  const external = findExternalTensors(bytes);
  if (external.length === 0) return;
  const issues: Issue[] = external.slice(0, MAX_ISSUES).map((tensor) => ({
    code: 'unsupported',
    path: tensor.path,
    message: `tensor "${tensor.name}" keeps its data in an external file${tensor.location === undefined ? '' : ` "${tensor.location}"`}`,
  }));
  const first = external[0]!;
  const more = external.length > 1 ? ` and ${external.length - 1} more tensor${external.length > 2 ? 's' : ''}` : '';
  throw new BallastError(
    'external_data',
    `the ONNX model keeps tensor "${first.name}"${first.location === undefined ? '' : ` in the external file "${first.location}"`}${more}; ` +
      'Ballast loads self-contained models only (external files are read from wherever the server runs and are not covered by the artifact hash): ' +
      'load it with onnx.load() and save it with onnx.save_model(model, path, save_as_external_data=False)',
    issues,
  );
}

function walkGraph(reader: WireReader, path: IssuePath, depth: number, found: ExternalTensor[]): void {
  if (depth > MAX_GRAPH_DEPTH) reader.fail(`subgraphs nested more than ${MAX_GRAPH_DEPTH} deep`);
  const counts = { node: 0, initializer: 0, sparse_initializer: 0 };
  while (!reader.done()) {
    const { field, wireType } = reader.readTag();
    if (wireType !== WireType.bytes) reader.skip(wireType);
    else if (field === 1) walkNode(reader.readMessage(), [...path, 'node', counts.node++], depth, found);
    else if (field === 5) checkTensor(reader.readMessage(), [...path, 'initializer', counts.initializer++], found);
    else if (field === 15) walkSparseTensor(reader.readMessage(), [...path, 'sparse_initializer', counts.sparse_initializer++], found);
    else reader.skip(wireType);
  }
}

function walkNode(reader: WireReader, path: IssuePath, depth: number, found: ExternalTensor[]): void {
  let attributes = 0;
  while (!reader.done()) {
    const { field, wireType } = reader.readTag();
    if (field === 5 && wireType === WireType.bytes) walkAttribute(reader.readMessage(), [...path, 'attribute', attributes++], depth, found);
    else reader.skip(wireType);
  }
}

/**
 * AttributeProto: t = 5, g = 6, tensors = 10, graphs = 11, sparse_tensor = 22, sparse_tensors = 23.
 * The attribute's name (field 1) may come after its values, so paths use its index; the name is
 * patched in once known.
 */
function walkAttribute(reader: WireReader, path: IssuePath, depth: number, found: ExternalTensor[]): void {
  const before = found.length;
  let name: string | undefined;
  let tensors = 0;
  let graphs = 0;
  while (!reader.done()) {
    const { field, wireType } = reader.readTag();
    if (wireType !== WireType.bytes) reader.skip(wireType);
    else if (field === 1) name = reader.readString();
    else if (field === 5 || field === 10) checkTensor(reader.readMessage(), field === 5 ? path : [...path, tensors++], found);
    else if (field === 6 || field === 11) walkGraph(reader.readMessage(), field === 6 ? path : [...path, graphs++], depth + 1, found);
    else if (field === 22 || field === 23) walkSparseTensor(reader.readMessage(), field === 22 ? path : [...path, tensors++], found);
    else reader.skip(wireType);
  }
  if (name === undefined) return;
  const at = path.length - 1;
  for (let i = before; i < found.length; i++) {
    const tensor = found[i]!;
    found[i] = { ...tensor, path: [...tensor.path.slice(0, at), name, ...tensor.path.slice(at + 1)] };
  }
}

/** FunctionProto: node = 7. */
function walkFunction(reader: WireReader, path: IssuePath, found: ExternalTensor[]): void {
  let nodes = 0;
  while (!reader.done()) {
    const { field, wireType } = reader.readTag();
    if (field === 7 && wireType === WireType.bytes) walkNode(reader.readMessage(), [...path, 'node', nodes++], 0, found);
    else reader.skip(wireType);
  }
}

/** TrainingInfoProto: initialization = 1, algorithm = 2, both graphs. */
function walkTrainingInfo(reader: WireReader, path: IssuePath, found: ExternalTensor[]): void {
  while (!reader.done()) {
    const { field, wireType } = reader.readTag();
    if ((field === 1 || field === 2) && wireType === WireType.bytes)
      walkGraph(reader.readMessage(), [...path, field === 1 ? 'initialization' : 'algorithm'], 0, found);
    else reader.skip(wireType);
  }
}

/** SparseTensorProto: values = 1, indices = 2, both TensorProtos. */
function walkSparseTensor(reader: WireReader, path: IssuePath, found: ExternalTensor[]): void {
  while (!reader.done()) {
    const { field, wireType } = reader.readTag();
    if ((field === 1 || field === 2) && wireType === WireType.bytes)
      checkTensor(reader.readMessage(), [...path, field === 1 ? 'values' : 'indices'], found);
    else reader.skip(wireType);
  }
}

/** TensorProto: name = 8, external_data = 13 (StringStringEntryProto), data_location = 14. */
function checkTensor(reader: WireReader, path: IssuePath, found: ExternalTensor[]): void {
  let name = '';
  let external = false;
  let location: string | undefined;
  while (!reader.done()) {
    const { field, wireType } = reader.readTag();
    if (field === 8 && wireType === WireType.bytes) name = reader.readString();
    else if (field === 14 && wireType === WireType.varint) {
      // Read unconditionally: the varint must be consumed even when external_data already decided.
      const isExternal = reader.readInt64() === EXTERNAL;
      external ||= isExternal;
    } else if (field === 13 && wireType === WireType.bytes) {
      external = true;
      const [key, value] = readEntry(reader.readMessage());
      if (key === 'location') location = value;
    } else reader.skip(wireType);
  }
  if (external) found.push({ path, name, location });
}

function readEntry(reader: WireReader): [string, string] {
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
