/**
 * Media per county, through the real admin API. A Dalarna editor and a national editor upload
 * files (Dalarna's in a subfolder too); a Västmanland editor then calls every admin route in the
 * upload plugin's own route table (a route an upgrade adds fails the coverage test until it is
 * attacked) against Dalarna's files and folders, and tries to use Dalarna's file in an entry.
 * A breach is: a Dalarna file or folder name in a response, Dalarna's or national media changed
 * (files, folders, where they are), a file landing in Dalarna's folder, another county's file in
 * an entry, a server error. Positive controls: each editor's own actions work, and national files
 * are read and used by all. Last, the alt-text rule on images.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminRequest, cm, createEditor, type AdminResponse } from './support/admin';
import { bootCms, type TestCms } from './support/cms';

const ARTICLE = 'api::article.article';
// A 1×1 PNG: the smallest file the upload plugin treats as an image.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const SECRET = 'dalarna-hemlig';

let cms: TestCms;
const tokens: Record<'dalarna' | 'vastmanland' | 'national', string> = { dalarna: '', vastmanland: '', national: '' };
let attempts = 0;
const breaches: string[] = [];

interface Media {
  id: number;
  name: string;
  folder?: { id: number; name: string } | null;
  folderPath?: string;
}
let dalarnaRoot: { id: number; path: string };
let vastmanlandRoot: { id: number; path: string };
let nationalRoot: { id: number; path: string };
let dalarnaSub: number;
let dalarnaFiles: Media[];
let nationalFile: Media;
let ownFile: Media;

const request = (who: keyof typeof tokens, method: string, path: string, body?: unknown) => adminRequest(cms, tokens[who], method, path, body);

/** A multipart upload (`POST /upload`, `/upload/files`, `…/replace`) of one PNG. */
async function upload(who: keyof typeof tokens, path: string, name: string, fileInfo?: object): Promise<AdminResponse> {
  const form = new FormData();
  form.append('files', new Blob([PNG], { type: 'image/png' }), name);
  if (fileInfo) form.append('fileInfo', JSON.stringify(fileInfo));
  const response = await fetch(`${cms.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${tokens[who]}` }, body: form });
  const text = await response.text();
  let body: any = null;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: response.status, text, body };
}

const inTree = (root: { path: string }, path: string) => path === root.path || path.startsWith(`${root.path}/`);
async function rootFolder(name: string): Promise<{ id: number; path: string }> {
  const folders = await cms.strapi.db.query('plugin::upload.folder').findMany({ where: { name }, orderBy: { id: 'asc' } });
  return folders.find((f: { path: string }) => /^\/[^/]+$/.test(f.path));
}

/** Everything of Dalarna's and national media, to prove an attack changed nothing. */
async function victimState() {
  const folders = await cms.strapi.db.query('plugin::upload.folder').findMany({ orderBy: { id: 'asc' } });
  const files = await cms.strapi.db.query('plugin::upload.file').findMany({ populate: ['folder'], orderBy: { id: 'asc' } });
  const isVictim = (path: string) => !inTree(vastmanlandRoot, path);
  return JSON.stringify({
    folders: folders.filter((f: any) => isVictim(f.path)).map((f: any) => [f.id, f.name, f.path]),
    files: files.filter((f: any) => isVictim(f.folderPath) || dalarnaFiles.some((d) => d.id === f.id) || f.id === nationalFile.id)
      .map((f: any) => [f.id, f.name, f.hash, f.url, f.alternativeText, f.folderPath, f.folder?.id ?? null]),
  });
}

/** One attack: counted; a breach if it leaks a Dalarna name, changes victim media or fails with 5xx. */
async function attack(label: string, send: () => Promise<AdminResponse>) {
  const before = await victimState();
  const response = await send();
  attempts += 1;
  if (response.status >= 500) breaches.push(`${label}: server error ${response.status} ${response.text.slice(0, 200)}`);
  if (response.text.includes(SECRET)) breaches.push(`${label}: response names Dalarna's media (${response.status})`);
  if ((await victimState()) !== before) breaches.push(`${label}: Dalarna's or national media changed (${response.status})`);
  return response;
}

