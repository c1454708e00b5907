/**
 * Secrets come from the environment. Outside production, a missing one is generated
 * once and appended to the git-ignored cms/.env, so a fresh clone boots without set-up
 * and keeps its sessions across restarts. In production a missing one stops the boot.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const SECRET_NAMES = [
  'APP_KEYS',
  'API_TOKEN_SALT',
  'ADMIN_JWT_SECRET',
  'TRANSFER_TOKEN_SALT',
  'JWT_SECRET',
  'ENCRYPTION_KEY',
  'PREVIEW_SECRET',
] as const;
export type SecretName = (typeof SECRET_NAMES)[number];

/** cms/ — this file runs from cms/dist/src/ once compiled. */
const cmsDir = path.resolve(__dirname, __dirname.includes(`${path.sep}dist${path.sep}`) ? '../..' : '..');
const envFile = path.join(cmsDir, '.env');

function generate(name: SecretName): string {
  const one = () => crypto.randomBytes(32).toString('base64');
  return name === 'APP_KEYS' ? [one(), one(), one(), one()].join(',') : one();
}

/**
 * A value already generated into cms/.env, for development processes that did not start in cms/
 * (tests, scripts). In production only the environment counts (Strapi loads .env into it).
 */
function fromEnvFile(name: SecretName): string | undefined {
  if (!fs.existsSync(envFile)) return undefined;
  const line = fs
    .readFileSync(envFile, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${name}=`));
  return line?.slice(name.length + 1).trim() || undefined;
}

export function secret(name: SecretName): string {
  const production = process.env.NODE_ENV === 'production';
  const value = process.env[name]?.trim() || (production ? undefined : fromEnvFile(name));
  if (value) {
    // Read cms/.env once: secrets are asked for on every request (the preview secret).
    process.env[name] = value;
    return value;
  }
  if (production) {
    throw new Error(
      `Missing secret ${name}: set the environment variable ${name} before starting the CMS in production.`,
    );
  }
  const generated = generate(name);
  fs.appendFileSync(envFile, `${name}=${generated}\n`, { mode: 0o600 });
  process.env[name] = generated;
  return generated;
}
