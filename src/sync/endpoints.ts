import * as z from 'zod/mini';
import { ENDPOINTS, routePath, type EndpointName, type Endpoints } from '../domain/protocol/endpoints';
import { API_BASE, type ApiClient, type ApiResult, type CallOptions } from './api';

/**
 * The typed way to call the API: by the endpoint's name in src/domain/protocol/endpoints.ts (the list the OpenAPI document
 * is generated from), with path parameters, query keys and body checked by the compiler and the answer parsed with
 * the endpoint's own response schema. Console wrappers (src/sync/console/*) are thin functions over it.
 */

type Def<N extends EndpointName> = Endpoints[N];

/** Endpoints answering JSON that the client reads (files are plain links, photos go through the photo queue). */
export type JsonEndpointName = {
  [N in EndpointName]: Def<N> extends { kind: 'json'; response: z.core.$ZodType } ? (Def<N>['method'] extends 'HEAD' ? never : N) : never;
}[EndpointName];

type ResponseOf<N extends EndpointName> = Def<N> extends { response: infer R extends z.core.$ZodType } ? z.output<R> : never;

/** Query values as they go on the wire; keys are the endpoint's own. */
type QueryOf<N extends EndpointName> =
  Def<N> extends { query: infer Q extends z.core.$ZodType } ? { [K in keyof z.input<Q>]?: string | number | boolean | undefined } : never;

type ParamsOf<N extends EndpointName> = Def<N> extends { params: infer P extends z.core.$ZodType } ? { [K in keyof z.output<P>]: string } : never;

type BodyOf<N extends EndpointName> = Def<N> extends { body: infer B extends z.core.$ZodType } ? z.input<B> : never;

/** What a call needs: exactly the parts its endpoint has. */
export type EndpointInput<N extends EndpointName> = ([ParamsOf<N>] extends [never] ? { params?: never } : { params: ParamsOf<N> }) &
  ([QueryOf<N>] extends [never] ? { query?: never } : { query?: QueryOf<N> }) &
  ([BodyOf<N>] extends [never] ? { json?: never } : { json: BodyOf<N> }) &
  (Def<N> extends { rawBody: object } ? { body: Blob | ArrayBuffer | string; contentType: string } : { body?: never; contentType?: never });

/** Calls one JSON endpoint; the answer is parsed with its response schema (anything else is BAD_RESPONSE). */
export function callEndpoint<N extends JsonEndpointName>(
  api: Pick<ApiClient, 'call'>,
  name: N,
  input: EndpointInput<N>,
): Promise<ApiResult<ResponseOf<N>>> {
  const def: Def<JsonEndpointName> = ENDPOINTS[name];
  const { params, query, json, body, contentType } = input as { params?: Record<string, string> } & CallOptions;
  const options: CallOptions = {
    ...(query === undefined ? {} : { query }),
    ...(json === undefined ? {} : { json }),
    ...(body === undefined ? {} : { body, contentType }),
  };
  const method = def.method satisfies CallMethod;
  // TypeScript cannot follow a generic N through the table: the schema is ENDPOINTS[N].response, whose output is ResponseOf<N>.
  const schema = def.response as z.core.$ZodType as z.core.$ZodType<ResponseOf<N>>;
  return api.call(method, routePath(name, params), options, schema);
}

type CallMethod = Parameters<ApiClient['call']>[0];

/** Endpoints answering 204 with no body (e.g. ending a user's sessions). */
export type EmptyEndpointName = {
  [N in EndpointName]: Def<N> extends { kind: 'empty' } ? (Def<N>['method'] extends 'HEAD' ? never : N) : never;
}[EndpointName];

/** Calls an endpoint that answers 204 No Content: ok(null), or the usual ApiError. */
export function callEmptyEndpoint<N extends EmptyEndpointName>(
  api: Pick<ApiClient, 'call'>,
  name: N,
  input: EndpointInput<N>,
): Promise<ApiResult<null>> {
  const { params } = input as { params?: Record<string, string> };
  const def: Def<EmptyEndpointName> = ENDPOINTS[name];
  return api.call(def.method satisfies CallMethod, routePath(name, params), {}, z.null());
}

/** `GET /api/v1/photos/:photoId` for an `<img src>` (a photo already on the server: the review, a record shown again). */
export function photoUrl(photoId: string): string {
  return `${API_BASE}${routePath('photos.get', { photoId })}`;
}
