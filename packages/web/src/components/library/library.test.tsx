// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { setToken } from '../../api/client';
import type { CaseView } from '../../api/models';
import { draftFromCase } from '../../lib/library';
import type { SimilarCases } from '../../lib/screening';
import { installDomShims, jsonResponse as json, renderPage } from '../../testing/dom';
import { LibraryMatchesCard } from '../screening/SimilarCasesCards';
import { AddToLibraryButton } from './AddToLibraryButton';

beforeAll(installDomShims);
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  localStorage.clear();
  setToken(null);
});

const CASE_ID = '00000000-0000-4000-8000-0000000000c1';
const VIEW = {
  id: CASE_ID,
  number: 'YC-2026-000031',
  status: 'closed',
  title: '标准厂房冬季供暖不足',
  content: '入冬以来车间温度不足十度，工人无法生产。',
  resultText: null,
  assignments: [
    { role: 'co', round: 1, replyText: null, repliedAt: null },
    { role: 'lead', round: 1, replyText: '第一轮答复', repliedAt: '2026-11-05T02:00:00Z' },
    { role: 'lead', round: 2, replyText: '已更换换热站循环泵，室温恢复。', repliedAt: '2026-11-08T02:00:00Z' },
  ],
} as unknown as CaseView;

function serve(roles: string[]) {
  const fetchMock = vi.fn((url: string, init?: RequestInit) => {
    if (url.startsWith('/api/v1/auth/me')) return json({ id: 'me', name: '营商办', roles, jurisdiction: 'yc' });
    if (url === '/api/v1/library' && init?.method === 'POST') {
      return json({ id: '00000000-0000-4000-8000-000000000001' }, 201);
    }
    return json({ error: { code: 'NOT_FOUND', message: '资源不存在' } }, 404);
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

describe('draftFromCase', () => {
  it('takes the problem from title and content and the resolution from the lead unit’s latest reply', () => {
    expect(draftFromCase(VIEW)).toEqual({
      problem: '标准厂房冬季供暖不足。入冬以来车间温度不足十度，工人无法生产。',
      resolution: '已更换换热站循环泵，室温恢复。',
    });
  });
});

describe('AddToLibraryButton', () => {
  it('lets the hub save a closed case into the library from a prefilled form', async () => {
    const fetchMock = serve(['hub']);
    renderPage(<AddToLibraryButton view={VIEW} />, `/cases/${CASE_ID}`);
    fireEvent.click(await screen.findByTestId('add-to-library'));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByLabelText<HTMLTextAreaElement>('解决办法').value).toBe('已更换换热站循环泵，室温恢复。');
    fireEvent.click(within(dialog).getByRole('button', { name: /保\s*存/ }));
    await waitFor(() => {
      const post = fetchMock.mock.calls.find(([u, init]) => u === '/api/v1/library' && init?.method === 'POST');
      expect(JSON.parse(post![1]!.body as string)).toEqual({
        caseId: CASE_ID,
        problem: '标准厂房冬季供暖不足。入冬以来车间温度不足十度，工人无法生产。',
        resolution: '已更换换热站循环泵，室温恢复。',
        tags: [],
      });
    });
  });

  it('is not offered to a unit handler, nor on a case not closed', async () => {
    serve(['unit_handler']);
    renderPage(<AddToLibraryButton view={VIEW} />, `/cases/${CASE_ID}`);
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryByTestId('add-to-library')).toBeNull();
    cleanup();
    serve(['hub']);
    renderPage(<AddToLibraryButton view={{ ...VIEW, status: 'replied' }} />, `/cases/${CASE_ID}`);
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryByTestId('add-to-library')).toBeNull();
  });
});

describe('LibraryMatchesCard', () => {
  it('lists alike entries at screening with “用此答复” handing over the resolution', async () => {
    serve(['hub']);
    const onUse = vi.fn();
    const similar = {
      open: [],
      enterpriseOpen: [],
      solved: [],
      library: [
        {
          id: 'lib-1',
          problem: '园区标准厂房冬季供暖温度不足',
          resolution: '更换换热站循环泵。',
          score: 0.3,
          typical: true,
          caseNumber: 'YC-2026-000031',
          tags: [],
        },
      ],
      thresholds: { duplicate: 0.3, similar: 0.1, solved: 0.2 },
    } as unknown as SimilarCases;
    renderPage(<LibraryMatchesCard similar={similar} onUseAnswer={onUse} />);
    const card = await screen.findByTestId('similar-library');
    expect(within(card).getByText('经验库')).toBeTruthy();
    expect(within(card).getByText('典型案例')).toBeTruthy();
    expect(within(card).getByText('园区标准厂房冬季供暖温度不足').getAttribute('href')).toBe('/library?entry=lib-1');
    fireEvent.click(within(card).getByRole('button', { name: '用此答复' }));
    expect(onUse).toHaveBeenCalledWith('更换换热站循环泵。');
  });
});
