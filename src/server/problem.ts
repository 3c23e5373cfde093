import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { BallastError, ERROR_CODES, isErrorCode, type ErrorCode } from '../core/errors.ts';
import { MAX_ISSUES, summarizeIssues, type Issue, type IssueCode } from '../core/issues.ts';

export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly code: ErrorCode;
  readonly detail: string;
  readonly issues?: readonly Issue[];
  /** The V2 protocol's error field, so KServe and Triton clients show the message. */
  readonly error?: string;
}

/** Maps anything thrown while handling a request to a problem document; never leaks a stack trace. */
function toProblem(error: unknown): Problem {
  if (error instanceof BallastError) return problem(error.code, error.message, error.issues);
  const e = error as FastifyError & { validation?: AjvError[]; validationContext?: string };
  if (e.validation) {
    const issues = e.validation.map((v): Issue => ({
      code: issueCodeOf(v.keyword),
      path: [
        e.validationContext ?? 'body',
        ...v.instancePath
          .split('/')
          .filter(Boolean)
          .map((p) => (/^\d+$/.test(p) ? Number(p) : p)),
        ...(v.params?.missingProperty ? [String(v.params.missingProperty)] : []),
      ],
      message: v.message ?? 'is invalid',
    }));
    return problem('invalid_request', summarizeIssues('invalid request', issues), issues.slice(0, MAX_ISSUES));
  }
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return problem('payload_too_large', 'the body is larger than the server accepts');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return problem('unsupported_media_type', 'send the body as application/json');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return problem('malformed_json', 'the body is empty; send a JSON object');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return problem('malformed_json', `the body is not valid JSON: ${e.message}`);
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return problem('malformed_request', 'the Content-Length header does not match the body');
    case 'FST_ERR_BAD_URL':
      return problem('malformed_request', 'the URL cannot be decoded (a stray % or invalid UTF-8)');
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return problem('uri_too_long', `a segment of the path is longer than ${MAX_PARAM_LENGTH} characters`);
  }
  if (error instanceof SyntaxError || e.statusCode === 400) {
    // The JSON parser's own errors, including its refusal of __proto__ and constructor keys.
    return problem('malformed_json', `the body is not valid JSON: ${e.message}`);
  }
  return problem('internal', 'an unexpected error; the server log has the details');
}

/** Fastify's limit on one path parameter (a name, an id); longer ones answer uri_too_long. */
export const MAX_PARAM_LENGTH = 100;

interface AjvError {
  readonly keyword: string;
  readonly instancePath: string;
  readonly message?: string;
  readonly params?: Record<string, unknown>;
}

/** The schema keyword that failed, as the issue code a client can branch on. */
function issueCodeOf(keyword: string): IssueCode {
  switch (keyword) {
    case 'required':
      return 'missing';
    case 'type':
      return 'invalid_type';
    case 'additionalProperties':
      return 'unrecognized_key';
    case 'maximum':
    case 'exclusiveMaximum':
    case 'maxItems':
    case 'maxLength':
    case 'maxProperties':
      return 'too_big';
    case 'minimum':
    case 'exclusiveMinimum':
    case 'minItems':
    case 'minLength':
    case 'minProperties':
      return 'too_small';
    case 'pattern':
    case 'format':
      return 'invalid_format';
    default:
      return 'invalid_value';
  }
}

export function problem(code: ErrorCode, detail: string, issues: readonly Issue[] = []): Problem {
  const { status, title } = ERROR_CODES[code];
  return { type: `https://ballast.dev/errors#${code}`, title, status, code, detail, ...(issues.length ? { issues } : {}) };
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply {
  let body = toProblem(error);
  if (body.code === 'internal') request.log.error({ err: error }, 'unexpected error');
  if (request.url.startsWith('/v2/')) body = { ...body, error: body.detail };
  return reply.status(body.status).type('application/problem+json').send(body);
}

export function codeOf(error: unknown): ErrorCode {
  const code = toProblem(error).code;
  return isErrorCode(code) ? code : 'internal';
}
