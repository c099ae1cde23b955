import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { hashPassword } from '../auth/password.js';
import { systemClock } from '../clock.js';
import type { Db } from '../db/database.js';
import { migrateToLatest } from '../db/database.js';
import { buildApp, DEFAULT_WEB_ROOT } from '../http/app.js';
import { PiiKeyring } from '../pii/pii.keyring.js';
import { benchFixture } from './fixture.js';

export interface WorklistBenchResult {
  engine: 'pglite' | 'postgres';
  cases: number;
  /** Mean time of `GET /api/v1/cases?status=dispatched&page=50` through the whole HTTP stack. */
  apiMs: number;
  /** Mean time of the same page and count as bare SQL. */
  bareSqlMs: number;
  ratio: number;
}

const STATUSES = [
  'submitted',
  'screening',
  'dispatched',
  'signed',
  'replied',
  'rated',
  'closed',
  'closed',
  'closed',
  'closed',
];

/** The worklist's filtered page against the bare SQL of the same page, in one database. */
export async function benchWorklist(
  engine: 'pglite' | 'postgres',
  handle: Db,
  n: number,
  runs = 30,
): Promise<WorklistBenchResult> {
  const db = handle.db;
  await migrateToLatest(db);
  const f = await benchFixture(db, 'bwl', await hashPassword('Bench@2026'));
  const j = { id: f.jurisdictionId };
  const unit = { id: f.unitId };
  const ent = { id: f.enterpriseId };
  // Every row holds the contact mobile encrypted, as the product stores it; the list decrypts and masks it.
  const pii = PiiKeyring.ephemeral();
  const mobile = pii.encrypt('13800001234');
  process.stderr.write(`  ${engine}: inserting ${n} cases …\n`);
  await sql`
    INSERT INTO cases (jurisdiction_id, number, channel, enterprise_id, contact_name, contact_mobile, title, content, kind,
                       status, lead_unit_id, complexity, created_at, updated_at)
    SELECT ${j.id}, 'BWL-2026-' || lpad(g::text, 7, '0'), 'web', ${ent.id}, '联系人', ${mobile},
           '厂区道路破损影响货车通行 ' || g, '我公司门前道路破损，请协调修复。', 'help',
           (ARRAY[${sql.join(STATUSES)}])[1 + g % ${STATUSES.length}::int], ${unit.id}, 'general',
           now() - (g || ' minutes')::interval, now()
    FROM generate_series(1, ${n}::int) AS g`.execute(db);
  await sql`ANALYZE cases`.execute(db);

  const app = await buildApp({
    deps: { db, clock: systemClock, pii },
    engine,
    version: 'bench',
    logLevel: 'silent',
    webRoot: null,
    rateLimitPerMinute: 1_000_000,
  });
  try {
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'bwl.hub', password: 'Bench@2026' },
    });
    const token = login.json<{ token: string }>().token;
    const url = '/api/v1/cases?status=dispatched&page=50&pageSize=20';
    const viaApi = async () => {
      const res = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
      if (res.statusCode !== 200) throw new Error(`worklist answered ${res.statusCode}`);
    };
    const bare = async () => {
      await sql`
        SELECT c.id, c.number, c.title, c.status, c.kind, c.channel, c.complexity, c.round, c.contact_name, c.contact_mobile,
               c.created_at, c.updated_at, c.lead_unit_id, e.name AS enterprise_name, u.name AS lead_unit_name
        FROM cases c LEFT JOIN enterprises e ON e.id = c.enterprise_id LEFT JOIN units u ON u.id = c.lead_unit_id
        WHERE c.jurisdiction_id = ${j.id} AND c.status IN ('dispatched')
        ORDER BY c.created_at DESC, c.id LIMIT 20 OFFSET 980`.execute(db);
      await sql`SELECT count(*) FROM cases c WHERE c.jurisdiction_id = ${j.id} AND c.status IN ('dispatched')`.execute(
        db,
      );
    };
    const time = async (fn: () => Promise<void>) => {
      for (let i = 0; i < 3; i++) await fn();
      const t = performance.now();
      for (let i = 0; i < runs; i++) await fn();
      return (performance.now() - t) / runs;
    };
    const bareSqlMs = await time(bare);
    const apiMs = await time(viaApi);
    return { engine, cases: n, apiMs, bareSqlMs, ratio: apiMs / bareSqlMs };
  } finally {
    await app.close();
  }
}

interface ManifestEntry {
  file: string;
  imports?: string[];
  dynamicImports?: string[];
  isEntry?: boolean;
}

/**
 * The JavaScript the first screen (the login page) loads, gzip-compressed: the entry with its
 * static imports, plus the login page's lazily loaded chunk and its static imports.
 */
export function firstScreenJs(webRoot = DEFAULT_WEB_ROOT): { files: string[]; gzipKb: number; rawKb: number } | null {
  const manifestPath = join(webRoot, '.vite', 'manifest.json');
  if (!existsSync(manifestPath)) return null;
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, ManifestEntry>;
  const files = new Set<string>();
  const visit = (key: string) => {
    const entry = manifest[key];
    if (!entry || files.has(entry.file)) return;
    files.add(entry.file);
    for (const dep of entry.imports ?? []) visit(dep);
  };
  visit('index.html');
  visit('src/routes/LoginPage.tsx');
  let gzip = 0;
  let raw = 0;
  for (const file of files) {
    const bytes = readFileSync(join(webRoot, file));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { files: [...files].sort(), gzipKb: gzip / 1024, rawKb: raw / 1024 };
}
