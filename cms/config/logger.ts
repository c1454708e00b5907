import { formats, winston } from '@strapi/logger';

/** STRAPI_LOG_LEVEL: "http" (default, logs each request), "info", "warn" or "error". */
const level = process.env.STRAPI_LOG_LEVEL ?? 'http';

export default {
  transports: [
    new winston.transports.Console({
      level,
      format: winston.format.combine(formats.levelFilter(level), formats.prettyPrint({ timestamps: 'YYYY-MM-DD HH:mm:ss.SSS' })),
    }),
  ],
};
