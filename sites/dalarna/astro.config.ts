import { defineConfig } from 'astro/config';
import countySite from '@lansportalen/shared/astro';

export default defineConfig({
  integrations: [countySite({ county: 'dalarna' })],
});