beforeAll(async () => {
  cms = await bootCms();
  tokens.dalarna = await createEditor(cms, 'lansportalen-editor-dalarna', 'media.dalarna@example.se');
  tokens.vastmanland = await createEditor(cms, 'lansportalen-editor-vastmanland', 'media.vastmanland@example.se');
  tokens.national = await createEditor(cms, 'lansportalen-editor-national', 'media.nationell@example.se');
  dalarnaRoot = await rootFolder('Dalarnas län');
  vastmanlandRoot = await rootFolder('Västmanlands län');
  nationalRoot = await rootFolder('Nationellt');

  const sub = await request('dalarna', 'POST', '/upload/folders', { name: `${SECRET}-mapp`, parent: null });
  expect(sub.status, sub.text).toBe(201);
  dalarnaSub = sub.body.data.id;
  const a = await upload('dalarna', '/upload', `${SECRET}-a.png`);
  const b = await upload('dalarna', '/upload', `${SECRET}-b.png`, { name: `${SECRET}-b.png`, folder: dalarnaSub });
  const n = await upload('national', '/upload', 'nationell.png', { name: 'nationell.png', alternativeText: 'Nationell bild' });
  const v = await upload('vastmanland', '/upload/files', 'vastmanland.png');
  for (const r of [a, b, n]) expect(r.status, r.text).toBe(201);
  expect(v.status, v.text).toBe(201);
  dalarnaFiles = [a.body[0], b.body[0]];
  nationalFile = n.body[0];
  ownFile = v.body;
});

afterAll(async () => {
  console.log(`media: ${attempts} attempts by a Västmanland editor on Dalarna's and national media, ${breaches.length} breaches`);
  await cms?.stop();
});

describe('folders per county', () => {
  it('puts an upload without a folder in the uploader\'s county folder (national: "Nationellt")', async () => {
    const files = await cms.strapi.db.query('plugin::upload.file').findMany({ where: { id: { $in: [dalarnaFiles[0]!.id, nationalFile.id, ownFile.id] } }, populate: ['folder'] });
    const folderOf = (id: number) => files.find((f: any) => f.id === id)?.folder?.name;
    expect(folderOf(dalarnaFiles[0]!.id)).toBe('Dalarnas län');
    expect(folderOf(nationalFile.id)).toBe('Nationellt');
    expect(folderOf(ownFile.id)).toBe('Västmanlands län');
    const sub = await cms.strapi.db.query('plugin::upload.folder').findOne({ where: { id: dalarnaSub }, populate: ['parent'] });
    expect(sub.parent.id).toBe(dalarnaRoot.id);
  });
});

type Attack = (target: Media) => Promise<AdminResponse>;

