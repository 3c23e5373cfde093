import { describe, expect, it } from 'vitest';
import { BallastError } from '../../core/errors.ts';
import { isInferContentType, splitInferBody } from './split-infer-body.ts';

const text = (s: string) => new TextEncoder().encode(s);

function failure(run: () => unknown): BallastError {
  try {
    run();
  } catch (error) {
    if (error instanceof BallastError) return error;
    throw error;
  }
  throw new Error('expected a BallastError');
}

describe('splitInferBody', () => {
  it('parses a whole body as JSON when no Inference-Header-Content-Length is given', () => {
    expect(splitInferBody(text('{"inputs":[]}'))).toEqual({ json: { inputs: [] } });
  });
  it('splits the JSON from the binary section at the header length', () => {
    const json = '{"inputs":[{"name":"x","shape":[1],"datatype":"FP64","parameters":{"binary_data_size":8}}]}';
    const body = new Uint8Array([...text(json), 0, 0, 0, 0, 0, 0, 0xf0, 0x3f]);
    const { json: parsed, binary } = splitInferBody(body, String(text(json).length));
    expect(parsed).toEqual(JSON.parse(json));
    expect(Array.from(binary!)).toEqual([0, 0, 0, 0, 0, 0, 0xf0, 0x3f]);
    expect(splitInferBody(body, [String(text(json).length)]).binary?.length).toBe(8);
  });
  it('refuses a header length that is not a byte count within the body', () => {
    for (const header of ['0', '-1', '12x', '1e3', '999', ' ']) {
      const error = failure(() => splitInferBody(text('{"a":1}'), header));
      expect(error.code).toBe('invalid_request');
      expect(error.issues[0]!.path).toEqual(['headers', 'inference-header-content-length']);
    }
  });
  it('names a stale header length when the JSON part is cut short', () => {
    const error = failure(() => splitInferBody(text('{"inputs":[1,2,3]}'), '10'));
    expect(error.code).toBe('malformed_json');
    expect(error.message).toMatch(/says the JSON part is 10 of the body's 18 bytes \(a stale header/);
  });
  it('explains NaN and Infinity, which Python clients write into JSON', () => {
    const error = failure(() => splitInferBody(text('{"inputs":[{"data":[NaN,1.0]}]}')));
    expect(error.code).toBe('malformed_json');
    expect(error.message).toMatch(/JSON has no NaN or Infinity: send null for a missing value, or send the tensor as binary data$/);
  });
  it('refuses empty bodies, invalid UTF-8 and plain garbage', () => {
    expect(failure(() => splitInferBody(new Uint8Array(0))).message).toMatch(/the body is empty/);
    expect(failure(() => splitInferBody(new Uint8Array([0x7b, 0xff, 0x7d]))).message).toBe('the body is not valid UTF-8 text');
    expect(failure(() => splitInferBody(text('inputs=1'))).code).toBe('malformed_json');
  });
  it('refuses __proto__, constructor and prototype keys at any depth, escaped or not', () => {
    const bodies = [
      '{"__proto__":{"polluted":1},"inputs":[]}',
      '{"inputs":[{"name":"x","parameters":{"constructor":{"prototype":{"polluted":1}}}}]}',
      '{"inputs":[{"\\u005f_proto__":{"polluted":1}}]}',
    ];
    for (const body of bodies) {
      const error = failure(() => splitInferBody(text(body)));
      expect(error.code).toBe('malformed_json');
      expect(error.message).toMatch(/forbidden key "(__proto__|constructor)"/);
    }
    expect(failure(() => splitInferBody(text(bodies[2]!))).issues[0]!.path).toEqual(['inputs', 0, '__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
  it('accepts the words as values, e.g. a category named "constructor"', () => {
    expect(splitInferBody(text('{"inputs":[{"data":["constructor","__proto__"]}]}')).json).toEqual({
      inputs: [{ data: ['constructor', '__proto__'] }],
    });
  });
  it('checks deeply nested bodies without overflowing the stack', () => {
    const depth = 200_000;
    const body = `{"inputs":${'['.repeat(depth)}{"\\u0061":1}${']'.repeat(depth)}}`;
    expect(() => splitInferBody(text(body))).not.toThrow();
  });
});

describe('isInferContentType', () => {
  it('accepts no Content-Type (tritonclient), JSON and octet-stream, and nothing else', () => {
    for (const type of [undefined, '', 'application/json', 'Application/JSON; charset=utf-8', 'application/octet-stream'])
      expect(isInferContentType(type), String(type)).toBe(true);
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonp'])
      expect(isInferContentType(type), type).toBe(false);
  });
});
