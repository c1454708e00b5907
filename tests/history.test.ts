/**
 * Revision history and audit log through the real admin API: versions of every save, publish,
 * unpublish and delete, restore as a new draft, the hash chain checked by the real
 * `npm run audit:verify` script against this suite's database (and broken on purpose), and a
 * county editor's attempts at another county's history and records (counted, 0 breaches).
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminRequest, cm, createEditor } from './support/admin';
import { bootCms, type TestCms } from './support/cms';

const repoDir = path.resolve(import.meta.dirname, '..');
const AUDIT_TABLE = 'lansportalen_audit_records';
const page = 'api::page.page';
const history = '/lansportalen/history';
const auditRecords = '/lansportalen/audit-records';

let cms: TestCms;
const tokens = new Map<string, string>();
const emails = (who: string) => `redaktor.${who}@example.se`;
const admin = (who: string, method: string, url: string, body?: unknown) => adminRequest(cms, tokens.get(who)!, method, url, body);

/** The versions of an entry, oldest first, as `who` reads them. */
async function versionsOf(who: string, documentId: string) {
  const response = await admin(who, 'GET', `${history}/${page}/${documentId}`);
  expect(response.status, response.text).toBe(200);
  return (response.body.data as { id: number; action: string; status: string; changedFields: string[]; actor: { email: string } }[]).reverse();
}

/** The audit records about one entry (or matching `query`), oldest first, as the national editor reads them. */
async function recordsOf(query: string) {
  const response = await admin('national', 'GET', `${auditRecords}?pageSize=100&${query}`);
  expect(response.status, response.text).toBe(200);
  return (response.body.data as { id: number; action: string; county: string | null; actor_email: string | null; role: string | null }[]).reverse();
}

async function verify(): Promise<{ code: number; out: string }> {
  // The suite's database is in process.env (support/cms.ts): the script reads it as the CMS does.
  const result = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/audit-verify.ts'], { cwd: repoDir, env: process.env }).then(
    ({ stdout, stderr }) => ({ code: 0, out: stdout + stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, out: error.stdout + error.stderr }),
  );
  return result;
}

async function createPage(who: string, title: string, data: Record<string, unknown> = {}): Promise<string> {
  const created = await admin(who, 'POST', `${cm}/${page}`, { title, slug: title.toLowerCase().replace(/[^a-z0-9]+/g, '-'), ...data });
  expect(created.status, created.text).toBe(201);
  return created.body.data.documentId as string;
}

beforeAll(async () => {
  cms = await bootCms();
  for (const who of ['vastmanland', 'varmland', 'dalarna', 'national']) {
    tokens.set(who, await createEditor(cms, `lansportalen-editor-${who}`, emails(who)));
  }
  tokens.set('super', await createEditor(cms, 'strapi-super-admin', 'superadmin@example.se'));
});
afterAll(async () => {
  await cms?.stop();
});

let deleted: string;

describe('a Västmanland page changed, published, changed, unpublished and deleted', () => {
  it('leaves five versions after its creation, with who, status and changed fields', async () => {
    deleted = await createPage('vastmanland', 'Historiksida', { lead: 'Start' });
    const steps: [string, string, unknown?][] = [
      ['PUT', `${cm}/${page}/${deleted}`, { title: 'Historiksida', lead: 'Första ändringen' }],
      ['POST', `${cm}/${page}/${deleted}/actions/publish`, {}],
      ['PUT', `${cm}/${page}/${deleted}`, { lead: 'Andra ändringen', order: 3 }],
      ['POST', `${cm}/${page}/${deleted}/actions/unpublish`, {}],
      ['DELETE', `${cm}/${page}/${deleted}`],
    ];
    for (const [method, url, body] of steps) {
      const response = await admin('vastmanland', method, url, body);
      expect(response.status, `${method} ${url}: ${response.text}`).toBe(200);
    }

    const versions = await versionsOf('vastmanland', deleted);
    expect(versions.map((v) => v.action)).toEqual(['create', 'update', 'publish', 'update', 'unpublish', 'delete']);
    expect(versions.slice(1).map((v) => [v.status, v.changedFields])).toEqual([
      ['draft', ['lead']],
      ['published', []],
      ['draft', ['lead', 'order']],
      ['draft', []],
      ['draft', []],
    ]);
    expect(new Set(versions.map((v) => v.actor.email))).toEqual(new Set([emails('vastmanland')]));
    const published = await admin('vastmanland', 'GET', `${history}/versions/${versions[2]!.id}`);
    expect(published.body.data.data).toMatchObject({ title: 'Historiksida', lead: 'Första ändringen', order: 0, shownOnAllSites: false });
    const compared = await admin('vastmanland', 'GET', `${history}/versions/${versions[2]!.id}/compare/${versions[3]!.id}`);
    expect(compared.body.data.fields).toEqual([
      { field: 'lead', from: 'Första ändringen', to: 'Andra ändringen' },
      { field: 'order', from: 0, to: 3 },
    ]);
  });

  it('leaves the matching audit records: actor, role, county, entry, action, time', async () => {
    const records = await recordsOf(`documentId=${deleted}`);
    expect(records.map((r) => r.action)).toEqual(['create', 'update', 'publish', 'update', 'unpublish', 'delete']);
    for (const record of records) {
      expect(record).toMatchObject({ county: 'vastmanland', actor_email: emails('vastmanland'), role: 'lansportalen-editor-vastmanland', uid: page });
      expect(Date.parse((record as unknown as { at: string }).at)).toBeGreaterThan(Date.now() - 5 * 60_000);
    }
  });
});

