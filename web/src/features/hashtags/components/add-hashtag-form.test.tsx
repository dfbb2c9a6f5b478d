import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { AddHashtagForm, type FollowOutcome } from './add-hashtag-form';

function renderForm(onFollow: (tag: string) => Promise<FollowOutcome> = () => Promise.resolve({ kind: 'followed' }), followed: string[] = []) {
  const follow = vi.fn(onFollow);
  render(<AddHashtagForm followed={followed} onFollow={follow} />);
  return { follow, input: screen.getByLabelText('Follow a hashtag'), submit: screen.getByRole('button', { name: 'Follow' }) };
}

describe('add hashtag form', () => {
  it('refuses an invalid tag inline, without asking the server, and marks the field invalid', async () => {
    const user = userEvent.setup();
    const { follow, input, submit } = renderForm();
    await user.type(input, 'no spaces!');
    await user.click(submit);
    expect(screen.getByRole('alert')).toHaveProperty('textContent', 'A hashtag has only letters, digits and underscores, with at least one letter.');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')).toContain(screen.getByRole('alert').id);
    expect(follow).not.toHaveBeenCalled();
  });

  it('asks for at least one letter when the tag is empty or only digits', async () => {
    const user = userEvent.setup();
    const { follow, input, submit } = renderForm();
    await user.click(submit);
    expect(screen.getByRole('alert').textContent).toBe('A hashtag needs at least one letter.');
    await user.type(input, '2025');
    expect(screen.getByRole('alert').textContent).toMatch(/at least one letter/u);
    expect(follow).not.toHaveBeenCalled();
  });

  it('clears the message as soon as the input becomes valid, and sends the normalized tag', async () => {
    const user = userEvent.setup();
    const { follow, input, submit } = renderForm();
    await user.type(input, 'bad tag');
    await user.click(submit);
    expect(screen.queryByRole('alert')).not.toBeNull();
    await user.clear(input);
    await user.type(input, '#Café_Olé');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByText('Will follow #cafe_ole')).toBeTruthy();
    await user.click(submit);
    expect(follow).toHaveBeenCalledWith('cafe_ole');
    expect((input as HTMLInputElement).value).toBe('');
  });

  it('says when a tag is already followed', async () => {
    const user = userEvent.setup();
    const { follow, input, submit } = renderForm(undefined, ['rust']);
    await user.type(input, 'Rust');
    await user.click(submit);
    expect(screen.getByRole('alert').textContent).toBe('#rust is already followed.');
    expect(follow).not.toHaveBeenCalled();
  });

  it("shows the server's message inline when it refuses, and keeps the input", async () => {
    const user = userEvent.setup();
    const { input, submit } = renderForm(() => Promise.resolve({ kind: 'error', message: 'hashtag "x" is reserved' }));
    await user.type(input, 'reserved');
    await user.click(submit);
    expect(await screen.findByRole('alert')).toHaveProperty('textContent', 'hashtag "x" is reserved');
    expect((input as HTMLInputElement).value).toBe('reserved');
  });
});
