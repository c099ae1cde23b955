import { describe, expect, it } from 'vitest';
import { addFiles, MAX_FILES, patchItem, toSend } from './uploads';

const file = (name: string, size = 10) => new File([new Uint8Array(size)], name, { type: 'image/png' });

describe('upload list', () => {
  it('adds chosen files as waiting, each with its own id', () => {
    const items = addFiles([], [file('a.png'), file('b.png')]);
    expect(items.map((i) => [i.file.name, i.state, i.percent])).toEqual([
      ['a.png', 'waiting', 0],
      ['b.png', 'waiting', 0],
    ]);
    expect(new Set(items.map((i) => i.uid)).size).toBe(2);
  });

  it('never holds more than MAX_FILES', () => {
    const many = Array.from({ length: MAX_FILES + 3 }, (_, i) => file(`${i}.png`));
    expect(addFiles([], many)).toHaveLength(MAX_FILES);
    const some = addFiles([], many.slice(0, MAX_FILES - 1));
    expect(addFiles(some, many.slice(0, 3))).toHaveLength(MAX_FILES);
  });

  it('sends again only what has not arrived', () => {
    let items = addFiles([], [file('a.png'), file('b.png'), file('c.png')]);
    const [a, b] = items;
    items = patchItem(items, a!.uid, { state: 'done', percent: 100 });
    items = patchItem(items, b!.uid, { state: 'failed', error: '文件过大' });
    expect(toSend(items).map((i) => i.file.name)).toEqual(['b.png', 'c.png']);
    expect(items[1]).toMatchObject({ state: 'failed', error: '文件过大' });
    expect(items[0]).toMatchObject({ state: 'done' });
  });
});
