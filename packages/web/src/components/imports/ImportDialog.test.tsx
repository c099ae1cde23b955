// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { App } from 'antd';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { setToken } from '../../api/client';
import { I18nProvider } from '../../i18n/i18n';
import { installDomShims } from '../../testing/dom';
import { ImportDialog } from './ImportDialog';

beforeAll(installDomShims);
beforeEach(() => setToken('test-token'));
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  localStorage.clear();
  setToken(null);
});

/** A stand-in for XMLHttpRequest that answers each upload in turn with the given status and body. */
function fakeXhr(answers: { status: number; body: unknown }[]) {
  const sent: { url: string; headers: Record<string, string>; file: File | null }[] = [];
  class FakeXhr {
    status = 0;
    statusText = '';
    responseText = '';
    upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = {
      onprogress: null,
    };
    onload: (() => void) | null = null;
    onerror: (() => void) | null = null;
    private request = { url: '', headers: {} as Record<string, string>, file: null as File | null };
    open(_method: string, url: string) {
      this.request.url = url;
    }
    setRequestHeader(name: string, value: string) {
      this.request.headers[name] = value;
    }
    send(form: FormData) {
      this.request.file = form.get('file') as File;
      sent.push(this.request);
      const answer = answers[sent.length - 1] ?? answers[answers.length - 1]!;
      setTimeout(() => {
        this.upload.onprogress?.({ lengthComputable: true, loaded: 10, total: 10 });
        this.status = answer.status;
        this.responseText = JSON.stringify(answer.body);
        this.onload?.();
      }, 0);
    }
  }
  vi.stubGlobal('XMLHttpRequest', FakeXhr);
  return sent;
}

const dialog = (onImported = vi.fn()) =>
  render(
    <I18nProvider>
      <App>
        <ImportDialog kind="enterprises" open onClose={vi.fn()} onImported={onImported} />
      </App>
    </I18nProvider>,
  );

const xlsx = (name = '企业名单.xlsx') =>
  new File([new Uint8Array([0x50, 0x4b, 0x03, 0x04])], name, {
    type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  });

const chooseFile = (file: File) => {
  const input = document.querySelector<HTMLInputElement>('input[type="file"]');
  if (!input) throw new Error('no file input');
  fireEvent.change(input, { target: { files: [file] } });
};

const button = (name: RegExp) => screen.getByRole<HTMLButtonElement>('button', { name });

const result = (dryRun: boolean) => ({
  kind: 'enterprises',
  format: 'enterprises',
  dryRun,
  sheet: '企业名单',
  headerRow: 1,
  ignoredColumns: [],
  rows: 2,
  created: 1,
  updated: 1,
  skipped: 0,
  enterprisesRegistered: 0,
  items: [
    { row: 2, action: 'create', id: dryRun ? null : 'e1', number: null, label: '导入一号有限公司', notes: [] },
    {
      row: 3,
      action: 'update',
      id: dryRun ? null : 'e2',
      number: null,
      label: '导入二号有限公司',
      notes: ['已登记（导入二号有限公司），按本行更新，空白单元格保留原值'],
    },
  ],
});

describe('ImportDialog', () => {
  it('lists the errors of a check by row, column and cell, and does not let the file be imported', async () => {
    const sent = fakeXhr([
      {
        status: 400,
        body: {
          error: {
            code: 'IMPORT_INVALID',
            message: '表格中有 2 处错误，未导入任何数据；请按行号和列名改正后重新上传',
            field: 'file',
            errorCount: 2,
            truncated: false,
            errors: [
              {
                row: 3,
                column: '统一社会信用代码',
                cell: 'A3',
                value: '91330824000000712X',
                message: '统一社会信用代码无效（校验位错误）',
              },
              { row: 5, column: '联系电话', cell: 'H5', value: '12345', message: '应为 11 位手机号' },
            ],
          },
        },
      },
    ]);
    dialog();
    expect(button(/校\s*验/).disabled).toBe(true);
    chooseFile(xlsx());
    expect(screen.getByTestId('import-file').textContent).toContain('企业名单.xlsx');
    fireEvent.click(button(/校\s*验/));
    await screen.findByText('发现 2 处错误，未导入任何数据');
    expect(sent[0]!.url).toBe('/api/v1/imports/enterprises?dryRun=true');
    expect(sent[0]!.headers['authorization']).toBe('Bearer test-token');
    const rows = within(screen.getByTestId('import-errors')).getAllByRole('row');
    expect(rows.slice(1).map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent))).toEqual([
      ['3', '统一社会信用代码', 'A3', '91330824000000712X', '统一社会信用代码无效（校验位错误）'],
      ['5', '联系电话', 'H5', '12345', '应为 11 位手机号'],
    ]);
    expect(button(/导\s*入/).disabled).toBe(true);
  });

  it('imports after a clean check and says how many rows were imported', async () => {
    const sent = fakeXhr([
      { status: 200, body: result(true) },
      { status: 200, body: result(false) },
    ]);
    const onImported = vi.fn();
    dialog(onImported);
    chooseFile(xlsx());
    fireEvent.click(button(/校\s*验/));
    await screen.findByText('校验通过：共 2 行，将新建 1 条、更新 1 条、跳过 0 条');
    expect(screen.getByText('已登记（导入二号有限公司），按本行更新，空白单元格保留原值')).toBeTruthy();
    fireEvent.click(button(/导\s*入/));
    await screen.findByText('已导入 2 条');
    expect(sent.map((s) => s.url)).toEqual(['/api/v1/imports/enterprises?dryRun=true', '/api/v1/imports/enterprises']);
    expect(onImported).toHaveBeenCalledTimes(1);
  });

  it('refuses a file that is not an .xlsx before sending it', () => {
    const sent = fakeXhr([]);
    dialog();
    chooseFile(xlsx('企业名单.xls'));
    expect(screen.getByText(/不是 \.xlsx 文件/)).toBeTruthy();
    expect(button(/校\s*验/).disabled).toBe(true);
    expect(sent).toHaveLength(0);
  });
});
