import { BallastError } from '../../core/errors.ts';

/**
 * Reads an inference request body that arrived as raw bytes. tritonclient sends no Content-Type
 * at all, and with its default `binary_data=True` the body is the JSON request followed by the
 * tensors' raw bytes, the JSON's length given in the `Inference-Header-Content-Length` header
 * (the binary tensor data extension). The server hands such bodies here; a body that came with
 * `Content-Type: application/json` is already parsed and goes straight to the decoder.
 */
export interface SplitInferBody {
  readonly json: unknown;
  /** The bytes after the JSON, when the header said where the JSON ends. */
  readonly binary?: Uint8Array;
}

/**
 * The media types an inference body may come with: none at all (tritonclient sends no
 * Content-Type), JSON, or octet-stream (a binary-extension body); anything else is 415.
 */
export function isInferContentType(contentType: string | undefined): boolean {
  if (contentType === undefined) return true;
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  return type === '' || type === 'application/json' || type === 'application/octet-stream';
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const HEADER = 'Inference-Header-Content-Length';

export function splitInferBody(raw: Uint8Array, inferenceHeaderContentLength?: string | readonly string[]): SplitInferBody {
  if (raw.byteLength === 0) throw new BallastError('malformed_json', 'the body is empty; send a JSON inference request');
  if (inferenceHeaderContentLength === undefined) return { json: parseJson(raw) };
  const text = Array.isArray(inferenceHeaderContentLength) ? inferenceHeaderContentLength[0] : inferenceHeaderContentLength;
  const length = /^\d{1,15}$/.test(String(text).trim()) ? Number(String(text).trim()) : Number.NaN;
  if (!(length > 0 && length <= raw.byteLength)) {
    throw new BallastError(
      'invalid_request',
      `the ${HEADER} header must be a whole number of bytes between 1 and the body's ${raw.byteLength}; got ${JSON.stringify(text)}`,
      [{ code: 'invalid_value', path: ['headers', HEADER.toLowerCase()], message: 'must give the length of the JSON part of the body' }],
    );
  }
  // tritonclient writes this header into the headers dict its caller passes; a dict reused after a
  // binary request sends a stale length with the next one, which then cuts the JSON short.
  const staleHint = `; the ${HEADER} header says the JSON part is ${length} of the body's ${raw.byteLength} bytes (a stale header, e.g. a reused tritonclient headers dict, does this)`;
  return { json: parseJson(raw.subarray(0, length), staleHint), binary: raw.subarray(length) };
}

function parseJson(bytes: Uint8Array, lengthHint = ''): unknown {
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    throw new BallastError('malformed_json', 'the body is not valid UTF-8 text');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    // Python's json and rapidjson (tritonclient) write float NaN as a bare NaN, which is not JSON.
    const hint = /\b(NaN|-?Infinity)\b/.test(text)
      ? '; JSON has no NaN or Infinity: send null for a missing value, or send the tensor as binary data'
      : '';
    throw new BallastError('malformed_json', `the body is not valid JSON: ${(error as Error).message}${hint}${lengthHint}`);
  }
  // A parsed key named __proto__ is an own property and harmless to the decoder, but the JSON
  // routes refuse it (Fastify's proto-poisoning guard), so this route refuses it the same way.
  if (/__proto__|constructor|prototype|\\u/.test(text)) {
    const path = findForbiddenKey(json);
    if (path !== undefined) {
      throw new BallastError('malformed_json', `the body uses the forbidden key "${path[path.length - 1]}"`, [
        { code: 'unrecognized_key', path, message: 'keys such as __proto__, constructor and prototype are not allowed' },
      ]);
    }
  }
  return json;
}

interface Visit {
  readonly value: unknown;
  readonly parent: Visit | undefined;
  readonly key: string | number | undefined;
}

/**
 * Iterative, so a deeply nested body cannot overflow the stack, and linear in the body's size:
 * each visit points at its parent, and a path is built only for the key that is found.
 */
function findForbiddenKey(root: unknown): (string | number)[] | undefined {
  const stack: Visit[] = [{ value: root, parent: undefined, key: undefined }];
  while (stack.length > 0) {
    const visit = stack.pop()!;
    const { value } = visit;
    if (value === null || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        if (item !== null && typeof item === 'object') stack.push({ value: item, parent: visit, key: i });
      }
      continue;
    }
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_KEYS.has(key)) return [...pathTo(visit), key];
      stack.push({ value: (value as Record<string, unknown>)[key], parent: visit, key });
    }
  }
  return undefined;
}

function pathTo(visit: Visit): (string | number)[] {
  const path: (string | number)[] = [];
  for (let at: Visit | undefined = visit; at?.key !== undefined; at = at.parent) path.push(at.key);
  return path.reverse();
}
