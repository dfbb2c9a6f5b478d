import { render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RisingList } from './rising-list';

describe('rising list', () => {
  // The sparklines ask for series; these tests are about the labels, so requests never answer.
  beforeEach(() => vi.stubGlobal('fetch', () => new Promise(() => undefined)));
  afterEach(() => vi.unstubAllGlobals());

  it('reads each rise as times its usual rate or new, explains it, and keeps the raw score', () => {
    const words = [
      { word: 'eclipse', count: 40, score: 419_000_000, ratio: 8, isNew: false },
      { word: 'zeppelin', count: 12, score: 300, ratio: 0, isNew: true },
    ];
    render(<RisingList words={words} query={{ window: 'zz-test' }} onOpenWord={() => undefined} />);
    const eclipse = screen.getByRole('button', { name: /^eclipse ?, 8 times its usual rate, 40 posts$/u });
    expect(eclipse.textContent).toContain('8× usual rate');
    expect(eclipse.getAttribute('title')).toMatch(
      /^Posts with this word in the window compared with its usual rate over the previous period; new = not seen at all in that period\. Trend score 419\s?M\.$/u,
    );
    const description = document.getElementById(eclipse.getAttribute('aria-describedby') ?? '');
    expect(description?.textContent).toBe(eclipse.getAttribute('title'));
    expect(screen.getByRole('button', { name: /^zeppelin ?, new word, 12 posts$/u }).textContent).toContain('new');
    expect(eclipse.closest('li')?.getAttribute('data-score')).toBe('419000000');
  });
});
