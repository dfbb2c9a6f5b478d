import { describe, expect, it } from 'vitest';
import { withParams } from '../address';
import { openWordFromSearch } from './use-open-word';

describe('the open word in the address', () => {
  it('reads it normalized, and ignores what is not a word', () => {
    expect(openWordFromSearch('?word=Coffee')).toBe('coffee');
    expect(openWordFromSearch('?word=%23Caf%C3%A9')).toBe('#cafe');
    expect(openWordFromSearch('?word=two%20words')).toBeNull();
    expect(openWordFromSearch('?window=1h')).toBeNull();
  });

  it('reads back what is written, beside the other parameters', () => {
    const search = withParams('?window=1h&compare=a,b', { word: '#rust' });
    expect(search).toBe('?window=1h&compare=a,b&word=%23rust');
    expect(openWordFromSearch(search)).toBe('#rust');
  });
});
