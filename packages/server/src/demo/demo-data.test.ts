import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_DATA_DIR, loadDemoData } from './demo-data.js';

/** A copy of the shipped demo files with one file's text changed. */
function brokenCopy(file: string, change: (text: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'qisu-demo-'));
  cpSync(DEMO_DATA_DIR, dir, { recursive: true });
  const path = join(dir, file);
  const before = readFileSync(path, 'utf8');
  const after = change(before);
  expect(after).not.toBe(before);
  writeFileSync(path, after);
  copies.push(dir);
  return dir;
}
const copies: string[] = [];

describe('demo data files', () => {
  afterEach(() => {
    for (const dir of copies.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('loads the five seed jurisdictions in seed order, each with its ledger, cases and routing', () => {
    const demo = loadDemoData();
    expect(demo.jurisdictions.map((j) => j.code)).toEqual(['jhj', 'kh', 'yc', 'tz', 'fc']);
    for (const j of demo.jurisdictions) {
      expect(j.enterprises.length).toBeGreaterThanOrEqual(20);
      expect(j.cases.length).toBeGreaterThanOrEqual(50);
      expect(j.routing.length).toBeGreaterThan(0);
    }
    expect(demo.categories.length).toBe(12);
    expect(demo.policies.length).toBe(3);
  });

  it('rejects an enterprise with a bad field, naming the file and the field path', () => {
    const dir = brokenCopy('kh.yaml', (t) => t.replace("contactMobile: '17000002001'", "contactMobile: '13800138000'"));
    expect(() => loadDemoData(dir)).toThrow(/kh\.yaml is invalid: enterprises\.0\.contactMobile: /);
  });

  it('rejects a case template whose lead unit is not in the file', () => {
    const dir = brokenCopy('yc.yaml', (t) => t.replace(/leadUnitKey: \w+/, 'leadUnitKey: nowhere'));
    expect(() => loadDemoData(dir)).toThrow(/yc\.yaml is invalid: cases\.0\.leadUnitKey: no unit nowhere/);
  });

  it('rejects a field the schema does not know, so a misspelt key is not silently dropped', () => {
    const dir = brokenCopy('_shared.yaml', (t) => t.replace(/^jurisdictions:/m, 'jurisdiction:'));
    expect(() => loadDemoData(dir)).toThrow(/_shared\.yaml is invalid: .*jurisdiction/);
  });
});
