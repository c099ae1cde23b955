import { describe, expect, it } from 'vitest';
import { messageText, notificationPlan } from './notification-rules.js';
import {
  appointmentProblem,
  bundleUnits,
  SERVICE_CATALOGUE_LABELS,
  SERVICE_CATALOGUES,
  SERVICE_FIELD_LABELS,
  SERVICE_FIELDS,
} from './service-catalogue.js';

describe('service catalogues', () => {
  it('labels every catalogue and field in both languages', () => {
    for (const c of SERVICE_CATALOGUES) expect(SERVICE_CATALOGUE_LABELS[c].zh).toMatch(/清单$/);
    for (const f of SERVICE_FIELDS) expect(SERVICE_FIELD_LABELS[f].en.length).toBeGreaterThan(0);
  });

  it.each([
    [10, 10, 'past'],
    [9, 10, 'past'],
    [11, 10, null],
    [12, 10, 'non_working'],
  ] as const)('books day %i on day %i: %s', (day, today, problem) => {
    expect(appointmentProblem(day, today, (d) => d !== 12)).toBe(problem);
  });

  it('leads a bundle by its first provider and lets the others assist once each', () => {
    expect(bundleUnits(['a', 'b', 'a', 'c'])).toEqual({ lead: 'a', co: ['b', 'c'] });
    expect(bundleUnits([])).toEqual({ lead: null, co: [] });
  });
});

describe('an extension decided for a 兜底办 case', () => {
  it('tells the enterprise the reason with the new date (seed 004 三(三)1)', () => {
    const planned = notificationPlan(
      {
        topic: 'case.extension_decided',
        recipient: { kind: 'case', id: 'c1' },
        payload: { approve: true, until: '2026-12-30T09:00:00.000Z', reason: '需市级部门会商', number: 'FC-1' },
      },
      {
        leadUnitId: 'u1',
        coUnitIds: [],
        enterpriseId: 'e1',
        handoffs: { unsatisfiedToDiscipline: false, redCardTo: [] },
      },
    );
    expect(planned?.targets).toEqual([{ kind: 'enterprise', enterpriseId: 'e1' }]);
    expect(planned?.text.params['reason']).toBe('需市级部门会商');
    const text = messageText(undefined, 'extensionApproved', planned?.text.params ?? {});
    expect(text).toContain('2026-12-30');
    expect(text).toContain('延期原因：需市级部门会商');
  });
});
