import type { Core } from '@strapi/strapi';
import { counties } from '@lansportalen/shared/counties';
import { DEFAULT_PREVIEW_MINUTES } from '@lansportalen/shared/preview';
import { previewUrl, type PreviewRequest } from '../src/extensions/publication/preview';
import { secret } from '../src/secrets';

const config = ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Admin => ({
  auth: {
    secret: secret('ADMIN_JWT_SECRET'),
  },
  apiToken: {
    salt: secret('API_TOKEN_SALT'),
  },
  transfer: {
    token: {
      salt: secret('TRANSFER_TOKEN_SALT'),
    },
  },
  secrets: {
    encryptionKey: secret('ENCRYPTION_KEY'),
  },
  // The Preview button opens the draft on its county site (served by `npm start`), for an editor
  // who may read it, through a link that expires after PREVIEW_TTL_MINUTES.
  preview: {
    enabled: Boolean(secret('PREVIEW_SECRET')),
    config: {
      allowedOrigins: counties.map((county) => county.siteUrl),
      handler: (uid: string, params: PreviewRequest) =>
        previewUrl(strapi, uid as never, params, { ttlMinutes: env.int('PREVIEW_TTL_MINUTES', DEFAULT_PREVIEW_MINUTES) }),
    },
  },
  flags: {
    nps: false,
    promoteEE: false,
    docLinks: env.bool('FLAG_DOC_LINKS', true),
  },
});

export default config;
