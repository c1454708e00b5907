import type { Core } from '@strapi/strapi';
import { formats, winston } from '@strapi/logger';

/** STRAPI_LOG_LEVEL: "http" (default, logs each request), "info", "warn" or "error". */
export default ({ env }: Core.Config.Shared.ConfigParams) => {
  const level = env('STRAPI_LOG_LEVEL', 'http');
  return {
    transports: [
      new winston.transports.Console({
        level,
        format: winston.format.combine(formats.levelFilter(level), formats.prettyPrint({ timestamps: 'YYYY-MM-DD HH:mm:ss.SSS' })),
      }),
    ],
  };
};
