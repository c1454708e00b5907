/**
 * A lättläst page (webbriktlinjer R12) is the easy version of one page of the county site: a page
 * marked `easyToRead` names that page's path in `standardPath`, which must be a listed page of the
 * site's route table (shared/src/routes.ts), so that the two pages can link to each other. A save
 * or publish that breaks this is refused before anything is written, naming the field.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { isPagePath } from '@lansportalen/shared/routes';

const PAGE_UID = 'api::page.page';

interface EasyReadFields {
  easyToRead?: boolean | null;
  standardPath?: string | null;
}

/** Why these values may not be saved (in Swedish, for the editor), or undefined when they may. */
export function easyReadProblem({ easyToRead, standardPath }: EasyReadFields): string | undefined {
  const path = standardPath?.trim() ?? '';
  if (!easyToRead) {
    return path ? `Fältet "Lättläst version av" (standardPath) fylls bara i på en lättläst sida: kryssa i "Lättläst" eller töm fältet.` : undefined;
  }
  if (!path) return `En lättläst sida är den lätta versionen av en annan sida: skriv den sidans sökväg i "Lättläst version av" (standardPath), till exempel /kontakt/.`;
  if (!isPagePath(path)) {
    return `"Lättläst version av" (standardPath): "${path}" är ingen sida på länets webbplats. Skriv en sökväg som /, /kontakt/ eller /sidor/integration/ (med / i början och slutet).`;
  }
  return undefined;
}

export function registerEasyReadRule(strapi: Core.Strapi): void {
  strapi.documents.use(async (context, next) => {
    if (context.uid !== PAGE_UID || !['create', 'update', 'publish'].includes(context.action)) return next();
    const params = context.params as { documentId?: string; locale?: string; data?: EasyReadFields };
    const data = params.data ?? {};
    // An update that leaves both fields alone cannot break the rule; a publish checks the draft.
    if (context.action === 'update' && !('easyToRead' in data) && !('standardPath' in data)) return next();
    const stored =
      context.action === 'create' || !params.documentId
        ? {}
        : (((await strapi.documents(PAGE_UID).findOne({ documentId: params.documentId, status: 'draft', fields: ['easyToRead', 'standardPath'] } as never)) ??
            {}) as EasyReadFields);
    const problem = easyReadProblem({ ...stored, ...(context.action === 'publish' ? {} : data) });
    if (problem) throw new errors.ValidationError(problem);
    return next();
  });
}
