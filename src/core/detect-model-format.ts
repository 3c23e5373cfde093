import { BallastError } from './errors.ts';
import { MODEL_FORMATS, type ModelFormat } from './signature.ts';

const LOADABLE_FORMATS_TEXT = 'ONNX (.onnx), XGBoost JSON (.json) and LightGBM text (.txt)';

/**
 * Recognises a model file from its first bytes (and its name, for formats with weak magic).
 * Executable formats are refused before anything else looks at them: unpickling runs code.
 */
export function detectModelFormat(head: Uint8Array, fileName: string): ModelFormat {
  const unsafe = describeUnsafe(head, fileName);
  if (unsafe !== undefined) {
    throw new BallastError(
      'unsafe_format',
      `${fileName}: ${unsafe}; Ballast never loads executable formats. Export the model as ${LOADABLE_FORMATS_TEXT}`,
    );
  }
  const text = asciiPrefix(head);
  if (head[0] === 0x7b /* '{' */ && isUbjsonMarker(head[1])) {
    throw new BallastError(
      'unsupported_format',
      `${fileName}: an XGBoost UBJSON model; save it as JSON with booster.save_model("model.json")`,
    );
  }
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) {
    if (/"learner"\s*:/.test(text)) return 'xgboost';
    throw new BallastError(
      'unsupported_format',
      `${fileName}: a JSON file that is not an XGBoost model (no "learner" object); Ballast loads ${LOADABLE_FORMATS_TEXT}`,
    );
  }
  if (/^tree\r?\nversion=v\d/.test(text)) return 'lightgbm';
  if (looksLikeOnnx(head)) return 'onnx';
  throw new BallastError(
    'unsupported_format',
    `${fileName}: not a model format Ballast recognises; Ballast loads ${LOADABLE_FORMATS_TEXT}`,
  );
}

/** Checks a format the user named; the error says what the file looks like instead. */
export function parseModelFormat(value: string): ModelFormat {
  const format = value.toLowerCase();
  if ((MODEL_FORMATS as readonly string[]).includes(format)) return format as ModelFormat;
  throw new BallastError('unsupported_format', `unknown format "${value}"; use one of ${MODEL_FORMATS.join(', ')}`);
}

function describeUnsafe(head: Uint8Array, fileName: string): string | undefined {
  const lower = fileName.toLowerCase();
  if (/\.(pkl|pickle|joblib|sav|pt|pth|ckpt)$/.test(lower)) return `the file name says it is a pickle/joblib/torch file`;
  const b0 = head[0];
  const b1 = head[1];
  // Pickle protocols 2-5 start with PROTO (0x80) and the protocol number.
  if (b0 === 0x80 && b1 !== undefined && b1 >= 2 && b1 <= 5) return 'it is a Python pickle';
  const text = asciiPrefix(head.subarray(0, 16));
  // Protocol 0/1 pickles begin with an opcode such as "(dp0", "ccopy_reg" or "}q".
  if (/^(\(dp\d|\(lp\d|ccopy_reg|c__builtin__|cnumpy|\}q|\]q)/.test(text)) return 'it is a Python pickle';
  if (b0 === 0x78 && (b1 === 0x01 || b1 === 0x5e || b1 === 0x9c || b1 === 0xda))
    return 'it is zlib-compressed (joblib writes pickles this way)';
  if (text.startsWith('ZF')) return 'it is a joblib archive';
  if (b0 === 0x1f && b1 === 0x8b) return 'it is gzip-compressed (joblib writes pickles this way)';
  if (text.startsWith('BZh')) return 'it is bz2-compressed (joblib writes pickles this way)';
  if (b0 === 0xfd && text.slice(1, 5) === '7zXZ') return 'it is xz-compressed (joblib writes pickles this way)';
  if (text.startsWith('PK\u0003\u0004')) return 'it is a zip archive (PyTorch and others store pickles this way)';
  return undefined;
}

function isUbjsonMarker(byte: number | undefined): boolean {
  // UBJSON object keys start with a length of type i, U, I, l or L.
  return byte === 0x69 || byte === 0x55 || byte === 0x49 || byte === 0x6c || byte === 0x4c;
}

function looksLikeOnnx(head: Uint8Array): boolean {
  // A serialised ModelProto starts with field 1 (ir_version, varint, tag 0x08) holding a small version.
  return head.length >= 2 && head[0] === 0x08 && head[1]! >= 1 && head[1]! <= 64;
}

function asciiPrefix(bytes: Uint8Array): string {
  let text = '';
  const end = Math.min(bytes.length, 512);
  for (let i = 0; i < end; i++) text += String.fromCharCode(bytes[i]!);
  return text;
}
