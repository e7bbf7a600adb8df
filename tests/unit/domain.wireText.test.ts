import { describe, expect, it } from 'vitest';
import type * as z from 'zod/mini';
import { LoginRequest } from '../../src/domain/users/auth';
import { ENDPOINTS } from '../../src/domain/protocol/endpoints';
import { fieldErrorsFromZod } from '../../src/domain/protocol/errors';
import { MUTATION_ARGS, MutationEnvelope, SwapCompleteArgs } from '../../src/domain/protocol/mutations';
import { normalizeText, textFault } from '../../src/domain/protocol/text';
import { CreateUserRequest } from '../../src/domain/users/users';
import { hasWireText, TEXT_ISSUE_CODE, WireText } from '../../src/domain/protocol/wireText';
import { WorkOrderListQuery } from '../../src/domain/workOrder/workOrderQuery';

const photo = (n: number) => n.toString(16).padStart(64, '0');

const validSwap = {
  completionId: '6f1c2f0e-0000-4000-8000-000000000001',
  workOrderId: '6f1c2f0e-0000-4000-8000-000000000002',
  baseVersion: 3,
  removed: { serial: '00123456', serialMatches: true, readings: { total: 1234.5 }, sealCondition: 'intact', photoIds: [photo(1)] },
  installed: { serial: 'HC2026-0001', readings: { total: 0.2 }, seals: [{ code: 'TH-123456', beads: 2 }], photoIds: [photo(2)] },
  gps: { lat: 19.8, lng: 105.78, accuracyM: 8, at: '2026-11-24T08:30:00+07:00' },
  handover: {
    signerName: 'Lê Thị Hoa',
    signerRole: 'customer',
    signaturePhotoId: photo(4),
    cashless: { currentMethod: 'cash', consent: false },
  },
  completedAt: '2026-11-24T08:45:00+07:00',
};

function issuesOf(schema: z.core.$ZodType, value: unknown) {
  const parsed = (schema as z.ZodMiniType).safeParse(value);
  return parsed.success ? [] : fieldErrorsFromZod(parsed.error);
}

describe('the wire-text rule (textFault)', () => {
  it('refuses NUL, other C0 controls, DEL and unpaired surrogates; allows tab, line breaks and paired surrogates', () => {
    expect(textFault('a\u0000b')).toBe('NUL');
    expect(textFault('a\u0007b')).toBe('CONTROL');
    expect(textFault('a\u007fb')).toBe('CONTROL');
    expect(textFault('a\ud800b')).toBe('LONE_SURROGATE');
    expect(textFault('a\udc00')).toBe('LONE_SURROGATE');
    expect(textFault('\ud800')).toBe('LONE_SURROGATE');
    expect(textFault('Nguyễn\tThị\r\nHoa 😀')).toBeNull();
  });

  it('makes a precomposed and a combining spelling one string (NFC)', () => {
    expect(normalizeText('Ho\u0300a')).toBe('Hòa');
    expect(normalizeText('Hoa\u0300')).toBe('Hoà');
  });
});

describe('the shared wire-text schema', () => {
  it('refuses a NUL with the stable code invalid_text and the field path, in a zod/mini schema (login)', () => {
    expect(issuesOf(LoginRequest, { username: 'tech\u00001', password: 'x' })).toEqual([
      { path: 'username', code: TEXT_ISSUE_CODE, message: expect.stringContaining('NUL') as unknown },
    ]);
  });

  it('refuses a NUL, a control character and a lone surrogate at their paths in a classic zod schema (swap args)', () => {
    const args = {
      ...validSwap,
      handover: { ...validSwap.handover, signerName: 'Lê\u0000Hoa' },
      installed: { ...validSwap.installed, seals: [{ code: 'TH\u001b1', beads: 2 }] },
      notes: 'ghi chú \ud800',
    };
    expect(issuesOf(SwapCompleteArgs, args).map((e) => [e.path, e.code])).toEqual([
      ['installed.seals.0.code', TEXT_ISSUE_CODE],
      ['handover.signerName', TEXT_ISSUE_CODE],
      ['notes', TEXT_ISSUE_CODE],
    ]);
  });

  it('reports only the fault, not also the length or pattern checks that follow it', () => {
    expect(issuesOf(CreateUserRequest.shape.username, '\u0000').map((e) => e.code)).toEqual([TEXT_ISSUE_CODE]);
  });

  it('stores NFC before trimming and measuring: "Hòa" typed with a combining mark is the precomposed "Hòa"', () => {
    const parsed = SwapCompleteArgs.parse({ ...validSwap, handover: { ...validSwap.handover, signerName: '  Lê Thị Ho\u0300a ' } });
    expect(parsed.handover.signerName).toBe('Lê Thị Hòa');
    expect(WorkOrderListQuery.parse({ q: 'Ho\u0300a' }).q).toBe(WorkOrderListQuery.parse({ q: 'Hòa' }).q);
    expect(WireText.parse('Ho\u0300a')).toBe('Hòa');
  });

  it('refuses a NUL in a mutation name, so nothing of it reaches mutation_log', () => {
    const envelope = { seq: 1, mutationId: '6f1c2f0e-0000-4000-8000-000000000003', name: 'visit.fail\u0000', args: {} };
    expect(issuesOf(MutationEnvelope, envelope).map((e) => [e.path, e.code])).toEqual([['name', TEXT_ISSUE_CODE]]);
  });
});

