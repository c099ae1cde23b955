import { describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../api/models';
import { timeline, timelineEntry } from './timeline';

let seq = 0;
const ev = (type: string, payload: Record<string, unknown> = {}, unitName: string | null = null): CaseEvent => ({
  seq: ++seq,
  type,
  actorId: 'u-1',
  actorName: '某人',
  unitId: null,
  unitName,
  at: '2026-11-02T01:00:00.000Z',
  payload,
  hash: 'h',
  prevHash: 'p',
});
const ctx = { unitFallback: '承办单位', scoreLabel: (s: number) => (s === 5 ? '非常满意' : s === 1 ? '不满意' : null) };

describe('timelineEntry', () => {
  it('names the unit a case was dispatched to, from the event', () => {
    expect(timelineEntry(ev('dispatched', { leadUnitName: '县自然资源局' }), ctx)).toMatchObject({
      key: 'mobEvDispatched',
      params: { unit: '县自然资源局' },
    });
  });

  it('names the acting unit, or a plain word when the event has none', () => {
    expect(timelineEntry(ev('signed', {}, '县住建局'), ctx)?.params).toEqual({ unit: '县住建局' });
    expect(timelineEntry(ev('contacted', { note: '电话联系' }), ctx)?.params).toEqual({ unit: '承办单位' });
  });

  it('carries the reply text and the answer text as written', () => {
    expect(timelineEntry(ev('replied', { text: '已协调解决。', result: 'solved' }, '县住建局'), ctx)).toMatchObject({
      key: 'mobEvReplied',
      detail: '已协调解决。',
      tone: 'green',
    });
    expect(timelineEntry(ev('answered', { text: '依据某政策第三条。' }), ctx)?.detail).toBe('依据某政策第三条。');
  });

  it('shows a rating on the scale’s label and says when it sends the case back', () => {
    const redo = timelineEntry(ev('rated', { score: 1, satisfied: false, comment: '没解决', to: 'redo' }), ctx);
    expect(redo).toMatchObject({
      key: 'mobEvRated',
      params: { label: '不满意' },
      detail: '没解决',
      note: 'mobEvRatedRedo',
      tone: 'red',
    });
    const ok = timelineEntry(ev('rated', { score: 5, satisfied: true, to: 'rated' }), ctx);
    expect(ok).toMatchObject({ params: { label: '非常满意' }, note: null, tone: 'green' });
    const unknownScore = timelineEntry(ev('rated', { score: 4, label: '满意', satisfied: true }), ctx);
    expect(unknownScore?.params).toEqual({ label: '满意' });
  });

  it('shows the enterprise’s appeal with its reason', () => {
    expect(timelineEntry(ev('appealed', { reason: '答复与事实不符' }), ctx)).toMatchObject({
      key: 'mobEvAppealed',
      detail: '答复与事实不符',
    });
  });

  it('shows an approved extension with its new time limit, and hides a denied one', () => {
    expect(
      timelineEntry(ev('extension_decided', { approve: true, until: '2026-11-20T09:30:00.000Z' }), ctx)?.params,
    ).toEqual({ until: '2026-11-20 17:30' });
    expect(
      timelineEntry(ev('extension_decided', { approve: false, until: '2026-11-20T09:30:00.000Z' }), ctx),
    ).toBeNull();
  });

  it('leaves out what is the office’s internal business, and unknown events', () => {
    for (const type of [
      'clock_warned',
      'clock_breached',
      'card_issued',
      'handed_off',
      'supervised',
      'escalated',
      'extension_requested',
      'review_form_submitted',
      'something_new',
    ]) {
      expect(timelineEntry(ev(type), ctx)).toBeNull();
    }
  });
});

describe('timeline', () => {
  it('orders by sequence and drops the internal steps', () => {
    const created = ev('created');
    const warned = ev('clock_warned');
    const accepted = ev('accepted');
    const lines = timeline([accepted, warned, created], ctx);
    expect(lines.map((l) => l.key)).toEqual(['mobEvCreated', 'mobEvAccepted']);
    expect(lines.map((l) => l.seq)).toEqual([created.seq, accepted.seq]);
  });
});
