/**
 * Puts the recorded examples (openapi-examples.json, captured by npm run openapi:examples from real responses)
 * into the document: parameter and request-body examples, and the example of the success response.
 */
type Json = Record<string, any>;

export interface RecordedExample {
  parameters: Record<string, string>;
  request?: unknown;
  response: { status: number; mediaType: string; body: unknown };
}

export function embedExamples<T extends { paths?: Json }>(doc: T, examples: Record<string, RecordedExample>): T {
  for (const item of Object.values<Json>(doc.paths ?? {})) {
    for (const op of Object.values<Json>(item)) {
      const example = examples[op.operationId as string];
      if (!example) continue;
      for (const p of op.parameters ?? []) {
        if (!(p.name in example.parameters)) continue;
        // Query strings arrive as text; the example shows the value the schema describes.
        const raw = example.parameters[p.name]!;
        p.example = p.schema?.type === 'integer' || p.schema?.type === 'number' ? Number(raw) : raw;
      }
      const requestContent = op.requestBody?.content?.['application/json'];
      if (requestContent && example.request !== undefined) requestContent.example = example.request;
      const responseContent = op.responses?.[String(example.response.status)]?.content?.[example.response.mediaType];
      if (responseContent) responseContent.example = example.response.body;
    }
  }
  return doc;
}
