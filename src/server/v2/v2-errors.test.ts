import { describe, expect, it } from 'vitest';
import { BallastError } from '../../core/errors.ts';
import { v2ErrorBody } from './v2-errors.ts';

describe('v2ErrorBody', () => {
  it('puts the message where V2 clients read it, beside the code and issues', () => {
    const error = new BallastError('invalid_request', 'invalid inference request: inputs is required', [{ code: 'missing', path: ['inputs'], message: 'is required' }]);
    expect(v2ErrorBody(error)).toEqual({ error: 'invalid inference request: inputs is required', code: 'invalid_request', issues: [{ code: 'missing', path: ['inputs'], message: 'is required' }] });
    expect(v2ErrorBody(new BallastError('deployment_not_found', 'no deployment named "x"'))).toEqual({ error: 'no deployment named "x"', code: 'deployment_not_found' });
  });
});
