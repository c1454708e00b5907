/**
 * @strapi/strapi loaded as CommonJS: its ES module build imports `lodash/fp` as a directory,
 * which Node's ESM loader refuses.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
export const { compileStrapi, createStrapi } = require('@strapi/strapi') as typeof import('@strapi/strapi');
