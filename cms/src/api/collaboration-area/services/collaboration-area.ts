import { factories } from '@strapi/strapi';

export default factories.createCoreService('api::collaboration-area.collaboration-area');
