import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import secureJsonParse from 'secure-json-parse';
import { ProblemError } from '../http/problem';
import { decodeUtf8Body } from '../http/utf8-body';

export const MAX_JSON_DEPTH = 32;

/** Nesting depth of a JSON text, scanned without recursion so hostile input cannot exhaust the stack. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) max = Math.max(max, ++depth);
    else if (c === 125 || c === 93) depth--;
  }
  return max;
}

/**
 * application/json only, in UTF-8: other media types and charsets get 415, bytes that are not UTF-8 400
 * (http/utf8-body.ts). Bodies nested deeper than MAX_JSON_DEPTH, or carrying
 * __proto__ / constructor.prototype keys, are refused with 400 before any code walks them.
 */
export const jsonBodyPlugin = fp(
  async (app: FastifyInstance) => {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => {
      let text: string;
      try {
        text = decodeUtf8Body(body as Buffer, req.headers['content-type']);
      } catch (err) {
        return done(err as ProblemError, undefined);
      }
      // Many clients send Content-Type: application/json with no body on a POST that takes none (submit, revoke):
      // that is no body, and a route that needs one says so through its schema (422 naming it).
      if (text.length === 0) return done(null, undefined);
      if (jsonDepth(text) > MAX_JSON_DEPTH) {
        return done(
          new ProblemError('malformed-json', { zh: `请求体嵌套超过 ${MAX_JSON_DEPTH} 层`, en: `the body nests deeper than ${MAX_JSON_DEPTH} levels` }),
          undefined,
        );
      }
      try {
        done(null, secureJsonParse.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' }));
      } catch (err) {
        const forbidden = err instanceof SyntaxError && /prototype/.test(err.message);
        done(
          new ProblemError(
            'malformed-json',
            forbidden
              ? { zh: '请求体含有禁止的 __proto__ 或 constructor 键', en: 'the body contains a forbidden __proto__ or constructor key' }
              : { zh: '请求体不是有效的 JSON', en: 'the body is not valid JSON' },
          ),
          undefined,
        );
      }
    });
  },
  { name: 'json-body' },
);