/** The attacks on each admin route of the upload plugin, by `METHOD path` as in Strapi's route table. */
const ATTACKS: Record<string, Attack[]> = {
  'GET /settings': [() => request('vastmanland', 'GET', '/upload/settings')],
  'PUT /settings': [() => request('vastmanland', 'PUT', '/upload/settings', { sizeOptimization: false, responsiveDimensions: false })],
  'POST /': [
    (t) => upload('vastmanland', `/upload?id=${t.id}`, 'ersatt.png'),
    () => upload('vastmanland', '/upload', 'in-i-dalarna.png', { name: 'in-i-dalarna.png', folder: dalarnaSub }),
    () => upload('vastmanland', '/upload', 'in-i-dalarna.png', { name: 'in-i-dalarna.png', folder: dalarnaRoot.id }),
    () => upload('vastmanland', '/upload', 'i-nationellt.png', { name: 'i-nationellt.png', folder: nationalRoot.id }),
  ],
  'POST /actions/upload-from-urls': [() => request('vastmanland', 'POST', '/upload/actions/upload-from-urls', { urls: ['https://example.se/a.png'], folderId: dalarnaSub })],
  'GET /files': [
    () => request('vastmanland', 'GET', '/upload/files?page=1&pageSize=100'),
    () => request('vastmanland', 'GET', `/upload/files?filters[$and][0][folder][id]=${dalarnaSub}`),
    () => request('vastmanland', 'GET', `/upload/files?_q=${SECRET}`),
  ],
  'POST /files': [() => upload('vastmanland', '/upload/files', 'in-i-dalarna.png', { name: 'in-i-dalarna.png', folder: dalarnaSub })],
  'GET /files/:id': [(t) => request('vastmanland', 'GET', `/upload/files/${t.id}`)],
  'PUT /files/:id': [
    (t) => request('vastmanland', 'PUT', `/upload/files/${t.id}`, { fileInfo: { name: 'kapad.png', alternativeText: 'kapad' } }),
    () => request('vastmanland', 'PUT', `/upload/files/${ownFile.id}`, { fileInfo: { folder: dalarnaSub } }),
  ],
  'POST /files/:id/replace': [(t) => upload('vastmanland', `/upload/files/${t.id}/replace`, 'ersatt.png')],
  'DELETE /files/:id': [(t) => request('vastmanland', 'DELETE', `/upload/files/${t.id}`)],
  'GET /folders/:id': [() => request('vastmanland', 'GET', `/upload/folders/${dalarnaSub}`), () => request('vastmanland', 'GET', `/upload/folders/${dalarnaRoot.id}`)],
  'GET /folders': [() => request('vastmanland', 'GET', '/upload/folders?filters[$and][0][parent][id]=' + dalarnaRoot.id), () => request('vastmanland', 'GET', '/upload/folders')],
  'POST /folders': [() => request('vastmanland', 'POST', '/upload/folders', { name: 'inbrott', parent: dalarnaSub })],
  'PUT /folders/:id': [
    () => request('vastmanland', 'PUT', `/upload/folders/${dalarnaSub}`, { name: 'kapad' }),
    () => request('vastmanland', 'PUT', `/upload/folders/${dalarnaSub}`, { parent: vastmanlandRoot.id }),
    () => request('vastmanland', 'PUT', `/upload/folders/${dalarnaRoot.id}`, { name: 'kapad' }),
    () => request('vastmanland', 'PUT', `/upload/folders/${vastmanlandRoot.id}`, { parent: dalarnaSub }),
  ],
  'GET /folder-structure': [() => request('vastmanland', 'GET', '/upload/folder-structure')],
  'POST /actions/bulk-delete': [
    (t) => request('vastmanland', 'POST', '/upload/actions/bulk-delete', { fileIds: [t.id] }),
    () => request('vastmanland', 'POST', '/upload/actions/bulk-delete', { folderIds: [dalarnaSub] }),
    () => request('vastmanland', 'POST', '/upload/actions/bulk-delete', { folderIds: [vastmanlandRoot.id] }),
  ],
  'POST /actions/bulk-move': [
    (t) => request('vastmanland', 'POST', '/upload/actions/bulk-move', { fileIds: [t.id], destinationFolderId: vastmanlandRoot.id }),
    () => request('vastmanland', 'POST', '/upload/actions/bulk-move', { folderIds: [dalarnaSub], destinationFolderId: vastmanlandRoot.id }),
    () => request('vastmanland', 'POST', '/upload/actions/bulk-move', { fileIds: [ownFile.id], destinationFolderId: dalarnaSub }),
  ],
  'POST /actions/bulk-update': [(t) => request('vastmanland', 'POST', '/upload/actions/bulk-update', { updates: [{ id: t.id, fileInfo: { name: 'kapad.png' } }] })],
  'POST /actions/generate-ai-metadata': [(t) => request('vastmanland', 'POST', '/upload/actions/generate-ai-metadata', { fileIds: [t.id] })],
  'POST /ai-metadata-jobs': [() => request('vastmanland', 'POST', '/upload/ai-metadata-jobs', {})],
  'GET /ai-metadata-jobs/latest': [() => request('vastmanland', 'GET', '/upload/ai-metadata-jobs/latest')],
  'GET /ai-metadata-jobs/pending-count': [() => request('vastmanland', 'GET', '/upload/ai-metadata-jobs/pending-count')],
  'GET /configuration': [() => request('vastmanland', 'GET', '/upload/configuration')],
  'PUT /configuration': [() => request('vastmanland', 'PUT', '/upload/configuration', { pageSize: 10, sort: 'createdAt:DESC' })],
};

/** Strapi's own table of the upload plugin's admin routes. */
function uploadAdminRoutes(): string[] {
  const routers = cms.strapi.plugin('upload').routes as unknown as Record<string, { type?: string; routes?: { method: string; path: string }[] }>;
  return Object.values(routers).filter((r) => r.type === 'admin').flatMap((r) => (r.routes ?? []).map((route) => `${route.method} ${route.path}`));
}

