/**
 * The pages the feedback endpoint answers with when it cannot send the resident on to the
 * thank-you page: Swedish, plain HTML, no script, every value escaped. A refused form comes back
 * filled in as it was sent, with what to change named, so nothing the resident wrote is lost.
 */
import { countyBySlug } from '@lansportalen/shared/counties';
import { COMMENT_MAX_LENGTH, FIELD_LABELS, HONEYPOT_FIELD, SITE_PATH } from './submission';

const escape = (value: string): string =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** No script, no style from elsewhere, no framing; the form may post only back here. */
export const PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="sv">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${escape(title)}</title>
<style>body{font:1.125rem/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}label,legend{font-weight:600}textarea{width:100%}.error{border-left:4px solid #b00020;padding-left:1rem}.hidden{position:absolute;left:-10000px}</style></head>
<body><main>${body}</main></body>
</html>
`;
}

/** The way back to the page the form was on, when the form said which county and page it was. */
function backLink(values: Record<string, string>): string {
  const site = values.county ? countyBySlug(values.county) : undefined;
  if (!site) return '';
  const path = SITE_PATH.test(values.page ?? '') ? values.page! : '/';
  return `<p><a href="${escape(new URL(path, site.siteUrl).href)}">Tillbaka till sidan</a></p>`;
}

export function refusedPage(problems: { field: string; message: string }[], values: Record<string, string>): string {
  const checked = (answer: string) => (values.useful === answer ? ' checked' : '');
  const hidden = (name: string) => (values[name] !== undefined ? `<input type="hidden" name="${name}" value="${escape(values[name]!)}">` : '');
  return page(
    'Svaret kunde inte skickas',
    `<h1>Svaret kunde inte skickas</h1>
<div class="error" role="alert"><p>Ändra det här och skicka igen:</p><ul>${problems.map((p) => `<li>${escape(p.message)}</li>`).join('')}</ul></div>
<form method="post" action="/api/feedback">
${hidden('county')}${hidden('page')}
<fieldset><legend>${FIELD_LABELS.useful}</legend>
<label><input type="radio" name="useful" value="ja"${checked('ja')}> Ja</label>
<label><input type="radio" name="useful" value="nej"${checked('nej')}> Nej</label></fieldset>
<p><label for="comment">${FIELD_LABELS.comment} (frivilligt, högst ${COMMENT_MAX_LENGTH} tecken)</label><br>
<textarea id="comment" name="comment" rows="4" maxlength="${COMMENT_MAX_LENGTH}">${escape(values.comment ?? '')}</textarea></p>
<p class="hidden"><label for="${HONEYPOT_FIELD}">Lämna det här fältet tomt</label><input id="${HONEYPOT_FIELD}" name="${HONEYPOT_FIELD}" type="text" tabindex="-1" autocomplete="off"></p>
<p><button type="submit">Skicka</button></p>
</form>
${backLink(values)}`,
  );
}

export function tooManyPage(retryAfterSeconds: number, values: Record<string, string>): string {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return page(
    'För många svar',
    `<h1>För många svar på kort tid</h1>
<p>Vi har fått många svar från din uppkoppling. Försök igen om ${minutes} ${minutes === 1 ? 'minut' : 'minuter'}.</p>
${backLink(values)}`,
  );
}

export function wrongOriginPage(values: Record<string, string>): string {
  return page(
    'Svaret kunde inte skickas',
    `<h1>Svaret kunde inte skickas</h1>
<p>Formuläret skickades från en annan webbplats än länets. Svara på sidan där du läste informationen.</p>
${backLink(values)}`,
  );
}

/**
 * The county site's thank-you page, in the language of the page the answer came from: under the
 * page's /<code>/ prefix when the county's site offers that language (Astro may write the code in
 * lower case), else the Swedish one.
 */
export function thanksUrl(countySlug: string, page = ''): string {
  const county = countyBySlug(countySlug)!;
  const prefix = page.split('/')[1] ?? '';
  const offered = county.languages.some((code) => code.toLowerCase() === prefix.toLowerCase());
  return new URL(offered ? `/${prefix}/tack/` : '/tack/', county.siteUrl).href;
}
