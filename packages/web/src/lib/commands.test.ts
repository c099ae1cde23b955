import { describe, expect, it } from 'vitest';
import { CASE_COMMANDS } from '@qisu/core';
import { isMessageKey, translate } from '../i18n/i18n';
import { COMMAND_FIELDS, commandBody, hasForm } from './commands';

describe('commandBody', () => {
  it('keeps the command’s fields and drops empty optional ones', () => {
    expect(commandBody('dispatch', { leadUnitId: 'u1', coUnitIds: [], complexity: undefined, extra: 'x' })).toEqual({
      leadUnitId: 'u1',
    });
    expect(commandBody('rate', { score: 4, comment: '' })).toEqual({ score: 4 });
  });
  it('sends the dispatch note the hub writes', () => {
    expect(commandBody('dispatch', { leadUnitId: 'u1', note: '请两日内联系企业' })).toEqual({
      leadUnitId: 'u1',
      note: '请两日内联系企业',
    });
  });
  it('sends date-times as ISO instants', () => {
    expect(commandBody('extend', { reason: '等待批复', until: '2026-12-01T09:30:00+08:00' })).toEqual({
      reason: '等待批复',
      until: '2026-12-01T01:30:00.000Z',
    });
  });
  it('sends a plan’s milestones with their due times as ISO instants, dropping blank rows', () => {
    expect(
      commandBody('plan', {
        text: '分两步',
        milestones: [
          { title: '完成勘测', dueAt: '2026-12-01T17:00:00+08:00' },
          { title: '', dueAt: undefined },
        ],
      }),
    ).toEqual({ text: '分两步', milestones: [{ title: '完成勘测', dueAt: '2026-12-01T09:00:00.000Z' }] });
  });
  it('keeps a false approval', () => {
    expect(commandBody('decide-extension', { approve: false })).toEqual({ approve: false });
  });
});

describe('COMMAND_FIELDS', () => {
  it('has a form for every command the server names', () => {
    expect(CASE_COMMANDS.filter((c) => !hasForm(c))).toEqual([]);
    const texts = (key: string) =>
      isMessageKey(key) && translate('zh-CN', key) !== '' && translate('en-US', key) !== '';
    const labels = Object.values(COMMAND_FIELDS).flatMap((fields) =>
      fields.flatMap((f) => [f.label, ...(f.options ?? []).map((o) => o.label)]),
    );
    expect(labels.filter((key) => !texts(key))).toEqual([]);
    expect(labels.length).toBeGreaterThan(40);
  });
});
