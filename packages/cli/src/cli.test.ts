import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { ManualClock, migrateToLatest, openDatabase } from '@qisu/server';
import { driveTo } from '../../server/src/testing/drive.js';
import { seedWorld } from '../../server/src/testing/world.js';
import { toyDemands } from '../../server/src/testing/triage-fixtures.js';
import { run } from './testing/run.js';
import { TEST_PII, TEST_PII_KEYS } from '../../server/src/testing/pii.js';

describe('qisu CLI on an embedded data folder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qisu-cli-'));
  const saved = { ...process.env };

  beforeAll(async () => {
    delete process.env['DATABASE_URL'];
    process.env['QISU_DATA_DIR'] = dir;
    process.env['QISU_PII_KEYS'] = TEST_PII_KEYS;
    const db = await openDatabase({ dataDir: dir });
    await migrateToLatest(db.db);
    const w = await seedWorld(db.db);
    await driveTo({ db: db.db, clock: new ManualClock('2026-11-02T01:00:00Z'), pii: TEST_PII }, w, 'closed');
    await db.close();
  });
  afterAll(() => {
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints help and refuses an unknown command', async () => {
    expect((await run(['help'])).out).toContain('qisu audit verify');
    const unknown = await run(['fly']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('unknown command');
  });

  it('exits 0 when every chain is intact', async () => {
    const result = await run(['audit', 'verify']);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/✓ ta: \d+ events intact/);
  });

  it('refuses a data folder that another process holds', async () => {
    const holder = await openDatabase({ dataDir: dir });
    try {
      // The lock names this process; pretend it is another live one.
      writeFileSync(join(dir, 'qisu.lock'), JSON.stringify({ pid: process.ppid }));
      const result = await run(['audit', 'verify']);
      expect(result.code).toBe(3);
      expect(result.err).toContain('held by a running process');
    } finally {
      await holder.close();
    }
  });

  it('exits non-zero naming the first broken event after a row is changed', async () => {
    const db = await openDatabase({ dataDir: dir });
    const target = await db.db
      .selectFrom('events')
      .select(['id', 'seq'])
      .where('type', '=', 'replied')
      .orderBy('seq')
      .limit(1)
      .executeTakeFirstOrThrow();
    await sql`ALTER TABLE events DISABLE TRIGGER events_append_only`.execute(db.db);
    await sql`UPDATE events SET at = at + interval '1 second' WHERE id = ${target.id}`.execute(db.db);
    await db.close();
    const result = await run(['audit', 'verify']);
    expect(result.code).toBe(1);
    expect(result.out).toContain(`chain broken at seq ${target.seq} (event id ${target.id}`);
  });
});

