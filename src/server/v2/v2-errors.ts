import type { BallastError } from '../../core/errors.ts';
import type { Issue } from '../../core/issues.ts';
import type { V2ErrorResponse } from './v2-types.ts';

export interface V2ErrorBody extends V2ErrorResponse {
  readonly code: string;
  readonly issues?: readonly Issue[];
}

/**
 * The body of an error on a `/v2` route. V2 clients read the message from `error`; tritonclient
 * turns a non-200 answer into `InferenceServerException(body["error"])` and reports a decoding
 * failure instead when the key is missing. The server may merge this into its
 * application/problem+json document: the extra members do not disturb either reader.
 */
export function v2ErrorBody(error: BallastError): V2ErrorBody {
  return { error: error.message, code: error.code, ...(error.issues.length > 0 ? { issues: error.issues } : {}) };
}
