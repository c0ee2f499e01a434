/** Route options that only describe a route in the OpenAPI document (for handlers that parse their own input). */
export const doc = (operationId: string, summary: string) => ({ schema: { summary, operationId } });
