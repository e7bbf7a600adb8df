import { route, type Api } from '../http/route';
import { buildOpenApiDocument } from '../openapi/document';

/** `GET /api/v1/openapi.json` (design §9): public, built once per app from the zod schemas. */
export function openApiRoutes(api: Api, version: string): void {
  const document = JSON.stringify(buildOpenApiDocument(version));
  route(api, 'openapi', ({ res }) => {
    res.type('application/json').send(document);
  });
}
