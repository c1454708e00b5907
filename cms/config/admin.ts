import type { Core } from '@strapi/strapi';
import { counties } from '@lansportalen/shared/counties';
import { previewUrl } from '../src/extensions/publication/preview';
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
  // The Preview button opens the draft on its county site (served by `npm start`).
  preview: {
    enabled: Boolean(secret('PREVIEW_SECRET')),
    config: {
      allowedOrigins: counties.map((county) => county.siteUrl),
      handler: (uid: string, { documentId }: { documentId: string }) => previewUrl(strapi, uid as never, documentId),
    },
  },
  flags: {
    nps: false,
    promoteEE: false,
    docLinks: env.bool('FLAG_DOC_LINKS', true),
  },
});

export default config;