describe('qisu audit anchor and verify on an embedded data folder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qisu-anchor-'));
  const anchors = join(dir, 'out', 'anchors.json');
  const saved = { ...process.env };
  let closedNumber = '';

  /** Changes the data folder behind the application's back, as someone with the files could. */
  async function tamper(work: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<void>) {
    const db = await openDatabase({ dataDir: join(dir, 'data') });
    try {
      await work(db);
    } finally {
      await db.close();
    }
  }

  beforeAll(async () => {
    delete process.env['DATABASE_URL'];
    process.env['QISU_DATA_DIR'] = join(dir, 'data');
    const db = await openDatabase({ dataDir: join(dir, 'data') });
    await migrateToLatest(db.db);
    const w = await seedWorld(db.db);
    const id = await driveTo({ db: db.db, clock: new ManualClock('2026-11-02T01:00:00Z'), pii: TEST_PII }, w, 'closed');
    closedNumber = (await db.db.selectFrom('cases').select('number').where('id', '=', id).executeTakeFirstOrThrow())
      .number;
    await db.close();
  });
  afterAll(() => {
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes every chain head and verifies against the file', async () => {
    const written = await run(['audit', 'anchor', '--out', anchors]);
    expect(written.code, written.err).toBe(0);
    const file = JSON.parse(readFileSync(anchors, 'utf8'));
    expect(file).toMatchObject({ kind: 'qisu.chain-anchors', version: 1, chains: [{ jurisdiction: 'ta' }] });
    expect(file.chains[0].hash).toMatch(/^[0-9a-f]{64}$/);
    const verified = await run(['audit', 'verify', '--anchors', anchors]);
    expect(verified.code, verified.out).toBe(0);
    expect(verified.out).toMatch(/✓ ta: \d+ events intact, 1 case\(s\) match their events, 1 anchor\(s\) reached/);
  });

  it('refuses a missing or malformed anchor file with exit 2, and asks for --out', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ kind: 'qisu.chain-anchors', version: 1, anchoredAt: 'yesterday', chains: [] }));
    const refused = await run(['audit', 'verify', '--anchors', bad]);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('not a valid anchor file');
    expect(refused.err).toContain('anchoredAt');
    expect((await run(['audit', 'verify', '--anchors', join(dir, 'none.json')])).code).toBe(2);
    expect((await run(['audit', 'verify', '--anchor', anchors])).code).toBe(2);
    expect((await run(['audit', 'anchor'])).code).toBe(2);
  });

  it('exits non-zero naming the case whose status was changed without an event', async () => {
    await tamper(async (db) => {
      await sql`UPDATE cases SET status = 'dispatched' WHERE number = ${closedNumber}`.execute(db.db);
    });
    const result = await run(['audit', 'verify']);
    expect(result.code).toBe(1);
    expect(result.out).toContain(`✗ ta: case ${closedNumber} (id`);
    expect(result.out).toContain('differs from its events in status: table dispatched, events lead to closed');
    expect(result.out).toContain(`诉求 ${closedNumber} 的状态（status）与流转记录不一致`);
    await tamper(async (db) => {
      await sql`UPDATE cases SET status = 'closed' WHERE number = ${closedNumber}`.execute(db.db);
    });
    expect((await run(['audit', 'verify'])).code).toBe(0);
  });

  it('fails with the anchor file when the tail was cut off and the chain head rewound', async () => {
    const { seq } = JSON.parse(readFileSync(anchors, 'utf8')).chains[0];
    await tamper(async (db) => {
      const [last, before] = await db.db
        .selectFrom('events')
        .select(['id', 'seq', 'hash'])
        .orderBy('seq', 'desc')
        .limit(2)
        .execute();
      await sql`ALTER TABLE events DISABLE TRIGGER events_append_only`.execute(db.db);
      await sql`DELETE FROM events WHERE id = ${last?.id}`.execute(db.db);
      await sql`UPDATE event_chains SET last_seq = ${before?.seq}, last_hash = ${before?.hash}`.execute(db.db);
    });
    const result = await run(['audit', 'verify', '--anchors', anchors]);
    expect(result.code).toBe(1);
    expect(result.out).toContain(`✗ ta: chain no longer reaches the head anchored at seq ${seq} (the anchor file)`);
    expect(result.out).toContain(`哈希链已不能到达锚点文件中第 ${seq} 条事件的锚点`);
  });
});

