import { ModelLoadError } from '../model-runtime.ts';
import { isObject, type JsonObject } from './json-fields.ts';

const SAVE_AS_JSON = "save the model as JSON: booster.save_model('model.json')";

/**
 * Decodes the bytes of an XGBoost model saved as JSON. Other encodings XGBoost writes (UBJSON,
 * the legacy binary format) are recognised by their first bytes and refused with the fix.
 */
export function readModelJson(bytes: Uint8Array): JsonObject {
  const start = firstNonSpace(bytes);
  if (start === bytes.length) throw new ModelLoadError('XGBoost model file is empty');
  if (bytes[start] === 0x7b /* { */ && isUbjsonLengthMarker(bytes[start + 1])) {
    throw new ModelLoadError(`XGBoost model is UBJSON (binary), not JSON; ${SAVE_AS_JSON}`);
  }
  if (bytes[start] !== 0x7b) {
    throw new ModelLoadError(`XGBoost model is not JSON (it looks like the legacy binary format); ${SAVE_AS_JSON}`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ModelLoadError(`XGBoost model is not valid UTF-8 text; ${SAVE_AS_JSON}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ModelLoadError(
      endsInsideValue(text)
        ? `XGBoost model JSON ends early (${bytes.length} bytes): the file is truncated; copy or save it again`
        : `XGBoost model is not valid JSON: ${reason.split('\n')[0]}`,
    );
  }
  if (!isObject(parsed) || !isObject(parsed['learner'])) {
    throw new ModelLoadError('XGBoost model JSON has no "learner" object: is this a model saved by booster.save_model?');
  }
  return parsed;
}

/** Whether the text stops with an object, array or string still open: the mark of a cut-off file. */
function endsInsideValue(text: string): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \\ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) depth--;
  }
  return inString || depth > 0;
}

function firstNonSpace(bytes: Uint8Array): number {
  let i = 0;
  // Skip a UTF-8 byte order mark and whitespace.
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++;
  return i;
}

function isUbjsonLengthMarker(byte: number | undefined): boolean {
  // UBJSON object keys begin with their length, typed i, U, I, l or L.
  return byte === 0x69 || byte === 0x55 || byte === 0x49 || byte === 0x6c || byte === 0x4c;
}
