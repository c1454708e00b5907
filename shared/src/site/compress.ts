/**
 * Precompressed copies of a built site's text files (`x.html.br`, `x.html.gz` next to `x.html`),
 * so that a static server or CDN sends them without compressing on every request.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const compressible = new Set(['.html', '.css', '.js', '.mjs', '.json', '.xml', '.svg', '.txt', '.ics', '.wasm']);

/** Writes the .br and .gz of every compressible file under `outDir`; returns how many files it compressed. */
export function precompress(outDir: string): number {
  let count = 0;
  for (const name of fs.readdirSync(outDir, { recursive: true }) as string[]) {
    const file = path.join(outDir, name);
    if (!compressible.has(path.extname(name)) || !fs.statSync(file).isFile()) continue;
    const bytes = fs.readFileSync(file);
    const brotli = zlib.brotliCompressSync(bytes, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    });
    const gzip = zlib.gzipSync(bytes, { level: 9 });
    // A copy that saves nothing is left out: the server then sends the file itself.
    if (brotli.length < bytes.length) fs.writeFileSync(`${file}.br`, brotli);
    if (gzip.length < bytes.length) fs.writeFileSync(`${file}.gz`, gzip);
    count += 1;
  }
  return count;
}
