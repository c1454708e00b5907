/** Where a site finds the CMS: at build time (CMS_URL), and in residents' browsers (CMS_PUBLIC_URL). */
export const cmsUrl = (): string => (process.env.CMS_URL ?? 'http://127.0.0.1:1337').replace(/\/$/, '');
/** The CMS as residents' browsers reach it (the feedback form posts there): CMS_PUBLIC_URL, or CMS_URL. */
export const publicCmsUrl = (): string => (process.env.CMS_PUBLIC_URL || cmsUrl()).replace(/\/$/, '');
export const feedbackEndpoint = (): string => `${publicCmsUrl()}/api/feedback`;
