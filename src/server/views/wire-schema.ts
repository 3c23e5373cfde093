/**
 * Small JSON Schema builders for the routes' success responses. Fastify serializes a response with
 * its schema, so a field missing here never reaches the wire, and /openapi.json lists exactly what
 * is sent (a test walks it and refuses any name that is not snake_case).
 */
export const str = { type: 'string' } as const;
export const nullableStr = { type: ['string', 'null'] } as const;
export const int = { type: 'integer' } as const;
export const num = { type: 'number' } as const;
export const bool = { type: 'boolean' } as const;
/** A document whose keys are the user's (feature names, metric names, a contract's columns): passed through as is. */
export const freeObject = { type: 'object', additionalProperties: true } as const;
export const strings = { type: 'array', items: str } as const;

export function obj<P extends Record<string, unknown>>(
  properties: P,
  extra: { readonly description?: string; readonly nullable?: boolean } = {},
) {
  return {
    type: extra.nullable ? ['object', 'null'] : 'object',
    properties,
    ...(extra.description ? { description: extra.description } : {}),
  } as const;
}

export function list<T>(items: T) {
  return { type: 'array', items } as const;
}

export const modelVersionRef = obj({ name: str, version: int });
