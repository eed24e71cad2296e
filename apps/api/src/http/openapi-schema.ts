import type { ApiBodyOptions } from '@nestjs/swagger';
import type { BodySchema } from '#common';

type SchemaObject = Extract<ApiBodyOptions, { schema: unknown }>['schema'] & Record<string, unknown>;

/** The OpenAPI form of a body schema, so the document and the validation cannot drift apart. */
export function openApiSchema(schema: BodySchema): SchemaObject {
  const properties: Record<string, SchemaObject> = {};
  for (const [field, spec] of Object.entries(schema)) {
    const { required: _required, ...rest } = spec;
    properties[field] = { ...rest, type: spec.type } as SchemaObject;
  }
  const required = Object.entries(schema)
    .filter(([, spec]) => spec.required)
    .map(([field]) => field);
  return { type: 'object', additionalProperties: false, properties, required };
}
