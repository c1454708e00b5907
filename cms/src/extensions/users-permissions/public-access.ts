/**
 * The anonymous ("public") role may read every content type except the editors' own records
 * (shares, feedback), and nothing else; self sign-up is off, so nobody can turn themselves into an
 * "authenticated" user. Applied on every boot.
 */
import type { Core } from '@strapi/strapi';
import { FEEDBACK_UID } from '../../api/feedback/submission';
import { SHARE_UID } from '../federation/visibility';

/** Content types only editors see, in the admin panel. */
const PRIVATE_TYPES = new Set<string>([SHARE_UID, FEEDBACK_UID]);

const READ_ACTIONS = ['find', 'findOne'] as const;

export async function applyPublicAccess(strapi: Core.Strapi): Promise<void> {
  const roles = strapi.db.query('plugin::users-permissions.role');
  const permissions = strapi.db.query('plugin::users-permissions.permission');
  const publicRole = await roles.findOne({ where: { type: 'public' } });
  if (!publicRole) throw new Error('users-permissions has no public role');

  const apiTypes = Object.keys(strapi.contentTypes).filter((uid) => uid.startsWith('api::'));
  for (const uid of apiTypes) {
    for (const verb of READ_ACTIONS) {
      const action = `${uid}.${verb}`;
      const existing = await permissions.findOne({ where: { action, role: publicRole.id } });
      if (PRIVATE_TYPES.has(uid)) {
        if (existing) await permissions.delete({ where: { id: existing.id } });
      } else if (!existing) await permissions.create({ data: { action, role: publicRole.id } });
    }
  }

  const store = strapi.store({ type: 'plugin', name: 'users-permissions', key: 'advanced' });
  const advanced = ((await store.get()) ?? {}) as Record<string, unknown>;
  if (advanced.allow_register !== false) await store.set({ value: { ...advanced, allow_register: false } });
}
