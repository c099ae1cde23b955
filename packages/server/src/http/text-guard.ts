import type { FastifyInstance } from 'fastify';
import { unstorableTextAt, unstorableTextError } from '../db/text.js';

/**
 * Refuses, for every route and before any schema or handler sees it, a body, query or path
 * parameter with text the database cannot store: 400 naming the field instead of a 500 from
 * the driver. Multipart bodies are read by their routes, which check their text the same way.
 */
export function registerTextGuard(app: FastifyInstance): void {
  app.addHook('preValidation', (request, _reply, done) => {
    const field = unstorableTextAt(request.params) ?? unstorableTextAt(request.query) ?? unstorableTextAt(request.body);
    if (!field) return done();
    done(unstorableTextError(field));
  });
}