describe('restoring a version', () => {
  it('gives a draft equal to it, recorded as a new version; a clone starts its own history', async () => {
    const documentId = await createPage('vastmanland', 'Version A', { lead: 'A' });
    expect((await admin('vastmanland', 'PUT', `${cm}/${page}/${documentId}`, { title: 'Version B', lead: 'B', order: 7 })).status).toBe(200);
    const [first] = await versionsOf('vastmanland', documentId);
    const restored = await admin('vastmanland', 'POST', `${history}/versions/${first!.id}/restore`);
    expect(restored.status, restored.text).toBe(200);

    const versions = await versionsOf('vastmanland', documentId);
    expect(versions.map((v) => v.action)).toEqual(['create', 'update', 'update']);
    const [original, latest] = await Promise.all(
      [first!.id, versions[2]!.id].map(async (id) => (await admin('vastmanland', 'GET', `${history}/versions/${id}`)).body.data.data),
    );
    expect(latest).toEqual(original);
    const draft = await cms.strapi.documents(page).findOne({ documentId, status: 'draft', populate: ['owner'] });
    expect(draft).toMatchObject({ title: 'Version A', lead: 'A', order: 0, owner: { slug: 'vastmanland' } });

    // A clone's first version is the copy's own; the source's history is unchanged.
    const clone = await admin('vastmanland', 'POST', `${cm}/${page}/clone/${documentId}`, { slug: 'version-a-kopia' });
    expect(clone.status, clone.text).toBe(200);
    const copied = await versionsOf('vastmanland', clone.body.data.documentId);
    expect(copied.map((v) => v.action)).toEqual(['clone']);
    expect((await versionsOf('vastmanland', documentId)).length).toBe(3);
  });
});

