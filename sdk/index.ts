import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { paths } from './generated/schema';

export type { components, operations, paths } from './generated/schema';

export interface RongheOptions {
  /** Where the service runs, e.g. https://ronghe.example.cn */
  baseUrl: string;
  /** An API key (`rh_…`); public operations need none. */
  apiKey?: string;
  /** Labels of questionnaires and industries come in this language. */
  language?: 'zh' | 'en';
  fetch?: typeof globalThis.fetch;
}

/**
 * A typed client for the Ronghe API, generated from openapi.json (sdk/generated/schema.d.ts) with openapi-fetch;
 * this wrapper only adds the key and the language to every request.
 */
export function createRongheClient(options: RongheOptions): Client<paths> {
  const client = createClient<paths>({ baseUrl: options.baseUrl, fetch: options.fetch });
  const defaults: Middleware = {
    onRequest({ request }) {
      if (options.apiKey) request.headers.set('authorization', `Bearer ${options.apiKey}`);
      if (options.language) request.headers.set('accept-language', options.language);
      return request;
    },
  };
  client.use(defaults);
  return client;
}

/**
 * Header for a create or submit that may be retried safely: resend with the same key and the service replays the
 * first response instead of writing twice. Keep the key for as long as you might retry (the service keeps it 24 h).
 */
export const idempotencyKey = (key: string = globalThis.crypto.randomUUID()) => ({ 'idempotency-key': key });

/**
 * Index responses can also come as CSV (Accept: text/csv or ?format=csv), so their data is typed as either;
 * without asking for CSV they are JSON, and this narrows them.
 */
export function asJson<T>(data: T | string | undefined): T {
  if (data === undefined || typeof data === 'string') throw new TypeError('expected a JSON response');
  return data;
}
