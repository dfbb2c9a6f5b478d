import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { WordLookupForm } from './word-lookup-form';

describe('word lookup form', () => {
  it('opens the normalized word on Enter', async () => {
    const user = userEvent.setup();
    const onLookUp = vi.fn();
    render(<WordLookupForm onLookUp={onLookUp} />);
    await user.type(screen.getByLabelText('Look up a word'), '  #Café {Enter}');
    expect(onLookUp).toHaveBeenCalledWith('#cafe');
  });

  it('says what is wrong instead of opening nothing', async () => {
    const user = userEvent.setup();
    const onLookUp = vi.fn();
    render(<WordLookupForm onLookUp={onLookUp} />);
    await user.type(screen.getByLabelText('Look up a word'), 'two words');
    await user.click(screen.getByRole('button', { name: 'Show' }));
    expect(onLookUp).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toContain('one word at a time');
    expect(screen.getByLabelText('Look up a word').getAttribute('aria-invalid')).toBe('true');
  });
});