describe('admin events in the audit log', () => {
  it('records logins, a failed login, a user created, a setting changed and a share requested and accepted', async () => {
    const failed = await fetch(`${cms.url}/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: emails('dalarna'), password: 'fel-lösenord' }),
    });
    expect(failed.status).toBe(400);
    const role = await cms.strapi.db.query('admin::role').findOne({ where: { code: 'lansportalen-editor-dalarna' } });
    const user = await admin('super', 'POST', '/admin/users', { firstname: 'Ny', lastname: 'Redaktör', email: 'ny@example.se', roles: [role.id] });
    expect(user.status, user.text).toBe(201);
    const webhook = await admin('super', 'POST', '/admin/webhooks', { name: 'Granskning', url: 'https://granskning.example.se/hook', headers: {}, events: ['entry.publish'] });
    expect(webhook.status, webhook.text).toBe(201);

    const dalarna = await cms.strapi.documents('api::county.county').findFirst({ filters: { slug: 'dalarna' } });
    const shared = await createPage('vastmanland', 'Delad historik', { sharedWith: { connect: [{ documentId: dalarna!.documentId }] } });
    const share = await cms.strapi.db.query('api::share.share' as never).findOne({ where: { entryDocumentId: shared } });
    expect((await admin('dalarna', 'PUT', `${cm}/api::share.share/${share.documentId}`, { state: 'accepterad' })).status).toBe(200);

    // Login events are recorded after the response: wait for them.
    for (let i = 0; i < 50 && (await recordsOf('action=login-failed')).length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect((await recordsOf('action=login-failed')).map((r) => r.actor_email)).toEqual([emails('dalarna')]);
    expect((await recordsOf(`action=login&actorEmail=${emails('dalarna')}`))[0]).toMatchObject({ county: 'dalarna', role: 'lansportalen-editor-dalarna' });
    expect((await recordsOf('action=user.create')).map((r) => [r.actor_email, r.role])).toEqual([['superadmin@example.se', 'strapi-super-admin']]);
    expect((await recordsOf('action=settings')).map((r) => [r.actor_email, (r as unknown as { details: unknown }).details])).toEqual([
      ['superadmin@example.se', { method: 'POST', path: '/admin/webhooks' }],
    ]);
    expect((await recordsOf(`documentId=${share.documentId}`)).map((r) => [r.action, r.county, r.actor_email])).toEqual([
      ['create', 'vastmanland', emails('vastmanland')],
      ['accept', 'dalarna', emails('dalarna')],
    ]);
  });
});

describe('concurrent admin actions', () => {
  it('append one chain: 20 pages saved at once, 20 records with consecutive sequence numbers', async () => {
    const knex = cms.strapi.db.connection;
    const pages: string[] = [];
    for (let i = 0; i < 20; i++) pages.push(await createPage('vastmanland', `Samtidig sida ${i}`));
    const before = Number(((await knex(AUDIT_TABLE).max({ seq: 'seq' })) as [{ seq: number }])[0].seq);
    // Different pages, so no row lock orders the saves; on PostgreSQL each has its own pooled
    // connection, as two CMS instances would: only the advisory lock keeps one chain.
    const responses = await Promise.all(pages.map((documentId) => admin('vastmanland', 'PUT', `${cm}/${page}/${documentId}`, { lead: 'Samtidig' })));
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    const seqs = ((await knex(AUDIT_TABLE).where('seq', '>', before).orderBy('seq')) as { seq: number }[]).map((r) => Number(r.seq));
    expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => before + 1 + i));
  });
});

describe('npm run audit:verify', () => {
  it('passes on the chain, fails naming a record changed through SQL, passes again once it is put back', async () => {
    const knex = cms.strapi.db.connection;
    const count = Number(((await knex(AUDIT_TABLE).count({ n: '*' })) as [{ n: number | string }])[0].n);
    const intact = await verify();
    expect(intact.code, intact.out).toBe(0);
    expect(intact.out).toContain(`${count} records, chain intact`);

    const victim = (await knex(AUDIT_TABLE).where({ document_id: deleted, action: 'publish' }).first()) as { id: number; at: string; actor_email: string; hash: string };
    await knex(AUDIT_TABLE).where({ id: victim.id }).update({ actor_email: 'nagon.annan@example.se' });
    const tampered = await verify();
    expect(tampered.code, tampered.out).toBe(1);
    expect(tampered.out).toContain(`record id ${victim.id} `);
    expect(tampered.out).toContain(victim.at);
    expect(tampered.out).toContain(`stored ${victim.hash}`);
    console.log(`audit:verify: ${count} records; tampered record ${victim.id} named: ${tampered.out.trim()}`);

    await knex(AUDIT_TABLE).where({ id: victim.id }).update({ actor_email: victim.actor_email });
    expect((await verify()).code).toBe(0);
  });
});

describe('a county editor and another county\'s history and audit records', () => {
  it('reads none of them: every route × every Västmanland entry, counted, 0 breaches', async () => {
    const live = await createPage('vastmanland', 'Hemlig historik', { lead: 'Hemligt utkast' });
    expect((await admin('vastmanland', 'POST', `${cm}/${page}/${live}/actions/publish`, {})).status).toBe(200);
    expect((await admin('vastmanland', 'PUT', `${cm}/${page}/${live}`, { lead: 'Hemligt utkast 2' })).status).toBe(200);
    const own = await createPage('dalarna', 'Egen historik');
    const ownVersion = (await versionsOf('dalarna', own))[0]!.id;
    const targets = [live, deleted];
    const versionIds = (await Promise.all(targets.map((id) => versionsOf('vastmanland', id)))).flat().map((v) => v.id);
    // The routes do answer: Västmanland (versionsOf above) and the super admin read these.
    expect((await admin('super', 'GET', `${history}/${page}/${live}`)).status).toBe(200);

    let attempts = 0;
    const breaches: string[] = [];
    const draftBefore = await cms.strapi.documents(page).findOne({ documentId: live, status: 'draft' });
    for (const attacker of ['dalarna', 'varmland']) {
      const probes: [string, string][] = [
        ...targets.map((id): [string, string] => ['GET', `${history}/${page}/${id}`]),
        ...versionIds.flatMap((id): [string, string][] => [
          ['GET', `${history}/versions/${id}`],
          ['GET', `${history}/versions/${id}/compare/${ownVersion}`],
          ['GET', `${history}/versions/${ownVersion}/compare/${id}`],
          ['POST', `${history}/versions/${id}/restore`],
        ]),
      ];
      for (const [method, url] of probes) {
        attempts++;
        const response = await admin(attacker, method, url);
        if (response.status < 400 || response.status >= 500 || /Hemlig|Historiksida/.test(response.text)) breaches.push(`${attacker} ${method} ${url}: ${response.status}`);
      }
      for (const query of ['', 'county=vastmanland', `documentId=${live}`, `documentId=${deleted}`, 'action=login-failed', 'pageSize=100&page=1']) {
        attempts++;
        const response = await admin(attacker, 'GET', `${auditRecords}?${query}`);
        const foreign = response.status === 200 ? (response.body.data as { county: string }[]).filter((r) => r.county !== attacker) : [];
        if (response.status >= 500 || foreign.length > 0) breaches.push(`${attacker} audit ?${query}: ${response.status}, ${foreign.length} foreign records`);
      }
    }
    expect(await cms.strapi.documents(page).findOne({ documentId: live, status: 'draft' })).toEqual(draftBefore);
    console.log(`history/audit access: ${attempts} attempts by Dalarna and Värmland editors at Västmanland's, ${breaches.length} breaches`);
    expect(breaches).toEqual([]);
    // Their own county's records, they do read.
    const mine = await admin('dalarna', 'GET', `${auditRecords}?pageSize=100`);
    expect(mine.body.data.length).toBeGreaterThan(0);
  });
});
