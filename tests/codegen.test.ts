/**
 * The committed types of the sites' GraphQL documents (shared/src/site/generated/graphql.ts) are
 * what @graphql-codegen generates now from cms/schema.graphql and shared/src/site/queries, with
 * the config `npm run codegen` uses (shared/codegen.ts). Starts no CMS.
 */
import fs from 'node:fs';
import { generate } from '@graphql-codegen/cli';
import { describe, expect, it } from 'vitest';
import config, { generatedFile } from '../shared/codegen';

describe('the generated GraphQL types', () => {
  it('are committed as codegen generates them from the schema and the queries (else run `npm run codegen` and commit)', async () => {
    // The CLI declares `FileOutput[] | any` (watch mode); without watch it is the list of files.
    const outputs: { filename: string; content: string }[] = await generate(config, false);
    expect(outputs.map((output) => output.filename)).toEqual([generatedFile]);
    const committed = fs.existsSync(generatedFile) ? fs.readFileSync(generatedFile, 'utf8') : '(missing)';
    expect(committed, 'shared/src/site/generated/graphql.ts is out of date: run `npm run codegen` and commit it').toBe(outputs[0]!.content);
  });
});
