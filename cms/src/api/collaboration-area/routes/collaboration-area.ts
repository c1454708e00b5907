import { factories } from '@strapi/strapi';

export default factories.createCoreRouter('api::collaboration-area.collaboration-area');