describe('a Västmanland editor against Dalarna\'s media', () => {
  it('has an attack for every admin route of the upload plugin', () => {
    const missing = uploadAdminRoutes().filter((route) => !ATTACKS[route]);
    expect(missing, 'routes without an attack: add them to ATTACKS').toEqual([]);
  });

  it('reads, changes, moves and deletes none of Dalarna\'s files and folders by any route', async () => {
    for (const route of uploadAdminRoutes()) {
      for (const send of ATTACKS[route] ?? []) {
        for (const target of dalarnaFiles) await attack(`${route} on file ${target.id}`, () => send(target));
      }
    }
    // National files: read and used by all, replaced and deleted only by national editors.
    for (const route of ['POST /', 'PUT /files/:id', 'POST /files/:id/replace', 'DELETE /files/:id', 'POST /actions/bulk-delete', 'POST /actions/bulk-update']) {
      await attack(`${route} on national file`, () => ATTACKS[route]![0]!(nationalFile));
    }
    const inDalarna = await cms.strapi.db.query('plugin::upload.file').count({ where: { name: { $in: ['in-i-dalarna.png', 'ersatt.png'] } } });
    if (inDalarna > 0) breaches.push(`${inDalarna} files of Västmanland's landed in Dalarna's folders`);
    expect(breaches).toEqual([]);
  });

  it('cannot put Dalarna\'s file in an entry, in a new one or an existing one', async () => {
    const [target] = dalarnaFiles;
    const created = await attack('create an article with Dalarna\'s image', () =>
      request('vastmanland', 'POST', `${cm}/${ARTICLE}`, { title: 'Med stulen bild', slug: 'med-stulen-bild', image: { file: target!.id, alt: 'Stulen' } }),
    );
    if (created.status < 300) breaches.push('an article was created with Dalarna\'s image');
    expect(created.status).toBe(403);
    expect(created.body.error.message).toContain('tillhör ett annat län');
    const own = await request('vastmanland', 'POST', `${cm}/${ARTICLE}`, { title: 'Egen artikel', slug: 'egen-artikel-media' });
    expect(own.status, own.text).toBe(201);
    // The forms the document service accepts, and the whole file object the admin panel sends.
    for (const file of [target!.id, String(target!.id), { id: target!.id }, [{ id: target!.id }], { set: [{ id: target!.id }] }, target]) {
      const updated = await attack('connect Dalarna\'s image to an own article', () =>
        request('vastmanland', 'PUT', `${cm}/${ARTICLE}/${own.body.data.documentId}`, { image: { file, alt: 'Stulen' } }),
      );
      if (updated.status < 300) breaches.push(`Dalarna's image connected to an own article as ${JSON.stringify(file).slice(0, 60)}`);
      expect(updated.status).toBe(403);
    }
    const stored = await cms.strapi.documents(ARTICLE).findOne({ documentId: own.body.data.documentId, populate: { image: { populate: ['file'] } } } as never);
    expect((stored as any).image?.file ?? null).toBeNull();
    expect(breaches).toEqual([]);
  });
});

