import { describe, expect, it } from 'vitest';
import { importedCount, importFileProblem } from './imports';

describe('the file chosen for an import', () => {
  it('takes an .xlsx up to 5 MB and says why not otherwise', () => {
    expect(importFileProblem({ name: '企业名单.XLSX', size: 10_000 })).toBeNull();
    expect(importFileProblem({ name: '企业名单.xls', size: 10_000 })).toBe('notXlsx');
    expect(importFileProblem({ name: '企业名单.csv', size: 10 })).toBe('notXlsx');
    expect(importFileProblem({ name: 'a.xlsx', size: 5 * 1_048_576 + 1 })).toBe('tooLarge');
  });

  it('counts new and updated rows as imported', () => {
    expect(importedCount({ created: 3, updated: 2 })).toBe(5);
  });
});
