import type { Core } from '@strapi/strapi';
import { limits } from '../src/limits';

const config: Core.Config.Api = {
  rest: {
    defaultLimit: limits.defaultLimit,
    maxLimit: limits.maxLimit,
    withCount: true,
    strictParams: true,
  },
  documents: {
    strictParams: true,
    strictRelations: true,
  },
};

export default config;
