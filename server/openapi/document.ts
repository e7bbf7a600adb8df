import { z } from 'zod';
import { DOCX_CONTENT_TYPE, ENDPOINTS, errorCodesOf, openApiPath, type EndpointDef, type EndpointName } from '../../src/domain/protocol/endpoints';
import { ERROR_CATALOGUE, ERROR_CODES, Problem, type ErrorCode } from '../../src/domain/protocol/errors';
import { Me } from '../../src/domain/users/auth';
import { MUTATION_ARGS, MutationResult } from '../../src/domain/protocol/mutations';
import { ReviewQueueItem } from '../../src/domain/console/reviews';
import { Change } from '../../src/domain/protocol/sync';
import { TeamView, UserView } from '../../src/domain/users/users';
import { WorkOrder } from '../../src/domain/workOrder/workOrder';
import { AssignmentView, CompletionView, ReviewView, VisitView } from '../../src/domain/workOrder/workOrderDetail';
import { SESSION_COOKIE } from '../http/cookies';
import { EXAMPLES } from './examples';

/**
 * The OpenAPI 3.1 document of API v1, generated from the zod schemas the server validates with
 * (src/domain/protocol/endpoints.ts lists the operations). JSON Schema 2020-12 is OpenAPI 3.1's own dialect.
 */

type JsonSchema = Record<string, unknown>;
export type OpenApiDocument = Record<string, unknown> & { paths: Record<string, Record<string, Operation>> };
export interface Operation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { required: boolean; content: Record<string, { schema: JsonSchema; example?: unknown }> };
  responses: Record<
    string,
    { description: string; headers?: Record<string, unknown>; content?: Record<string, { schema: JsonSchema; example?: unknown }> }
  >;
  [key: string]: unknown;
}
interface Parameter {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  description?: string;
  schema: JsonSchema;
}

export const API_PREFIX = '/api/v1';

/** Request shapes as a client writes them (`io: input`: defaults optional, strings before coercion), answers as sent. */
function jsonSchema(schema: z.core.$ZodType, io: 'input' | 'output'): JsonSchema {
  const options = { io, unrepresentable: 'any', target: 'draft-2020-12', ...(io === 'output' ? { override: openAnswers } : {}) } as const;
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, options) as JsonSchema;
  return rest;
}

/** Shapes that recur across answers: one named component each, referenced with `$ref` (and named types in generated clients). */
const SHARED_OUTPUT: Record<string, z.core.$ZodType> = {
  WorkOrder,
  CompletionView,
  VisitView,
  AssignmentView,
  ReviewView,
  ReviewQueueItem,
  Change,
  MutationResult,
  Me,
  UserView,
  TeamView,
};

/**
 * v1 may add optional fields (docs/api.md, versioning): an answer object must not be documented as closed, or a
 * client validating answers against this document would break on the next addition. Request bodies keep what the
 * server enforces (strict objects refuse unknown fields).
 */
const openAnswers: NonNullable<z.core.JSONSchemaGeneratorParams['override']> = ({ jsonSchema }) => {
  if (jsonSchema.additionalProperties === false) delete jsonSchema.additionalProperties;
};

