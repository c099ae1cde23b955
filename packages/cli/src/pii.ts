import type { Env, SealReport } from '@qisu/server';
import { generatePiiKey, migrateToLatest, openDatabase, preparePii, sealStoredPii } from '@qisu/server';

const out = (line: string) => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`${line}\n`);

/** `qisu pii keygen`: a fresh `<id>:<base64>` key on stdout, for QISU_PII_KEYS or the key file. */
function keygen(): number {
  out(generatePiiKey());
  err(
    '将此行放在 QISU_PII_KEYS（或数据目录 pii.key）的最前面，保留旧密钥，再执行 `qisu pii rotate`；轮换完成后方可删除旧密钥。\n' +
      'Put this line first in QISU_PII_KEYS (or in pii.key of the data folder), keep the old keys after it, ' +
      'then run `qisu pii rotate`; remove an old key only after the rotation succeeded.',
  );
  return 0;
}

/** The values a rotation could not re-encrypt, said per key; empty when there were none. */
export function rotationProblems(report: SealReport): string[] {
  const lines = Object.entries(report.missingKeys).map(
    ([keyId, n]) =>
      `✗ ${n} 个值使用未配置的密钥“${keyId}”加密，未能轮换；请将该密钥加回 QISU_PII_KEYS 后重试 / ` +
      `${n} values are under key "${keyId}", which is not configured: add it back to QISU_PII_KEYS and run again`,
  );
  if (report.unreadable > 0) {
    lines.push(
      `✗ ${report.unreadable} 个值无法解密（已被改动或密钥不符）/ ${report.unreadable} values fail to decrypt (altered, or a different key under their id)`,
    );
  }
  return lines;
}

/**
 * `qisu pii rotate`: re-encrypts every stored mobile and ID number under the active key (the
 * first of QISU_PII_KEYS), in batches, with progress on stderr. Exits 0 when every value is
 * under the active key (the old keys may then be removed), 1 naming each key that is missing.
 */
async function rotate(env: Env): Promise<number> {
  const db = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.QISU_DATA_DIR });
  try {
    await migrateToLatest(db.db);
    const keyring = await preparePii(
      db.db,
      { keys: env.QISU_PII_KEYS, databaseUrl: env.DATABASE_URL, dataDir: env.QISU_DATA_DIR },
      err,
    );
    const shown = new Map<string, number>();
    const report = await sealStoredPii(db.db, keyring, {
      mode: 'rotate',
      onProgress: ({ table, done, of }) => {
        const percent = Math.floor((done / Math.max(of, 1)) * 100);
        if (done < of && percent - (shown.get(table) ?? -10) < 10) return;
        shown.set(table, percent);
        err(`  · ${table}: ${done}/${of}`);
      },
    });
    out(
      `已轮换 / re-encrypted: ${report.cases} cases, ${report.users} users, ${report.enterprises} enterprises ` +
        `→ ${keyring.activeKeyId}`,
    );
    const problems = rotationProblems(report);
    for (const line of problems) out(line);
    if (problems.length > 0) return 1;
    const old = keyring.keyIds.slice(1);
    out(
      old.length > 0
        ? `✓ 全部个人信息已使用密钥 ${keyring.activeKeyId} 加密，可从配置中删除：${old.join(', ')} / every value is under ${keyring.activeKeyId}; you may now remove ${old.join(', ')}`
        : `✓ 全部个人信息已使用密钥 ${keyring.activeKeyId} 加密 / every value is under ${keyring.activeKeyId}`,
    );
    return 0;
  } finally {
    await db.close();
  }
}

/** `qisu pii <sub>`; undefined for a subcommand it does not know. */
export async function pii(env: Env, sub: string | undefined): Promise<number | undefined> {
  if (sub === 'keygen') return keygen();
  if (sub === 'rotate') return rotate(env);
  return undefined;
}