describe('phones on the way in', () => {
  it('stores a handover signer phone in the form the import stores, whatever way it was written', () => {
    const phoneOf = (signerPhone: string) =>
      SwapCompleteArgs.parse({ ...validSwap, handover: { ...validSwap.handover, signerPhone } }).handover.signerPhone;
    expect(phoneOf('+84912345678')).toBe('0912345678');
    expect(phoneOf('+84 912 345 678')).toBe('0912345678');
    expect(phoneOf('84912345678')).toBe('0912345678');
    expect(phoneOf('01662345678')).toBe('0362345678');
    // Not a mobile number: kept as sent (a record is evidence, not refused for its phone).
    expect(phoneOf('02373 850 123')).toBe('02373 850 123');
  });
});

// ------------------------------------------------------------------------------------------------------------------
// Every string that arrives on the wire carries the rule: walk every endpoint's body, query and path parameters and
// every mutation's args. Strings of a fixed format (uuid, ISO date and time) refuse every fault by their format.

/** Strings exempt from the rule, by their path, with why. */
const EXEMPT: Readonly<Record<string, string>> = {
  password: 'only hashed, never stored or searched as text; normalising would change the hash of an existing password',
};

interface Def {
  type: string;
  format?: string;
  checks?: unknown[];
  shape?: Record<string, z.core.$ZodType>;
  element?: z.core.$ZodType;
  innerType?: z.core.$ZodType;
  in?: z.core.$ZodType;
  out?: z.core.$ZodType;
  options?: z.core.$ZodType[];
  left?: z.core.$ZodType;
  right?: z.core.$ZodType;
  items?: z.core.$ZodType[];
  rest?: z.core.$ZodType | null;
  keyType?: z.core.$ZodType;
  valueType?: z.core.$ZodType;
  getter?: () => z.core.$ZodType;
}

/**
 * The paths of every free-form string schema under `root` that lacks the rule. The output side of a pipe is not
 * wire input (it checks what the input side produced), so a string there needs no rule of its own.
 */
function stringsWithoutRule(root: z.core.$ZodType, rootPath: string): string[] {
  const missing: string[] = [];
  const stack: [z.core.$ZodType, string][] = [[root, rootPath]];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [schema, path] = next;
    const def = schema._zod.def as Def;
    const field = path.split('.').at(-1) ?? '';
    if (def.type === 'string') {
      if (def.format === undefined && !hasWireText(def.checks) && EXEMPT[field] === undefined) missing.push(path);
      continue;
    }
    if (def.type === 'pipe' && def.in !== undefined) {
      if (def.in._zod.def.type !== 'string') stack.push([def.in, path]);
      else if (!hasWireText((def.in._zod.def as Def).checks)) missing.push(path);
      const out = def.out?._zod.def as Def | undefined;
      if (def.out !== undefined && out?.type !== 'string') stack.push([def.out, path]);
      continue;
    }
    const children: [z.core.$ZodType | undefined | null, string][] = [
      ...Object.entries(def.shape ?? {}).map(([key, child]): [z.core.$ZodType, string] => [child, `${path}.${key}`]),
      [def.element, `${path}[]`],
      [def.innerType, path],
      [def.left, path],
      [def.right, path],
      ...(def.options ?? []).map((o): [z.core.$ZodType, string] => [o, path]),
      ...(def.items ?? []).map((o, i): [z.core.$ZodType, string] => [o, `${path}.${i}`]),
      [def.rest, `${path}[]`],
      [def.keyType, `${path}(key)`],
      [def.valueType, `${path}.*`],
      [def.getter?.(), path],
    ];
    for (const [child, childPath] of children) if (child !== undefined && child !== null) stack.push([child, childPath]);
  }
  return missing.sort();
}

describe('every wire string uses the shared schema', () => {
  it('in every endpoint body, query string and path parameter', () => {
    const missing = Object.entries(ENDPOINTS).flatMap(([name, endpoint]) => {
      const inputs: [z.core.$ZodType | undefined, string][] = [
        ['body' in endpoint ? endpoint.body : undefined, `${name} body`],
        ['query' in endpoint ? endpoint.query : undefined, `${name} query`],
        ['params' in endpoint ? endpoint.params : undefined, `${name} params`],
      ];
      return inputs.flatMap(([schema, path]) => (schema === undefined ? [] : stringsWithoutRule(schema, path)));
    });
    expect(missing).toEqual([]);
  });

  it("in every mutation's args", () => {
    const missing = Object.entries(MUTATION_ARGS).flatMap(([name, schema]) => stringsWithoutRule(schema, name));
    expect(missing).toEqual([]);
  });

  it('finds a string without the rule (the walk itself works)', async () => {
    const { z: classic } = await import('zod');
    expect(stringsWithoutRule(classic.object({ a: classic.array(classic.object({ b: classic.string().optional() })) }), 'x')).toEqual(['x.a[].b']);
  });
});
