/** Writes a benchmark's figures to bench/results/<name>-<time>.json (git-ignored). */
import fs from 'node:fs';
import path from 'node:path';

export function writeResults(name: string, figures: Record<string, unknown>): void {
  const dir = path.join(import.meta.dirname, 'results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  const record = { database: process.env.DATABASE_CLIENT ?? 'sqlite', node: process.version, ...figures };
  fs.writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
  console.log(`Written to ${path.relative(process.cwd(), file)}`);
}
