import { expect } from 'vitest';
import { Problem } from '../../src/domain/protocol/errors';
import type { TestResponse } from './httpClient';

/** Asserts an application/problem+json answer with this status and code, and returns it. */
export function expectProblem(res: TestResponse, status: number, code: string): Problem {
  expect(res.status, res.text).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const problem = Problem.parse(res.json());
  expect(problem.code).toBe(code);
  expect(problem.status).toBe(status);
  expect(res.text).not.toMatch(/\bat .+:\d+:\d+\)?/); // no stack frames
  return problem;
}
