import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Language } from '../questionnaires/api.schemas';
import { negotiateLanguage } from '../questionnaires/localize';
import type { ProblemText, RaisedFieldError } from './problem';
import { zhOf } from './texts-zh';

/** The negotiated language, announced in Content-Language; Vary keeps caches from mixing languages. */
export function respondIn(req: FastifyRequest, reply: FastifyReply): Language {
  const language = negotiateLanguage(req.raw);
  reply.header('content-language', language).header('vary', 'Accept-Language');
  return language;
}

/** A problem text in `language`: picked from both, or an English text from below the edge worded in Chinese. */
export const textIn = (text: ProblemText, language: Language): string =>
  typeof text !== 'string' ? text[language] : language === 'en' ? text : (zhOf(text) ?? text);

/** A field error's message in `language`. */
export const fieldMessageIn = (error: RaisedFieldError, language: Language): string =>
  error.localized ? error.localized[language] : textIn(error.message, language);
