import type { Actor } from '../access/actor.js';
import { createCase } from '../cases/cases.service.js';
import type { ManualClock } from '../clock.js';
import type { Deps } from '../context.js';

/**
 * The demo county's hotspot: several enterprises of one industrial park report the same power
 * outages within a few days (written for the demo). Filed by the hub for each enterprise,
 * through the normal case creation, so that hotspot detection finds one group and warns.
 */
const PARK_OUTAGES: readonly { title: string; content: string; enterprise: number; daysAgo: number }[] = [
  {
    title: '华埠工业园区本周频繁停电，生产线被迫停工',
    content:
      '我司位于华埠工业园区，本周已停电三次，每次两小时以上，事先没有通知，生产线被迫停工，请供电部门排查园区线路。',
    enterprise: 0,
    daysAgo: 5,
  },
  {
    title: '华埠工业园区突然停电导致设备受损',
    content: '昨天下午华埠工业园区又一次突然停电，我司两台精密设备断电受损，希望尽快查明园区停电原因。',
    enterprise: 5,
    daysAgo: 4,
  },
  {
    title: '反映华埠工业园区供电不稳、经常停电',
    content: '近期华埠工业园区电压忽高忽低，经常停电，纺织机频繁重启，布匹报废较多，请求改善园区供电线路。',
    enterprise: 14,
    daysAgo: 3,
  },
  {
    title: '华埠工业园区停电问题请尽快解决',
    content: '华埠工业园区这个月停电次数明显增多，订单交付受影响，请供电公司排查线路，停电前提前通知企业。',
    enterprise: 6,
    daysAgo: 2,
  },
  {
    title: '华埠工业园区无预告停电，冷库货物受损',
    content: '园区周二夜间无预告停电近四小时，冷库温度升高，部分原料受损。华埠工业园区停电已不是第一次，请排查线路。',
    enterprise: 1,
    daysAgo: 1,
  },
  {
    title: '华埠工业园区线路老化，停电频繁',
    content: '听说华埠工业园区停电是因为线路老化、负荷不够，园区企业都受影响，建议对园区线路整体改造增容。',
    enterprise: 11,
    daysAgo: 0.5,
  },
];

/** Files the demo hotspot's cases, each at its own recent time, and answers how many were filed. */
export async function seedDemoHotspots(
  deps: Deps & { clock: ManualClock },
  input: { hub: Actor; enterpriseIds: readonly string[]; categoryId: string | undefined; end: Date },
): Promise<number> {
  let filed = 0;
  for (const c of PARK_OUTAGES) {
    const enterpriseId = input.enterpriseIds[c.enterprise % Math.max(1, input.enterpriseIds.length)];
    deps.clock.set(new Date(+input.end - c.daysAgo * 86_400_000));
    await createCase(deps, input.hub, {
      title: c.title,
      content: c.content,
      kind: 'complaint',
      channel: 'phone',
      ...(input.categoryId ? { categoryId: input.categoryId } : {}),
      ...(enterpriseId ? { enterpriseId } : {}),
    });
    filed++;
  }
  return filed;
}
