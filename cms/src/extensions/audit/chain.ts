/**
 * The audit log's hash chain, in one place: what a record holds, its canonical JSON and its hash.
 * The CMS appends with it (log.ts) and `npm run audit:verify` recomputes with it
 * (scripts/audit-verify.ts), so both agree by construction. Plain Node, no Strapi.
 */
import crypto from 'node:crypto';

/** A plain table, not a content type: nothing in Strapi (content manager, REST, GraphQL, document service) can write it. */
export const AUDIT_TABLE = 'lansportalen_audit_records';
/** The previous hash of the first record. */
export const GENESIS = '0'.repeat(64);

/** What the hash covers: everything a record says. */
export interface AuditFields {
  seq: number;
  /** ISO 8601, UTC, stored as text so that no database rounds it. */
  at: string;
  actorId: number | null;
  actorEmail: string | null;
  role: string | null;
  county: string | null;
  uid: string | null;
  documentId: string | null;
  locale: string | null;
  action: string;
  /** Anything else worth keeping (e.g. the state a share was answered with), JSON. */
  details: Record<string, unknown>;
}

export interface AuditRow {
  id: number;
  seq: number;
  at: string;
  actor_id: number | null;
  actor_email: string | null;
  role: string | null;
  county: string | null;
  uid: string | null;
  document_id: string | null;
  locale: string | null;
  action: string;
  details: string;
  prev_hash: string;
  hash: string;
}

/** JSON with object keys sorted at every depth: the same record always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

const hashRecord = (prevHash: string, fields: AuditFields): string =>
  crypto.createHash('sha256').update(prevHash + canonicalJson(fields)).digest('hex');

export function toRow(fields: AuditFields, prevHash: string): Omit<AuditRow, 'id'> {
  return {
    seq: fields.seq,
    at: fields.at,
    actor_id: fields.actorId,
    actor_email: fields.actorEmail,
    role: fields.role,
    county: fields.county,
    uid: fields.uid,
    document_id: fields.documentId,
    locale: fields.locale,
    action: fields.action,
    details: canonicalJson(fields.details),
    prev_hash: prevHash,
    hash: hashRecord(prevHash, fields),
  };
}

function fromRow(row: AuditRow): AuditFields {
  return {
    seq: Number(row.seq),
    at: row.at,
    actorId: row.actor_id === null ? null : Number(row.actor_id),
    actorEmail: row.actor_email,
    role: row.role,
    county: row.county,
    uid: row.uid,
    documentId: row.document_id,
    locale: row.locale,
    action: row.action,
    details: JSON.parse(row.details) as Record<string, unknown>,
  };
}

export interface ChainBreak {
  id: number;
  seq: number;
  at: string;
  expected: string;
  stored: string;
  reason: string;
}

/** Walks the rows in `seq` order; the first record whose link or hash does not match, or null. */
export function firstBreak(rows: AuditRow[]): ChainBreak | null {
  let prev = GENESIS;
  for (const [index, row] of rows.entries()) {
    const at = { id: Number(row.id), seq: Number(row.seq), at: row.at };
    if (Number(row.seq) !== index + 1) return { ...at, expected: String(index + 1), stored: String(row.seq), reason: 'sequence number (a record is missing)' };
    if (row.prev_hash !== prev) return { ...at, expected: prev, stored: row.prev_hash, reason: 'previous hash' };
    let expected: string;
    try {
      expected = hashRecord(prev, fromRow(row));
    } catch {
      expected = '(details are not JSON)';
    }
    if (expected !== row.hash) return { ...at, expected, stored: row.hash, reason: 'hash' };
    prev = row.hash;
  }
  return null;
}
