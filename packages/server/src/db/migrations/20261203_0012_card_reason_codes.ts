import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * Cards keep why they were issued as data (`reason_code`, core's `CardReason`), so each reader
 * renders the reason in its own language; `reason` stays the Chinese text for older readers and
 * exports.
 *
 * Existing rows are backfilled from their Chinese text where it has one of the forms the sweep
 * has written: `未在规定时间内完成：<milestone>`, `督办后仍未按时办理：<milestone>` (earlier
 * `督办后仍未按时办理（<milestone>）`) and `连续 N 次黄牌`, the milestone being its Chinese name or
 * its code. The names are those of the milestones when this migration was written. A text of any
 * other form keeps `reason_code` NULL and is shown as written.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE cards ADD COLUMN reason_code jsonb;

    UPDATE cards
    SET reason_code = jsonb_build_object(
      'key', 'consecutive_yellows',
      'count', CAST(substring(reason FROM '^连续 ([0-9]+) 次黄牌$') AS integer))
    WHERE reason ~ '^连续 [0-9]+ 次黄牌$';

    UPDATE cards AS k
    SET reason_code = jsonb_build_object('key', m.key, 'milestone', l.code)
    FROM (VALUES
        ('screening', '研判交办'), ('contact', '联系企业'), ('feedback', '初步反馈'),
        ('resolve', '办结答复'), ('revisit', '回访'), ('redo', '重办'), ('review', '审核'),
        ('plan', '方案节点'), ('supervision', '督办跟踪')
      ) AS l (code, zh),
      (VALUES
        ('missed', '未在规定时间内完成：', ''),
        ('missed_after_supervision', '督办后仍未按时办理：', ''),
        ('missed_after_supervision', '督办后仍未按时办理（', '）')
      ) AS m (key, prefix, suffix)
    WHERE k.reason_code IS NULL
      AND k.reason IN (m.prefix || l.zh || m.suffix, m.prefix || l.code || m.suffix);
  `.execute(db);
}