const pascal = (name: string): string =>
  name
    .split(/[.\-_]/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
const COMPONENT_REF = (id: string): string => `#/components/schemas/${id}`;

/**
 * Request bodies (as a client writes them) and answers (as sent) as named components: zod's registry mode turns
 * every registered schema into one entry and every use of another registered schema into a `$ref`.
 */
class Components {
  private readonly input = z.registry<{ id: string }>();
  private readonly output = z.registry<{ id: string }>();
  private readonly names = new Map<z.core.$ZodType, string>();

  constructor() {
    for (const [id, schema] of Object.entries(SHARED_OUTPUT)) this.add(this.output, schema, id);
  }

  private add(registry: z.core.$ZodRegistry<{ id: string }>, schema: z.core.$ZodType, id: string): { $ref: string } {
    const known = this.names.get(schema);
    if (known !== undefined && registry.has(schema)) return { $ref: COMPONENT_REF(known) };
    registry.add(schema, { id });
    this.names.set(schema, id);
    return { $ref: COMPONENT_REF(id) };
  }

  request(schema: z.core.$ZodType, id: string): { $ref: string } {
    return this.add(this.input, schema, id);
  }

  response(schema: z.core.$ZodType, id: string): { $ref: string } {
    return this.add(this.output, schema, id);
  }

  /** Every registered schema as JSON Schema, references pointing into components.schemas. */
  schemas(): Record<string, JsonSchema> {
    const convert = (registry: z.core.$ZodRegistry<{ id: string }>, io: 'input' | 'output') => {
      const { schemas } = z.toJSONSchema(registry, {
        io,
        unrepresentable: 'any',
        target: 'draft-2020-12',
        uri: COMPONENT_REF,
        ...(io === 'output' ? { override: openAnswers } : {}),
      });
      return Object.fromEntries(
        Object.entries(schemas).map(([id, schema]) => {
          const { $schema: _dialect, $id: _uri, id: _id, ...rest } = schema as JsonSchema;
          return [id, rest];
        }),
      );
    };
    return { ...convert(this.output, 'output'), ...convert(this.input, 'input') };
  }
}

function parametersOf(schema: z.core.$ZodType | undefined, place: 'path' | 'query'): Parameter[] {
  if (schema === undefined) return [];
  const object = jsonSchema(schema, 'input');
  const properties = (object.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((object.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...propertySchema } = property;
    return {
      name,
      in: place,
      required: place === 'path' || required.has(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: propertySchema,
    };
  });
}

const RETRY_AFTER = { 'Retry-After': { description: 'Seconds to wait before trying again.', schema: { type: 'integer', minimum: 0 } } };

/** Top-level members a problem of this code carries beside the usual ones. */
const PROBLEM_EXTRAS: Partial<Record<ErrorCode, Record<string, JsonSchema>>> = {
  CLIENT_OUTDATED: {
    supported: {
      type: 'object',
      description: 'The protocol versions the server speaks; load the app again (update it) to get one of them.',
      properties: { min: { type: 'integer' }, max: { type: 'integer' } },
      required: ['min', 'max'],
    },
  },
};

/** Error answers grouped by HTTP status, each naming its possible codes. */
function errorResponses(codes: ErrorCode[]): Operation['responses'] {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) {
    const status = ERROR_CATALOGUE[code].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const responses: Operation['responses'] = {};
  for (const [status, list] of [...byStatus].sort(([a], [b]) => a - b)) {
    const extras: Record<string, JsonSchema> = {};
    for (const code of list) Object.assign(extras, PROBLEM_EXTRAS[code]);
    responses[String(status)] = {
      description: list.map((c) => `\`${c}\`: ${ERROR_CATALOGUE[c].title}`).join('; '),
      ...(status === 429 || status === 503 ? { headers: RETRY_AFTER } : {}),
      content: {
        'application/problem+json': {
          schema: { allOf: [{ $ref: '#/components/schemas/Problem' }, { properties: { code: { enum: list }, ...extras } }] },
        },
      },
    };
  }
  return responses;
}

function successContent(name: EndpointName, def: EndpointDef, example: unknown, components: Components): Operation['responses'][string]['content'] {
  switch (def.kind) {
    case 'json':
      return {
        'application/json': {
          schema: def.response ? components.response(def.response, `${pascal(name)}Response`) : { type: 'object' },
          ...(example === undefined ? {} : { example }),
        },
      };
    case 'csv':
      return { 'text/csv': { schema: { type: 'string', description: 'UTF-8 with BOM; see docs/api.md for the columns.' } } };
    case 'text':
      return { 'text/plain': { schema: { type: 'string', description: 'UTF-8 text; see docs/api.md.' } } };
    case 'pdf':
      return { 'application/pdf': { schema: { type: 'string', contentMediaType: 'application/pdf' } } };
    case 'docx':
      return { [DOCX_CONTENT_TYPE]: { schema: { type: 'string', contentMediaType: DOCX_CONTENT_TYPE } } };
    case 'image':
      return Object.fromEntries(
        ['image/jpeg', 'image/png', 'image/webp'].map((type) => [type, { schema: { type: 'string', contentMediaType: type } }]),
      );
    case 'empty':
      return undefined;
  }
}

function operationOf(name: EndpointName, def: EndpointDef, components: Components): Operation {
  const examples = EXAMPLES[name] ?? {};
  const responses: Operation['responses'] = {};
  for (const status of def.ok) {
    const content = successContent(name, def, status === def.ok[0] ? examples.response : undefined, components);
    responses[String(status)] = { description: status === 201 ? 'Created' : status === 204 ? 'No content' : 'OK', ...(content ? { content } : {}) };
  }
  Object.assign(responses, errorResponses(errorCodesOf(def)));
  const parameters = [...parametersOf(def.params, 'path'), ...parametersOf(def.query, 'query')];
  const requestBody: Operation['requestBody'] = def.body
    ? {
        required: true,
        content: {
          'application/json': {
            schema: components.request(def.body, `${pascal(name)}Request`),
            ...(examples.request === undefined ? {} : { example: examples.request }),
          },
        },
      }
    : def.rawBody
      ? {
          required: true,
          content: Object.fromEntries(
            def.rawBody.contentTypes.map((type) => [
              type,
              {
                schema: { type: 'string', description: def.rawBody?.description },
                ...(examples.rawRequest === undefined ? {} : { example: examples.rawRequest }),
              },
            ]),
          ),
        }
      : undefined;
  return {
    operationId: name,
    tags: [def.tag],
    summary: def.summary,
    ...(def.description ? { description: def.description } : {}),
    'x-roles': def.roles === 'public' ? [] : [...def.roles],
    security: def.roles === 'public' ? [] : [{ session: [] }],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(requestBody ? { requestBody } : {}),
    responses,
  };
}

function componentSchemas(components: Components): Record<string, JsonSchema> {
  const problem = jsonSchema(Problem, 'output');
  const properties = (problem.properties ?? {}) as Record<string, JsonSchema>;
  const schemas: Record<string, JsonSchema> = {
    Problem: {
      ...problem,
      description:
        'application/problem+json (RFC 9457); `type` is `urn:meter-swap:problem:<code>`. Extra members may appear (`expectedSeq` with SYNC_OUT_OF_ORDER, `supported: {min, max}` with CLIENT_OUTDATED).',
      properties: { ...properties, code: { type: 'string', enum: ERROR_CODES } },
    },
  };
  for (const [name, args] of Object.entries(MUTATION_ARGS)) components.request(args, `${pascal(name)}Args`);
  return { ...schemas, ...components.schemas() };
}

const DESCRIPTION = [
  'Offline-first meter replacement (thay công tơ): the PWA, the server and integrators (CMIS, reporting) share this contract.',
  'Authentication: `POST /api/v1/auth/login` sets an HttpOnly cookie; send it back on every call.',
  'Every error is `application/problem+json` with a stable `code` (listed per operation); validation errors list `errors: [{path, code, message}]`.',
  'State-changing requests with an `Origin` header of another site are refused (403 ORIGIN_MISMATCH).',
  'Versioning: v1 only adds (optional fields, endpoints, error codes); removing or changing a field needs /api/v2. See docs/api.md.',
].join('\n\n');

/** Builds the whole document; `version` is the server's package version. */
export function buildOpenApiDocument(version: string): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  const components = new Components();
  for (const [name, def] of Object.entries(ENDPOINTS) as [EndpointName, EndpointDef][]) {
    const path = API_PREFIX + openApiPath(def.path);
    paths[path] = { ...paths[path], [def.method.toLowerCase()]: operationOf(name, def, components) };
  }
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: { title: 'Meter swap API (thay công tơ)', version, description: DESCRIPTION },
    servers: [{ url: '/' }],
    tags: [...new Set(Object.values(ENDPOINTS).map((d) => d.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'Set by POST /api/v1/auth/login; 30 days sliding.' },
      },
      schemas: componentSchemas(components),
    },
  };
}
