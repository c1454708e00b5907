import { factories } from '@strapi/strapi';

export default factories.createCoreController('api::collaboration-area.collaboration-area');
