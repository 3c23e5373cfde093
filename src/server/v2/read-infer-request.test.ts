import { describe, expect, it } from 'vitest';
import { IssueCollector, type Issue } from '../../core/issues.ts';
import { readInferRequest } from './read-infer-request.ts';

function read(body: unknown, binary?: Uint8Array) {
  const issues = new IssueCollector();
  const request = readInferRequest(body, binary, issues);
  let error: { message: string; issues: readonly Issue[] } | undefined;
  try {
    issues.throwIfAny('invalid_request', 'invalid inference request');
  } catch (thrown) {
    error = thrown as typeof error;
  }
  return { request, error, paths: error?.issues.map((issue) => issue.path) ?? [] };
}

const fp64 = (values: number[]) => new Uint8Array(new Float64Array(values).buffer);

describe('readInferRequest', () => {
  it('reads the envelope, tensors and requested outputs', () => {
    const { request, error } = read({
      id: 'r-1',
      parameters: { binary_data_output: true },
      inputs: [{ name: 'age', shape: [2], datatype: 'INT64', data: [30, null] }],
      outputs: [{ name: 'label', parameters: { binary_data: false } }],
    });
    expect(error).toBeUndefined();
    expect(request).toEqual({
      id: 'r-1',
      inputs: [{ index: 0, name: 'age', shape: [2], datatype: 'INT64', elements: [30, null] }],
      outputs: [{ index: 0, name: 'label' }],
    });
  });
  it('treats an empty outputs list as no choice', () => {
    expect(read({ inputs: [{ name: 'a', shape: [1], datatype: 'FP64', data: [1] }], outputs: [] }).request.outputs).toBeUndefined();
  });
  it('refuses a body that is not an object, and a missing or empty inputs list', () => {
    expect(read([1, 2]).paths).toEqual([[]]);
    expect(read(null).paths).toEqual([[]]);
    expect(read({}).error?.message).toBe('invalid inference request: inputs: is required (a list of input tensors)');
    expect(read({ inputs: [] }).paths).toEqual([['inputs']]);
  });
  it('collects every envelope problem in one error, each with its path', () => {
    const { paths, error } = read({
      id: 7,
      parameters: 'x',
      inputs: [
        { name: '', shape: [1], datatype: 'FP64', data: [1] },
        { name: 'b', shape: [-1], datatype: 'FP64', data: [1] },
        { name: 'c', shape: [1], datatype: 'FLOAT', data: [1] },
        { name: 'd', shape: [1], datatype: 'FP16', data: [1] },
        { name: 'e', shape: [1], datatype: 'FP64' },
        { name: 'f', shape: [2], datatype: 'FP64', data: [1, 'x'] },
        'g',
      ],
      outputs: [{ parameters: {} }, { name: 'p', parameters: { classification: 2 } }],
    });
    expect(paths).toEqual([
      ['id'],
      ['parameters'],
      ['inputs', 0, 'name'],
      ['inputs', 1, 'shape'],
      ['inputs', 2, 'datatype'],
      ['inputs', 3, 'datatype'],
      ['inputs', 4, 'data'],
      ['inputs', 5, 'data', 1],
      ['inputs', 6],
      ['outputs', 0, 'name'],
      ['outputs', 1, 'parameters', 'classification'],
    ]);
    expect(error?.message).toMatch(/^invalid inference request: id: must be a string, got 7 \(and 10 more problems\)$/);
    expect(error?.issues.find((i) => i.path[1] === 3)?.message).toBe('FP16 is not supported; send FP32 or FP64');
  });
  it('names the tensor whose shape and data length disagree', () => {
    const { error } = read({ inputs: [{ name: 'income', shape: [3], datatype: 'FP64', data: [1, 2] }] });
    expect(error?.message).toBe('invalid inference request: inputs[0].data: has 2 elements but shape [3] holds 3 for tensor "income"');
  });
  it('refuses a tensor name given twice', () => {
    const tensor = { name: 'a', shape: [1], datatype: 'FP64', data: [1] };
    expect(read({ inputs: [tensor, tensor] }).error?.issues).toEqual([
      { code: 'duplicate', path: ['inputs', 1, 'name'], message: '"a" is given twice (also inputs[0])' },
    ]);
  });
  it('refuses __proto__, constructor and prototype keys and reads nothing inherited', () => {
    const body = JSON.parse('{"inputs":[{"name":"a","shape":[1],"datatype":"FP64","data":[1],"__proto__":{"data":[2]}}],"constructor":1}');
    const { paths } = read(body);
    expect(paths).toEqual([['constructor'], ['inputs', 0, '__proto__']]);
    const inherited = Object.create({ name: 'a', shape: [1], datatype: 'FP64', data: [1] }) as object;
    expect(read({ inputs: [inherited] }).paths).toEqual([
      ['inputs', 0, 'name'],
      ['inputs', 0, 'shape'],
      ['inputs', 0, 'datatype'],
      ['inputs', 0, 'data'],
    ]);
  });
  it('declines the shared-memory extension clearly', () => {
    const { error } = read({
      inputs: [{ name: 'a', shape: [1], datatype: 'FP64', parameters: { shared_memory_region: 'r', shared_memory_byte_size: 8 } }],
    });
    expect(error?.issues[0]).toEqual({
      code: 'unsupported',
      path: ['inputs', 0, 'parameters', 'shared_memory_region'],
      message: 'the shared-memory extension is not supported; send the data in JSON or as binary data',
    });
  });
  it('reads tensors from the binary section in input order', () => {
    const binary = new Uint8Array([...fp64([1.5, 2.5]), 3, 0, 0, 0, 0x63, 0x61, 0x72]);
    const { request, error } = read(
      {
        inputs: [
          { name: 'x', shape: [2], datatype: 'FP64', parameters: { binary_data_size: 16 } },
          { name: 'j', shape: [1], datatype: 'INT64', data: [4] },
          { name: 's', shape: [1], datatype: 'BYTES', parameters: { binary_data_size: 7 } },
        ],
      },
      binary,
    );
    expect(error).toBeUndefined();
    expect(request.inputs.map((t) => t.elements)).toEqual([[1.5, 2.5], [4], ['car']]);
  });
  it('refuses binary sizes that do not add up to the binary section, or binary data without one', () => {
    const tensor = { name: 'x', shape: [1], datatype: 'FP64', parameters: { binary_data_size: 8 } };
    expect(read({ inputs: [tensor] }).error?.issues[0]?.message).toMatch(/names binary data but the body has none/);
    expect(read({ inputs: [tensor] }, fp64([1, 2])).error?.issues).toEqual([
      { code: 'invalid_value', path: ['inputs'], message: "the binary section has 16 bytes but the inputs' binary_data_size add up to 8" },
    ]);
    expect(read({ inputs: [tensor] }, new Uint8Array(4)).paths[0]).toEqual(['inputs', 0, 'parameters', 'binary_data_size']);
    expect(read({ inputs: [{ ...tensor, data: [1] }] }, fp64([1])).paths).toEqual([['inputs', 0, 'data']]);
    expect(read({ inputs: [{ ...tensor, parameters: { binary_data_size: -8 } }] }, fp64([1])).paths[0]).toEqual([
      'inputs',
      0,
      'parameters',
      'binary_data_size',
    ]);
  });
  it('does not walk data of more than two dimensions (the decoder refuses the shape)', () => {
    const { request, error } = read({ inputs: [{ name: 'a', shape: [1, 1, 1], datatype: 'FP64', data: [[[1]]] }] });
    expect(error).toBeUndefined();
    expect(request.inputs[0]?.elements).toBeUndefined();
  });
});
