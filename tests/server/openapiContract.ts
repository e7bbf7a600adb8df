import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import formats, { type FormatsPlugin } from 'ajv-formats';
import type { Express } from 'express';
import type { OpenApiDocument, Operation } from '../../server/openapi/document';
import type { HttpClient, RequestOptions, TestResponse } from './httpClient';
import { listRoutesWithMethods } from './routes';

/** ajv-formats is CommonJS with `exports.default`: through Node's ESM interop the plugin may sit one level down. */
const addFormats: FormatsPlugin = (formats as unknown as { default?: FormatsPlugin }).default ?? formats;

/**
 * Every `METHOD /path` the app answers, HEAD included when a route registers it itself (router 2 appends an
 * automatic HEAD to every GET route; one listed beside GET is that one and is left out).
 */
export function registeredOperations(app: Express): string[] {
  return listRoutesWithMethods(app).flatMap(({ path, methods }) =>
    methods.filter((m) => m !== 'HEAD' || !methods.includes('GET')).map((m) => `${m} ${path.replace(/:(\w+)/g, '{$1}')}`),
  );
}

export function documentedOperations(doc: OpenApiDocument): string[] {
  return Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`));
}

/** Validates requests and answers against the document's JSON Schemas with an independent validator (Ajv, 2020-12). */
export class ContractChecker {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  private readonly paramAjv = new Ajv2020({ strict: false, allErrors: true, coerceTypes: true });
  private readonly cache = new Map<object, ValidateFunction>();
  /** `METHOD /template` of every checked exchange, to report what the sample covered. */
  readonly covered = new Set<string>();

  constructor(readonly doc: OpenApiDocument) {
    addFormats(this.ajv);
    addFormats(this.paramAjv);
  }

  /** The operation whose path template matches a concrete path (`/api/v1/reviews/abc/resolve`). */
  find(method: string, url: string): { template: string; operation: Operation; pathParams: Record<string, string> } {
    const path = url.split('?')[0] ?? url;
    for (const [template, item] of Object.entries(this.doc.paths)) {
      const names: string[] = [];
      const pattern = new RegExp(`^${template.replace(/\{(\w+)\}/g, (_m, name: string) => (names.push(name), '([^/]+)'))}$`);
      const match = pattern.exec(path);
      const operation = item[method.toLowerCase()];
      if (match && operation)
        return { template, operation, pathParams: Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(match[i + 1] ?? '')])) };
    }
    throw new Error(`no documented operation for ${method} ${path}`);
  }

  private validator(schema: Record<string, unknown>, params = false): ValidateFunction {
    let fn = this.cache.get(schema);
    if (!fn) {
      // Refs point at the document's root (#/components/...): give the schema the components it refers to.
      fn = (params ? this.paramAjv : this.ajv).compile({ ...schema, components: this.doc.components });
      this.cache.set(schema, fn);
    }
    return fn;
  }

  private check(schema: Record<string, unknown>, value: unknown, what: string, params = false): void {
    const validate = this.validator(schema, params);
    if (!validate(value))
      throw new Error(`${what} does not match the document: ${JSON.stringify(validate.errors)}\n${JSON.stringify(value).slice(0, 500)}`);
  }

  /** Throws unless the request (path and query parameters, JSON body) is one the document describes. */
  checkRequest(method: string, url: string, options: RequestOptions): void {
    const { template, operation, pathParams } = this.find(method, url);
    const query = new URLSearchParams(url.split('?')[1] ?? '');
    for (const name of query.keys()) {
      if (!(operation.parameters ?? []).some((p) => p.in === 'query' && p.name === name))
        throw new Error(`${method} ${template}: query parameter ${name} is not documented`);
    }
    for (const p of operation.parameters ?? []) {
      const value = p.in === 'path' ? pathParams[p.name] : (query.get(p.name) ?? undefined);
      if (value === undefined) {
        if (p.required) throw new Error(`${method} ${template}: required parameter ${p.name} missing`);
        continue;
      }
      // Parameters travel as text: let the validator coerce `limit=50` to the number the schema describes.
      const holder = { value };
      this.check({ type: 'object', properties: { value: p.schema } }, holder, `${method} ${template} parameter ${p.name}`, true);
    }
    if (options.json !== undefined) {
      const schema = operation.requestBody?.content['application/json']?.schema;
      if (!schema) throw new Error(`${method} ${template} documents no JSON body`);
      this.check(schema, options.json, `${method} ${template} request body`);
    }
  }

  /** Throws unless the answer's status, content type and body are ones the document describes. */
  checkResponse(method: string, url: string, res: TestResponse): void {
    const { template, operation } = this.find(method, url);
    this.covered.add(`${method} ${template} ${res.status}`);
    const response = operation.responses[String(res.status)];
    if (!response) throw new Error(`${method} ${template}: status ${res.status} is not documented: ${res.text.slice(0, 300)}`);
    if (!response.content || method === 'HEAD') return;
    const type = (res.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
    const media = response.content[type];
    if (!media) throw new Error(`${method} ${template} ${res.status}: content type ${type} is not documented`);
    if (type.endsWith('json')) this.check(media.schema, res.json(), `${method} ${template} ${res.status} answer`);
  }

  /** Sends a request through `client`, checking both directions against the document. */
  async request(client: HttpClient, method: string, url: string, options: RequestOptions = {}): Promise<TestResponse> {
    this.checkRequest(method, url, options);
    const res = await client.request(method, url, options);
    this.checkResponse(method, url, res);
    return res;
  }

  /**
   * Sends a request the document says is invalid (the check must fail, so the document states the constraint
   * the server enforces), then checks the answer (a documented 4xx).
   */
  async invalidRequest(client: HttpClient, method: string, url: string, options: RequestOptions = {}): Promise<TestResponse> {
    let described = true;
    try {
      this.checkRequest(method, url, options);
    } catch {
      described = false;
    }
    if (described) throw new Error(`${method} ${url}: the document accepts this request, yet it is meant to be invalid`);
    const res = await client.request(method, url, options);
    this.checkResponse(method, url, res);
    return res;
  }

  /** Validates a value against any schema of the document (examples). */
  validate(schema: Record<string, unknown>, value: unknown, what: string): void {
    this.check(schema, value, what);
  }
}
