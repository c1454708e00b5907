/**
 * Writing checks for the Swedish text of an entry (språklagen §11, WCAG 2.1 AA), after Wagtail's
 * content checks: LIX with Wagtail's bands, long sentences, headings out of order, images without
 * alt text, links whose text says nothing on its own, and all-caps text. Pure functions over the
 * entry's text units, so that the admin panel, the CMS and CI apply the same rules. Everything is
 * a warning except a non-decorative image without alt text, which is an error. Messages are in
 * Swedish: editors read them.
 *
 * Counting, as LIX defines it (Björnsson):
 * - a word is a run of letters (hyphens and apostrophes inside it included: "in-kansli" is one
 *   word); numbers such as 2021–2026 are not words;
 * - a long word has more than 6 letters;
 * - a sentence ends at ".", "!", "?" or ":" followed by a space or the end, and at the end of
 *   every heading, paragraph and list item; the dots of common abbreviations (t.ex., bl.a.) and
 *   of numbers (09.00) end nothing.
 */

export type UnitKind = 'title' | 'text' | 'paragraph' | 'heading' | 'list-item' | 'quote';
export interface TextUnit {
  field: string;
  kind: UnitKind;
  text: string;
  /** Heading level (the title is level 1). */
  level?: number;
}
export interface LinkUnit {
  field: string;
  text: string;
  url: string;
}
export interface ImageUnit {
  field: string;
  alt: string | null;
  decorative: boolean;
}
export interface EntryText {
  units: TextUnit[];
  links: LinkUnit[];
  images: ImageUnit[];
}

export type CheckName = 'long-sentence' | 'heading-order' | 'image-alt' | 'link-text' | 'all-caps';
export interface Finding {
  check: CheckName;
  severity: 'warning' | 'error';
  field: string;
  message: string;
  excerpt: string;
}

export type LixBand = 'lätt' | 'medel' | 'svår';
export interface Lix {
  value: number;
  band: LixBand;
  words: number;
  sentences: number;
  longWords: number;
}

export const LONG_SENTENCE_WORDS = 25;
const LONG_WORD_LETTERS = 6;

