/**
 * WCAG 2.x contrast, for the county colours. The site theme (shared/src/site/styles/site.css)
 * puts white text on `--primary` (header, navigation) and #1a1a1a text on `--accent` (warning
 * alerts), so those are the two pairs a county's colours must pass at level AA (4.5:1, normal text).
 */

/** WCAG AA for normal-size text. */
export const AA_CONTRAST = 4.5;

/** The text colours the site theme puts on each county colour. */
export const textOn = {
  primary: { color: '#ffffff', label: 'white text' },
  accent: { color: '#1a1a1a', label: '#1a1a1a text' },
} as const;

export type CountyColorRole = keyof typeof textOn;

const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i;

/** WCAG relative luminance of a #rrggbb colour (0 = black, 1 = white). */
export function relativeLuminance(color: string): number {
  const match = hex.exec(color);
  if (!match) throw new Error(`"${color}" is not a #rrggbb colour`);
  const [r, g, b] = match.slice(1).map((part) => {
    const c = Number.parseInt(part, 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The WCAG contrast ratio of two #rrggbb colours, from 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** "4.48:1"; a ratio below AA never rounds up to "4.50:1". */
export function formatRatio(ratio: number): string {
  const rounded = Math.round(ratio * 100) / 100;
  const shown = ratio < AA_CONTRAST && rounded >= AA_CONTRAST ? AA_CONTRAST - 0.01 : rounded;
  return `${shown.toFixed(2)}:1`;
}

/**
 * Why a county colour fails AA against the text the theme puts on it, or undefined when it
 * passes: "contrast with white text is 4.48:1, WCAG AA needs 4.5:1".
 */
export function colorProblem(role: CountyColorRole, color: string): string | undefined {
  if (!hex.test(color)) return 'a colour is #rrggbb';
  const ratio = contrastRatio(color, textOn[role].color);
  if (ratio >= AA_CONTRAST) return undefined;
  return `contrast with ${textOn[role].label} is ${formatRatio(ratio)}, WCAG AA needs ${AA_CONTRAST}:1`;
}
