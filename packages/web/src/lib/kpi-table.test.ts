import { describe, expect, it } from 'vitest';
import { countHeat, drillDown, heatColour } from './kpi-table';

const NOVEMBER = { from: '2026-11-01', to: '2026-11-30' };

describe('drillDown', () => {
  it('opens the worklist of a unit, category, region or channel for the period', () => {
    expect(drillDown('unit', 'u1', NOVEMBER)).toBe('/cases?unitId=u1&from=2026-11-01&to=2026-11-30');
    expect(drillDown('region', '330824101', NOVEMBER)).toBe(
      '/cases?regionCode=330824101&from=2026-11-01&to=2026-11-30',
    );
    expect(drillDown('channel', 'mobile', NOVEMBER)).toBe('/cases?channel=mobile&from=2026-11-01&to=2026-11-30');
  });

  it('has no list for cases without a value, nor for the dimensions the worklist cannot filter', () => {
    expect(drillDown('unit', 'none', NOVEMBER)).toBeNull();
    expect(drillDown('industry', 'C13', NOVEMBER)).toBeNull();
    expect(drillDown('liaison', 'u9', NOVEMBER)).toBeNull();
  });
});

describe('heat', () => {
  it('colours a good rate green and a bad one red, and the other way round where lower is better', () => {
    expect(heatColour(1)).toBe('hsl(120, 70%, 88%)');
    expect(heatColour(0)).toBe('hsl(0, 70%, 88%)');
    expect(heatColour(0.25, false)).toBe('hsl(90, 70%, 88%)');
    expect(heatColour(null)).toBeUndefined();
  });

  it('shades a count by its share of the largest', () => {
    expect(countHeat(10, 10)).toBe('hsl(210, 80%, 72%)');
    expect(countHeat(0, 10)).toBeUndefined();
    expect(countHeat(5, 0)).toBeUndefined();
  });
});
