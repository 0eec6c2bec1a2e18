import { describe, expect, it } from 'vitest';
import { CodedError } from './coded-error.js';

class DemoError extends CodedError<'DEMO_FAILED'> {}

describe('CodedError', () => {
  it('carries its code and details and is named after the subclass', () => {
    const error = new DemoError('DEMO_FAILED', 'the demo failed', { attempt: 2 });
    expect(error).toBeInstanceOf(CodedError);
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('DEMO_FAILED');
    expect(error.details).toEqual({ attempt: 2 });
    expect(error.name).toBe('DemoError');
    expect(error.message).toBe('the demo failed');
  });
});
