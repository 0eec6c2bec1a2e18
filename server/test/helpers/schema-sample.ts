// The smallest value a JSON schema (as /docs/json gives a route's body or query) accepts, so a
// request passes validation and reaches the route's handler.
type Schema = Record<string, unknown>;

const STRING_CANDIDATES = ['leak-probe', 'leakprobe', 'LEAKPROBE', 'rtmp://example.com/live/key', 'a', '0'];
const FORMATS: Record<string, string> = {
  'date-time': '2030-01-01T02:00:00Z',
  date: '2030-01-01',
  email: 'probe@example.com',
  uri: 'https://example.com/probe',
  uuid: '00000000-0000-4000-8000-000000000000',
};

/** For a pattern of one repeated character class (`^[0-9a-f]{64}$`), that many of its first character. */
function classRun(pattern: string): string | undefined {
  const run = /^\^\[([^\]\\])[^\]]*\]\{(\d+)(?:,\d*)?\}\$$/.exec(pattern);
  return run ? run[1]!.repeat(Number(run[2])) : undefined;
}

function sampleString(schema: Schema): string {
  const format = typeof schema.format === 'string' ? FORMATS[schema.format] : undefined;
  if (format) return format;
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const max = typeof schema.maxLength === 'number' ? schema.maxLength : Infinity;
  const pattern = typeof schema.pattern === 'string' ? new RegExp(schema.pattern, 'u') : undefined;
  const fits = (s: string) => s.length >= min && s.length <= max && (!pattern || pattern.test(s));
  const run = typeof schema.pattern === 'string' ? classRun(schema.pattern) : undefined;
  const padded = [...(run ? [run] : []), ...STRING_CANDIDATES].map((s) => s.padEnd(min, s.at(-1)));
  return padded.find(fits) ?? 'x'.repeat(Math.max(min, 1));
}

function sampleNumber(schema: Schema): number {
  if (typeof schema.minimum === 'number') return schema.minimum;
  if (typeof schema.exclusiveMinimum === 'number') return Math.floor(schema.exclusiveMinimum) + 1;
  if (typeof schema.maximum === 'number') return Math.min(1, schema.maximum);
  return 1;
}

/** A value valid for `schema`, as small as its constraints allow (at least one item in an array). */
export function sample(schema: Schema): unknown {
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  for (const key of ['anyOf', 'oneOf'] as const) {
    const options = schema[key];
    if (Array.isArray(options) && options.length > 0) return sample(options[0] as Schema);
  }
  if (Array.isArray(schema.allOf)) {
    return Object.assign({}, ...schema.allOf.map((part) => sample(part as Schema) as object)) as unknown;
  }
  const type = Array.isArray(schema.type) ? (schema.type[0] as string) : schema.type;
  switch (type) {
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
      return Object.fromEntries(required.map((name) => [name, sample(properties[name] ?? {})]));
    }
    case 'array': {
      const min = typeof schema.minItems === 'number' ? schema.minItems : 0;
      const max = typeof schema.maxItems === 'number' ? schema.maxItems : Infinity;
      const count = Math.min(Math.max(min, 1), max);
      return Array.from({ length: count }, () => sample((schema.items ?? {}) as Schema));
    }
    case 'string':
      return sampleString(schema);
    case 'integer':
    case 'number':
      return sampleNumber(schema);
    case 'boolean':
      return false;
    case 'null':
      return null;
    default:
      return {};
  }
}
