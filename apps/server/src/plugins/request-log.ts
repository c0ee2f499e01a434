import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

/**
 * One access line per request instead of Fastify's two ("incoming request" + "request completed"): a door
 * camera sends several identifies a second, and each line is a synchronous write on the hot path. The line
 * carries what the incoming one did (method, url, remote address) plus status and response time.
 */
export class SingleLineRequestLog extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null, request: FastifyRequest, reply: FastifyReply): void {
    const line = { req: request, res: reply, responseTime: reply.elapsedTime };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.info(line, 'request completed');
  }
}
