import { describe, expect, it } from 'vitest';
import { filtersFromSearch, searchFromFilters } from './use-trend-filters';

describe('trend filters in the address', () => {
  it('reads window, language and tag, falling back to defaults for unknown values', () => {
    expect(filtersFromSearch('?window=1h&lang=de&tag=rust')).toEqual({ window: '1h', lang: 'de', tag: 'rust' });
    expect(filtersFromSearch('?window=7m&lang=xx')).toEqual({ window: '5m', lang: '', tag: '' });
    expect(filtersFromSearch('')).toEqual({ window: '5m', lang: '', tag: '' });
  });

  it('writes only what differs from the default, and reads back what it wrote', () => {
    expect(searchFromFilters({ window: '5m', lang: '', tag: '' })).toBe('');
    const filters = { window: '15m', lang: 'ja', tag: 'café' } as const;
    expect(filtersFromSearch(searchFromFilters(filters))).toEqual(filters);
  });
});

describe('parameters the filters do not own', () => {
  it('keeps them when the filters change', () => {
    expect(searchFromFilters({ window: '1h', lang: '', tag: '' }, '?compare=a,b&lang=de')).toBe('?compare=a,b&window=1h');
  });
});
