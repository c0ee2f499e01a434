import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** True when a parsed value holds a NUL character in any string or key (no PostgreSQL text can store one). */
function containsNul(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next === 'string') {
      if (next.includes('\u0000')) return true;
    } else if (Array.isArray(next)) {
      for (const item of next) if (typeof item === 'string' || typeof item === 'object') pending.push(item);
    } else if (next !== null && typeof next === 'object') {
      for (const [key, item] of Object.entries(next)) {
        if (key.includes('\u0000')) return true;
        pending.push(item);
      }
    }
  }
  return false;
}

/**
 * JSON bodies must be valid UTF-8 (invalid bytes are refused, not silently replaced by U+FFFD) and keep
 * Fastify's refusal of `__proto__` / `constructor.prototype` keys; no body, query or path parameter may
 * hold a NUL character. Both answer 400 before any route sees the request.
 */
export function registerStrictInput(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body: Buffer, done) => {
    let text: string;
    try {
      text = utf8.decode(body);
    } catch {
      done(new AppError('invalid_json', 'body is not valid UTF-8'), undefined);
      return;
    }
    void parseJson(request, text, done);
  });
  app.addHook('preValidation', (request, _reply, done) => {
    if (containsNul(request.params) || containsNul(request.query) || containsNul(request.body)) {
      done(new AppError('validation_failed', 'text must not contain NUL characters'));
      return;
    }
    done();
  });
}
