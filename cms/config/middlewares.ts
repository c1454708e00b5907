import type { Core } from '@strapi/strapi';
import { counties } from '@lansportalen/shared/counties';

/**
 * Browsers may call the CMS from these origins only, with credentials: the CMS itself (its admin
 * panel), the county sites of the county list, and CORS_ORIGINS (config/lansportalen.ts). Any
 * other origin gets no Access-Control-Allow-* header at all. Asked per request: the CMS's own
 * URL is known once the server listens.
 */
function allowedOrigins(): string[] {
  const own = ['server.absoluteUrl', 'admin.absoluteUrl'].map((key) => new URL(strapi.config.get<string>(key)).origin);
  const sites = counties.map((county) => new URL(county.siteUrl).origin);
  return [...new Set([...own, ...sites, ...strapi.config.get<string[]>('lansportalen.corsOrigins')])];
}

// No strapi::poweredBy: responses do not say what serves them.
const config: Core.Config.Middlewares = [
  'strapi::logger',
  'strapi::errors',
  'strapi::security',
  {
    name: 'strapi::cors',
    config: { origin: () => allowedOrigins(), credentials: true },
  },
  'strapi::query',
  'strapi::body',
  'strapi::session',
  'strapi::favicon',
  'strapi::public',
];

export default config;
