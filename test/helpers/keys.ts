import type { FastifyInstance } from 'fastify';
import type { Role } from '../../src/auth/principal';

/** Issues a real API key through the service (as an admin would) and returns the request headers carrying it. */
export async function keyFor(app: FastifyInstance, role: Role, binding: { enterpriseId?: string; regionCode?: string } = {}) {
  const { key } = await app.services.auth.issue('test', { role, label: `test ${role}`, ...binding });
  return { authorization: `Bearer ${key}` };
}

const admins = new WeakMap<FastifyInstance, Promise<{ authorization: string }>>();
/** One admin key per test app. */
export function adminKey(app: FastifyInstance) {
  if (!admins.has(app)) admins.set(app, keyFor(app, 'admin'));
  return admins.get(app)!;
}

const nationals = new WeakMap<FastifyInstance, Promise<{ authorization: string }>>();
/** One national authority key (region 000000) per test app. */
export function nationalKey(app: FastifyInstance) {
  if (!nationals.has(app)) nationals.set(app, keyFor(app, 'authority', { regionCode: '000000' }));
  return nationals.get(app)!;
}
