/**
 * The sites' UI strings in Dari (drafted for the project; to be reviewed by a translator): Persian
 * (fa.ts) with the words that differ in Afghanistan (ولایت for county, شاروالی for municipality, …).
 */
import { fa } from './fa';
import type { UiStrings } from './sv';

export const faAF: UiStrings = {
  ...fa,
  ogLocale: 'fa_AF',
  otherCounties: 'ولایت‌های دیگر در Länsportalen:',
  fallbackNotice: 'این صفحه هنوز به دری موجود نیست؛ به زبان سویدنی نمایش داده می‌شود.',
  yes: 'بلی',
  commentHint: ['اطلاعات شخصی مانند نام، شماره شخصی یا شماره تیلفون ننویسید. پاسخ می‌خواهید؟', 'به جای آن.'],
  organisationKind: { ...fa.organisationKind, municipality: 'شاروالی‌ها' },
  phone: 'تیلفون:',
  startLead: (board) =>
    `${board} همراه با شاروالی‌ها، منطقه، نهادهای دولتی و جامعه مدنی کار می‌کند تا تازه‌واردان بخشی از جامعه شوند. کار ولایت اینجا یک‌جا گردآوری شده است.`,
  inBrief: 'کار ولایت به طور خلاصه',
  strategyCard: (period) => `راهبرد ادغام ولایت برای ${period}: حوزه‌های هدف، اهداف و پیگیری.`,
  projectsCard: 'پروژه‌های ادغام در جریان و پایان‌یافته در ولایت.',
  networksLink: 'شبکه‌های منطقه‌ای که اداره ولایتی هماهنگ می‌کند',
  networksLead: (board, count) => `${board} ${count} شبکه ادغام را در ولایت هماهنگ می‌کند.`,
  networkMeetingsText: (count, atLeast) => `اداره ولایتی ${atLeast ? 'دست‌کم ' : ''}${count} دیدار در سال هماهنگ می‌کند.`,
  nationalInformation: 'اطلاعات مشترک ادارات ولایتی کشور.',
  complianceSentence: (level, full) =>
    `این وب‌سایت با قانون سویدن درباره دسترس‌پذیری خدمات عمومی دیجیتال ${level} است${full ? '.' : '، به دلیل کاستی‌هایی که در ادامه شرح داده شده‌اند.'}`,
};
