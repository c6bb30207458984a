import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Language } from '../questionnaires/api.schemas';
import { negotiateLanguage } from '../questionnaires/localize';

/** The negotiated language, announced in Content-Language; Vary keeps caches from mixing languages. */
export function respondIn(req: FastifyRequest, reply: FastifyReply): Language {
  const language = negotiateLanguage(req.raw);
  reply.header('content-language', language).header('vary', 'Accept-Language');
  return language;
}
