// The API's JSON body parser: Fastify's own, except that an empty body is no body.
import type { FastifyInstance } from 'fastify';

/**
 * Many HTTP clients send `content-type: application/json` with an empty body
 * (on DELETE above all). Fastify's parser refuses that with a 400 even where
 * the route takes no body; here it parses to no body, so a route without one
 * runs and a route with one still answers with its own validation error.
 * Anything else, bad JSON included, goes to Fastify's parser (and its
 * prototype-poisoning checks, at Fastify's defaults).
 */
export function acceptEmptyJsonBody(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body: string, done) => {
    if (body === '') done(null, undefined);
    else parseJson(request, body, done);
  });
}
