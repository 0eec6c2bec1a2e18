import type { TSchema, Static } from 'typebox';
import Compile from 'typebox/compile';

export interface ValidationIssue {
  /** JSON pointer to the offending value, `/` for the root. */
  path: string;
  message: string;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; issues: ValidationIssue[] };

/**
 * Compiles a schema once and returns a checker that never throws: callers at
 * the edge turn `issues` into a VALIDATION_FAILED error.
 */
export function validator<S extends TSchema>(schema: S): (value: unknown) => Validated<Static<S>> {
  const compiled = Compile(schema);
  return (value) => {
    if (compiled.Check(value)) return { ok: true, value: value as Static<S> };
    const issues = compiled.Errors(value).map((e) => ({ path: e.instancePath || '/', message: e.message }));
    return { ok: false, issues };
  };
}