describe('qisu calendar due and profile commands', () => {
  const saved = { ...process.env };
  beforeAll(() => {
    delete process.env['DATABASE_URL'];
    process.env['QISU_DATA_DIR'] = mkdtempSync(join(tmpdir(), 'qisu-cli-empty-'));
  });
  afterAll(() => {
    process.env = saved;
  });

  it('prints the due instant with +08:00 on its last line, from the preset when no database exists', async () => {
    // Friday 15:00 + 5 working days: Mon 9 … Fri 13, close of business 17:30.
    const result = await run([
      'calendar',
      'due',
      '--jurisdiction',
      'yc',
      '--from',
      '2026-11-06T15:00:00+08:00',
      '--duration',
      '5wd',
    ]);
    expect(result.code).toBe(0);
    expect(result.out.trim().split('\n').pop()).toBe('2026-11-13T17:30:00+08:00');
    const local = await run([
      'calendar',
      'due',
      '--jurisdiction',
      'kh',
      '--from',
      '2026-09-30T15:00',
      '--duration',
      '3wd',
    ]);
    // 国庆 Oct 1–7 off; Oct 8, 9 and the make-up Saturday Oct 10 count.
    expect(local.out.trim()).toBe('2026-10-10T17:30:00+08:00');
  });

  it('refuses a bad duration and an unknown jurisdiction', async () => {
    expect(
      (
        await run([
          'calendar',
          'due',
          '--jurisdiction',
          'yc',
          '--from',
          '2026-11-06T15:00:00+08:00',
          '--duration',
          '5 days',
        ])
      ).code,
    ).toBe(2);
    expect(
      (
        await run([
          'calendar',
          'due',
          '--jurisdiction',
          'zz',
          '--from',
          '2026-11-06T15:00:00+08:00',
          '--duration',
          '5wd',
        ])
      ).code,
    ).toBe(2);
  });

  it('validates a preset and names the fields of a broken profile', async () => {
    const good = await run([
      'profile',
      'validate',
      fileURLToPath(new URL('../../../profiles/tz.yaml', import.meta.url)),
    ]);
    expect(good.code).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), 'qisu-profile-'));
    const bad = join(dir, 'bad.yaml');
    writeFileSync(
      bad,
      'code: tz\nversion: 1\nname: 坏配置\nclocks:\n  - milestone: resolve\n    duration: 5 days\n    note: 测试\n',
    );
    const result = await run(['profile', 'validate', bad]);
    expect(result.code).toBe(1);
    expect(result.out).toContain('clocks.0.duration');
    expect(result.out).toContain('calendar');
  });

  it('shows a preset as YAML', async () => {
    const result = await run(['profile', 'show', 'yc']);
    expect(result.code).toBe(0);
    expect(result.out).toContain('code: yc');
    expect(result.out).toContain('redAfterYellow: 1wd');
  });
});

describe('qisu triage on an embedded data folder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qisu-triage-'));
  const data = join(dir, 'labelled.jsonl');
  const saved = { ...process.env };
  beforeAll(() => {
    delete process.env['DATABASE_URL'];
    process.env['QISU_DATA_DIR'] = join(dir, 'data');
    writeFileSync(
      data,
      `${toyDemands()
        .map((e) => JSON.stringify(e))
        .join('\n')}\n`,
    );
  });
  afterAll(() => {
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  it('trains and activates a model, then evaluates it with the JSON line on its last line', async () => {
    const trained = await run(['triage', 'train', '--data', data]);
    expect(trained.code, trained.err).toBe(0);
    expect(JSON.parse(trained.out.trim().split('\n').pop() ?? '')).toMatchObject({ version: 1, examples: 18 });
    const again = await run(['triage', 'train', '--data', data]);
    expect(JSON.parse(again.out.trim().split('\n').pop() ?? '').version).toBe(2);
    const evaluated = await run(['triage', 'eval', '--data', data]);
    expect(evaluated.code, evaluated.err).toBe(0);
    const report = JSON.parse(evaluated.out.trim().split('\n').pop() ?? '');
    expect(report).toMatchObject({ n: 18, accuracy: 1, macroF1: 1 });
    expect(Object.keys(report.perLabel).sort()).toEqual(['用工', '用电', '融资']);
  });

  it('names the bad line of a file and asks for --data', async () => {
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, '{"title":"a","body":"b","label":"x"}\nnot json\n');
    const refused = await run(['triage', 'train', '--data', bad]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('line 2');
    expect((await run(['triage', 'eval'])).code).toBe(2);
    expect((await run(['triage', 'train', '--data', data, '--from-cases'])).code).toBe(2);
    expect((await run(['triage', 'eval', '--from-cases'])).code).not.toBe(0);
  });

  it('trains from the cases only when the hub has screened cases of two categories or more', async () => {
    const result = await run(['triage', 'train', '--from-cases']);
    expect(result.code).toBe(1);
    expect(result.err).toContain('at least two categories');
  });
});
