import type { FastifyRequest } from 'fastify';
import { type Language, languageOfHeader } from '../../contract/language';

/**
 * The language to answer a request in: what its Accept-Language asks for (the web app sends the language it shows;
 * the add-on, Gmail's), else the language the user picked, else English.
 */
export function requestLanguage(request: FastifyRequest, user?: { language: Language | null } | null): Language {
  return languageOfHeader(request.headers['accept-language']) ?? user?.language ?? 'en';
}
