import { describe, expect, it } from 'vitest';
import { misnamedFields } from './wire-names.ts';

describe('misnamedFields', () => {
  it('finds camelCase properties at any depth and camelCase query parameters, but not headers', () => {
    const doc = {
      paths: {
        '/x': {
          get: {
            parameters: [
              { in: 'query', name: 'requestId' },
              { in: 'query', name: 'request_id' },
              { in: 'header', name: 'X-Request-Id' },
            ],
            responses: {
              200: {
                content: {
                  'application/json': {
                    schema: {
                      properties: {
                        ok_field: { type: 'object', properties: { latencyMs: {} } },
                        items: { items: { properties: { createdAt: {} } } },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    };
    expect(
      misnamedFields(doc)
        .map((f) => f.name)
        .sort(),
    ).toEqual(['createdAt', 'latencyMs', 'requestId']);
  });

  it('accepts snake_case with digits', () => {
    expect(misnamedFields({ properties: { p_value: {}, sha256: {}, artifact_sha256: {}, x2_y: {} } })).toEqual([]);
  });
});
