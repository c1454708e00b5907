/**
 * The html-validate configuration the built county sites are held to: the recommended preset,
 * with each relaxed rule and the reason for it. Anything else it reports is a defect of a page.
 */
import { HtmlValidate, defineConfig } from 'html-validate';

export const htmlValidateConfig = defineConfig({
  extends: ['html-validate:recommended'],
  rules: {
    // A page's <title> is its CMS title plus " – <county board>" (WCAG 2.4.2: the site named in
    // every title). The longest seed titles (a cancelled event: "INSTÄLLT: …") come to ~100
    // characters. The 70-character limit is about search results cutting titles short, not
    // about valid or accessible HTML, and shortening the editors' titles would lose meaning.
    'long-title': 'off',
  },
});

export const htmlValidator = () => new HtmlValidate(htmlValidateConfig);
