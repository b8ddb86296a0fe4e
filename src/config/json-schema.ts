import type { TSchema } from 'typebox';

/** A TypeBox schema as a standalone JSON Schema document, for editors and other languages. */
export function standaloneSchema(schema: TSchema, id: string, title: string): Record<string, unknown> {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `https://kakou.invalid/${id}.schema.json`,
    title,
    // Round-trip through JSON drops TypeBox's symbol-keyed metadata, leaving plain JSON Schema.
    ...(JSON.parse(JSON.stringify(schema)) as Record<string, unknown>),
  };
}