const ABBREVIATIONS = ['t.ex.', 'bl.a.', 'm.m.', 'm.fl.', 's.k.', 'd.v.s.', 'dvs.', 'o.s.v.', 'osv.', 'p.g.a.', 't.o.m.', 'fr.o.m.', 'jfr.', 'ca.', 'kl.', 'nr.', 'tel.', 'resp.', 'inkl.', 'exkl.', 'etc.'];
const abbreviation = new RegExp(
  `(?<![\\p{L}])(?:${ABBREVIATIONS.map((a) => a.replace(/\./g, '\\.')).join('|')})`,
  'giu',
);
const WORD = /\p{L}[\p{L}\p{M}'’-]*/gu;
const SENTENCE_END = /[.!?:]+(?=[\s"”’)]|$)/gu;

/** The text with abbreviation and number dots removed, so that only real sentence ends remain. */
function withoutFalseEnds(text: string): string {
  return text.replace(abbreviation, (match) => match.replace(/\./g, '')).replace(/(\d)[.:,](?=\d)/g, '$1');
}

export const wordsOf = (text: string): string[] => text.match(WORD) ?? [];
const letters = (word: string) => word.replace(/[^\p{L}]/gu, '').length;

/** The unit's sentences, as text. A unit that does not end with a full stop still ends one. */
export function sentencesOf(text: string): string[] {
  const cleaned = withoutFalseEnds(text);
  return cleaned
    .split(SENTENCE_END)
    .map((sentence) => sentence.trim())
    .filter((sentence) => wordsOf(sentence).length > 0);
}

export function lixBand(value: number): LixBand {
  return value < 35 ? 'lätt' : value < 45 ? 'medel' : 'svår';
}

/** LIX = words ÷ sentences + 100 × long words ÷ words, over every unit of the text. */
export function lix(units: readonly Pick<TextUnit, 'text'>[]): Lix {
  let words = 0;
  let sentences = 0;
  let longWords = 0;
  for (const unit of units) {
    const unitWords = wordsOf(unit.text);
    words += unitWords.length;
    longWords += unitWords.filter((word) => letters(word) > LONG_WORD_LETTERS).length;
    sentences += sentencesOf(unit.text).length;
  }
  const value = words === 0 ? 0 : words / Math.max(sentences, 1) + (100 * longWords) / words;
  const rounded = Math.round(value * 10) / 10;
  return { value: rounded, band: lixBand(rounded), words, sentences, longWords };
}

const excerpt = (text: string, words = 8): string => {
  const all = text.trim().split(/\s+/);
  return all.length > words ? `${all.slice(0, words).join(' ')} …` : all.join(' ');
};

function longSentences(units: readonly TextUnit[]): Finding[] {
  return units.flatMap((unit) =>
    sentencesOf(unit.text)
      .filter((sentence) => wordsOf(sentence).length > LONG_SENTENCE_WORDS)
      .map((sentence) => ({
        check: 'long-sentence' as const,
        severity: 'warning' as const,
        field: unit.field,
        message: `Meningen har ${wordsOf(sentence).length} ord. Försök att hålla meningarna under ${LONG_SENTENCE_WORDS} ord.`,
        excerpt: excerpt(sentence),
      })),
  );
}

/** The title is level 1; in each field a heading may go at most one level deeper than the one before. */
function headingOrder(units: readonly TextUnit[]): Finding[] {
  const previous = new Map<string, number>();
  const findings: Finding[] = [];
  for (const unit of units) {
    if (unit.kind !== 'heading' || unit.level === undefined) continue;
    const before = previous.get(unit.field) ?? 1;
    if (unit.level === 1) {
      findings.push({ check: 'heading-order', severity: 'warning', field: unit.field, message: 'Rubriknivå 1 är sidans titel. Börja brödtextens rubriker på nivå 2.', excerpt: excerpt(unit.text) });
    } else if (unit.level > before + 1) {
      findings.push({
        check: 'heading-order',
        severity: 'warning',
        field: unit.field,
        message: `Rubriken på nivå ${unit.level} följer på nivå ${before}: hoppa inte över någon nivå.`,
        excerpt: excerpt(unit.text),
      });
    }
    previous.set(unit.field, unit.level);
  }
  return findings;
}

function imageAlts(images: readonly ImageUnit[]): Finding[] {
  return images
    .filter((image) => !image.decorative && !image.alt?.trim())
    .map((image) => ({
      check: 'image-alt' as const,
      severity: 'error' as const,
      field: image.field,
      message: `Bilden i fältet ${image.field} saknar alternativtext. Beskriv vad bilden visar, eller markera den som dekorativ.`,
      excerpt: '',
    }));
}

/** Link texts that say nothing out of context (WCAG 2.4.4), normalised to lower case. */
export const VAGUE_LINK_TEXTS = new Set([
  'här', 'klicka här', 'klicka', 'läs mer', 'läs mer här', 'läs här', 'mer', 'mer info', 'mer information',
  'länk', 'denna länk', 'den här länken', 'fortsätt läsa', 'se här', 'gå hit', 'click here', 'here', 'read more', 'more', 'link',
]);

function linkTexts(links: readonly LinkUnit[]): Finding[] {
  return links.flatMap((link) => {
    const text = link.text.trim().toLowerCase().replace(/[.!?:…»›>]+$/u, '').trim();
    let message: string | undefined;
    if (text === '') message = 'Länken saknar text. Skriv vart länken leder.';
    else if (VAGUE_LINK_TEXTS.has(text)) message = `Länktexten "${link.text.trim()}" säger inget om vart länken leder. Skriv till exempel sidans namn.`;
    else if (text === link.url.trim().toLowerCase() || /^(https?:\/\/|www\.)/.test(text)) message = 'Länktexten är en webbadress. Skriv vart länken leder med ord.';
    return message ? [{ check: 'link-text' as const, severity: 'warning' as const, field: link.field, message, excerpt: link.text.trim() }] : [];
  });
}

/** Two or more words in a row written in capitals, or one capitalised word of six letters or more. */
function allCaps(units: readonly TextUnit[]): Finding[] {
  return units.flatMap((unit) => {
    const words = wordsOf(unit.text);
    const upper = (word: string) => letters(word) >= 2 && word === word.toLocaleUpperCase('sv-SE') && word !== word.toLocaleLowerCase('sv-SE');
    const shouting = words.some((word, i) => upper(word) && (letters(word) >= 6 || (i > 0 && upper(words[i - 1]!))));
    if (!shouting) return [];
    return [{
      check: 'all-caps' as const,
      severity: 'warning' as const,
      field: unit.field,
      message: 'Text i versaler är svår att läsa och kan läsas upp bokstav för bokstav av skärmläsare. Skriv med gemener.',
      excerpt: excerpt(unit.text),
    }];
  });
}

export interface CheckResult {
  lix: Lix;
  findings: Finding[];
}

export function checkWriting(text: EntryText): CheckResult {
  return {
    lix: lix(text.units),
    findings: [
      ...imageAlts(text.images),
      ...headingOrder(text.units),
      ...longSentences(text.units),
      ...linkTexts(text.links),
      ...allCaps(text.units),
    ],
  };
}
