import type { CaseStatus } from '@qisu/core';
import { runCaseCommand } from '../cases/commands/run-command.js';
import { createCase } from '../cases/cases.service.js';
import { randomUUID } from 'node:crypto';
import { hashPassword } from '../auth/password.js';
import type { Deps } from '../context.js';
import { setJurisdictionParent } from '../jurisdictions/jurisdictions.service.js';
import { seedCityAbove } from './city.js';
import type { World } from './world.js';

/**
 * Builds a case of enterprise A and drives it through the real commands to `status`: lead unit
 * dept1 (unit1) and co-unit dept2 (unit2); unsatisfied ratings come from enterprise A.
 */
export async function driveTo(
  deps: Deps,
  w: World,
  status: CaseStatus,
  title = '厂区道路破损影响货车通行',
): Promise<string> {
  const { actors } = w;
  const { id } = await createCase(deps, actors.entA, { title, content: '我公司门前道路破损，请协调修复。' });
  const run = (actor: keyof World['actors'], command: Parameters<typeof runCaseCommand>[3], body: object = {}) =>
    runCaseCommand(deps, actors[actor], id, command, body as never);

  const handled = async (until: 'dispatched' | 'signed' | 'contacted' | 'feedback' | 'replied') => {
    await run('hub', 'accept');
    await run('hub', 'dispatch', { leadUnitId: w.units.dept1, coUnitIds: [w.units.dept2], complexity: 'general' });
    if (until === 'dispatched') return;
    await run('unit1', 'sign');
    if (until === 'signed') return;
    await run('unit1', 'contact', { note: '已电话联系' });
    if (until === 'contacted') return;
    await run('unit1', 'feedback', { text: '初步意见' });
    if (until === 'feedback') return;
    await run('unit1', 'reply', { result: 'solved', text: '已修复' });
  };

  switch (status) {
    case 'submitted':
      break;
    case 'screening':
      await run('hub', 'accept');
      break;
    case 'returned':
      await handled('signed');
      await run('unit1', 'return', { reason: '非本单位职责' });
      break;
    case 'rejected':
      await run('hub', 'accept');
      await run('hub', 'reject', { reason: '非涉企事项' });
      break;
    case 'merged': {
      const target = await createCase(deps, actors.entA, { title: `${title}（原件）`, content: '同一问题' });
      await run('hub', 'accept');
      await run('hub', 'merge', { intoCaseId: target.id });
      break;
    }
    case 'answered':
      await run('hub', 'accept');
      await run('hub', 'answer', { text: '按政策答复' });
      break;
    case 'dispatched':
    case 'signed':
    case 'contacted':
    case 'feedback':
    case 'replied':
      await handled(status);
      break;
    case 'rated':
      await handled('replied');
      await run('entA', 'rate', { score: 5 });
      break;
    case 'redo':
      await handled('replied');
      // 1 is the unsatisfied answer of every preset's scale.
      await run('entA', 'rate', { score: 1 });
      break;
    case 'review':
      await handled('replied');
      await run('entA', 'rate', { score: 1 });
      await run('unit1', 'reply', { result: 'partly', text: '部分解决' });
      await run('entA', 'rate', { score: 1 });
      break;
    case 'closed':
      await handled('replied');
      await run('entA', 'rate', { score: 5 });
      await run('hub', 'close');
      break;
    case 'handed_up':
      await run('hub', 'accept');
      await handUpOnce(deps, () => run('hub', 'hand-up', { reason: '县级层面无法协调解决' }));
      break;
  }
  return id;
}

/**
 * Runs a hand-up with a city (`tc`, 衢州市) above jurisdiction `ta` for its duration only, so the
 * world keeps no parent and every other command sees the jurisdiction as it was.
 */
async function handUpOnce(deps: Deps, handUp: () => Promise<unknown>): Promise<void> {
  const there = await deps.db.selectFrom('jurisdictions').select('id').where('code', '=', 'tc').executeTakeFirst();
  if (!there) {
    const city = { code: 'tc', name: '衢州市', regionCode: '330800', preset: 'kh', hubUnitName: '市营商办' };
    await seedCityAbove(deps, city, [], [], await hashPassword(randomUUID()));
  }
  await setJurisdictionParent(deps, 'ta', 'tc');
  try {
    await handUp();
  } finally {
    await setJurisdictionParent(deps, 'ta', null);
  }
}
