/**
 * Precompressed copies of a built site's text files (`x.html.br`, `x.html.gz` next to `x.html`),
 * so that a static server or CDN sends them without compressing on every request.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const compressible = new Set(['.html', '.css', '.js', '.mjs', '.json', '.xml', '.svg', '.txt', '.ics', '.wasm']);

/**
 * Brotli quality 5, not 11: on a 1,000-entry county, quality 11 took 12.5 s of a build's CPU and
 * its copies were 11 % smaller (1.73 MB against 1.94 MB for 1,361 files; a page's median 1.4 kB against 1.6 kB);
 * quality 5 took 0.2 s. Either copy of a page is far below one round trip's worth of bytes
 * (docs/decisions.md, "Build speed").
 */
const BROTLI_QUALITY = 5;

/** Writes the .br and .gz of one file when it is compressible; returns whether it was. */
export function precompressFile(file: string): boolean {
  if (!compressible.has(path.extname(file))) return false;
  const bytes = fs.readFileSync(file);
  const brotli = zlib.brotliCompressSync(bytes, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  });
  const gzip = zlib.gzipSync(bytes, { level: 9 });
  // A copy that saves nothing is left out: the server then sends the file itself.
  if (brotli.length < bytes.length) fs.writeFileSync(`${file}.br`, brotli);
  if (gzip.length < bytes.length) fs.writeFileSync(`${file}.gz`, gzip);
  return true;
}

/** Writes the .br and .gz of every compressible file under `outDir`; returns how many files it compressed. */
export function precompress(outDir: string): number {
  let count = 0;
  for (const name of fs.readdirSync(outDir, { recursive: true }) as string[]) {
    const file = path.join(outDir, name);
    if (compressible.has(path.extname(name)) && fs.statSync(file).isFile() && precompressFile(file)) count += 1;
  }
  return count;
}

/** The precompressed copies a file may have. */
export const compressedCopies = (file: string): string[] => [`${file}.br`, `${file}.gz`];
