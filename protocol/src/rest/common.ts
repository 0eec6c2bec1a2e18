import Type from 'typebox';

export const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });
export const IsoDateTime = Type.String({ format: 'date-time', maxLength: 40 });
/** Free text shown to people: trimmed length limits; rendering escapes it. */
export const Name = Type.String({ minLength: 1, maxLength: 200 });

export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
};

export function PageOf<T extends Type.TSchema>(item: T) {
  return Type.Object({
    items: Type.Array(item),
    total: Type.Integer({ minimum: 0 }),
    limit: Type.Integer(),
    offset: Type.Integer(),
  });
}
