// The console API's routes: the role each needs is enforced by the API itself, and a bad path is
// the caller's 400, never a crash.
import { describe, expect, it } from 'vitest';
import { type ApiRequest, handleApiRequest } from '../../../functions/console-api/routes.ts';
import type { Actor, ConsoleServices } from '../../../functions/console-api/services.ts';

/** Services that answer every read with nothing: these tests are about who may ask. */
const services = new Proxy({} as ConsoleServices, {
  get: (_target, name) => async () => (String(name).endsWith('List') ? [] : undefined),
});

const request = (path: string, actor: Actor, method = 'GET'): ApiRequest => ({
  method,
  path,
  query: {},
  actor,
});
const viewer: Actor = { id: 'v', roles: ['viewer'] };
const reviewer: Actor = { id: 'r', roles: ['reviewer'] };

describe('the console API', () => {
  it('shows review items, with their patients beside roster rows, to reviewers only', async () => {
    expect((await handleApiRequest(services, request('/review', viewer))).status).toBe(403);
    expect((await handleApiRequest(services, request('/review/abc', viewer))).status).toBe(403);
    expect((await handleApiRequest(services, request('/review', reviewer))).status).toBe(200);
    expect((await handleApiRequest(services, request('/review/abc', reviewer))).status).toBe(404);
  });

  it('reveals a patient only with the reveal-patient permission, whatever the role', async () => {
    const admin: Actor = { id: 'a', roles: ['admin'] };
    const response = await handleApiRequest(services, request('/messages/RBN%7CM1/reveal', admin, 'POST'));
    expect(response.status).toBe(403);
  });

  it('answers a malformed %-escape with 400', async () => {
    const response = await handleApiRequest(services, request('/review/%E0%A4%A', reviewer));
    expect(response).toEqual({ status: 400, body: { error: 'the path has a malformed %-escape' } });
  });
});