describe('own and national media (positive controls)', () => {
  it('lists the own county\'s and national files, and opens them', async () => {
    const list = await request('vastmanland', 'GET', '/upload/files?page=1&pageSize=100');
    const ids = list.body.results.map((f: Media) => f.id);
    expect(ids).toContain(ownFile.id);
    expect(ids).toContain(nationalFile.id);
    expect((await request('vastmanland', 'GET', `/upload/files/${nationalFile.id}`)).status).toBe(200);
    const dalarna = await request('dalarna', 'GET', '/upload/files?page=1&pageSize=100');
    expect(dalarna.body.results.map((f: Media) => f.id).sort()).toEqual([...dalarnaFiles.map((f) => f.id), nationalFile.id].sort());
    const tree = await request('vastmanland', 'GET', '/upload/folder-structure');
    expect(tree.body.data.map((f: { name: string }) => f.name).sort()).toEqual(['Nationellt', 'Västmanlands län']);
    const folders = await request('vastmanland', 'GET', '/upload/folders');
    expect(folders.body.data.map((f: { name: string }) => f.name).sort()).toEqual(['Nationellt', 'Västmanlands län']);
    const dalarnaFolders = await request('dalarna', 'GET', '/upload/folders');
    expect(dalarnaFolders.body.data.map((f: { name: string }) => f.name).sort()).toEqual(['Dalarnas län', 'Nationellt', `${SECRET}-mapp`]);
  });

  it('renames, replaces, moves and deletes own files and folders', async () => {
    const sub = await request('vastmanland', 'POST', '/upload/folders', { name: 'egen-mapp', parent: null });
    expect(sub.status, sub.text).toBe(201);
    expect((await request('vastmanland', 'PUT', `/upload/folders/${sub.body.data.id}`, { name: 'egen-mapp-2' })).status).toBe(200);
    expect((await request('vastmanland', 'PUT', `/upload/files/${ownFile.id}`, { fileInfo: { alternativeText: 'Egen bild' } })).status).toBe(200);
    expect((await upload('vastmanland', `/upload?id=${ownFile.id}`, 'ny-version.png')).status).toBe(200);
    const moved = await request('vastmanland', 'POST', '/upload/actions/bulk-move', { fileIds: [ownFile.id], destinationFolderId: sub.body.data.id });
    expect(moved.status, moved.text).toBe(200);
    const extra = await upload('vastmanland', '/upload', 'bort.png');
    expect((await request('vastmanland', 'DELETE', `/upload/files/${extra.body[0].id}`)).status).toBe(200);
    expect((await request('vastmanland', 'POST', '/upload/actions/bulk-delete', { folderIds: [sub.body.data.id] })).status).toBe(200);
  });

  it('uses own and national images in own entries; the national editor replaces national files', async () => {
    const own = await upload('vastmanland', '/upload', 'egen.png', { name: 'egen.png', alternativeText: 'Egen bild' });
    for (const file of [own.body[0].id, nationalFile.id]) {
      const created = await request('vastmanland', 'POST', `${cm}/${ARTICLE}`, { title: `Bild ${file}`, slug: `bild-${file}`, image: { file, alt: 'En bild' } });
      expect(created.status, created.text).toBe(201);
    }
    expect((await upload('national', `/upload?id=${nationalFile.id}`, 'nationell-ny.png')).status).toBe(200);
  });

  it('keeps the public file URLs public', async () => {
    const file = await cms.strapi.db.query('plugin::upload.file').findOne({ where: { id: nationalFile.id } });
    const response = await fetch(`${cms.url}${file.url}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
  });
});

describe('alternative texts on images', () => {
  it('refuses an image without alternative text, naming the field and the entry', async () => {
    const bare = await upload('vastmanland', '/upload', 'utan-alt.png');
    const response = await request('vastmanland', 'POST', `${cm}/${ARTICLE}`, { title: 'Utan alt', slug: 'utan-alt', image: { file: bare.body[0].id, alt: ' ' } });
    expect(response.status).toBe(400);
    expect(response.body.error.name).toBe('ValidationError');
    expect(response.body.error.message).toBe('Bilden i fältet "image.file" saknar alternativtext (Article "Utan alt"). Skriv en text som beskriver bilden i fältet "image.alt".');
  });

  it('takes the alternative text from the media library when the field is empty', async () => {
    const described = await upload('vastmanland', '/upload', 'med-alt.png', { name: 'med-alt.png', alternativeText: 'Länsstyrelsens hus' });
    const response = await request('vastmanland', 'POST', `${cm}/${ARTICLE}`, { title: 'Med alt', slug: 'med-alt', image: { file: described.body[0].id } });
    expect(response.status, response.text).toBe(201);
    const stored = await cms.strapi.documents(ARTICLE).findOne({ documentId: response.body.data.documentId, populate: ['image'] } as never);
    expect((stored as any).image.alt).toBe('Länsstyrelsens hus');
  });

  it('refuses to publish a draft whose image lost its alternative text', async () => {
    const bare = await upload('vastmanland', '/upload', 'utan-alt-2.png');
    const draft = await cms.strapi.documents(ARTICLE).create({ data: { title: 'Gammalt utkast', slug: 'gammalt-utkast', lead: 'Ingress', body: [{ type: 'paragraph', children: [{ type: 'text', text: 'Text' }] }], image: { file: bare.body[0].id, alt: 'x' } } } as never);
    await cms.strapi.db.query('content.image' as never).updateMany({ where: { alt: 'x' }, data: { alt: '' } });
    const response = await request('national', 'POST', `${cm}/${ARTICLE}/${(draft as any).documentId}/actions/publish`, {});
    expect(response.status, response.text).toBe(400);
    expect(response.body.error.message).toBe('Bilden i fältet "image.file" saknar alternativtext (Article "Gammalt utkast"). Skriv en text som beskriver bilden i fältet "image.alt".');
  });
});
