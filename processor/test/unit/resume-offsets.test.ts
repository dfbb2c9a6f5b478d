import { describe, expect, it } from 'vitest';
import { resumePoint } from '../../src/counting/resume-offsets.js';

describe('resumePoint', () => {
  const range = { low: 100, high: 500 };

  it('resumes at the offset stored in MySQL', () => {
    expect(resumePoint(3, 250, range)).toEqual({ partition: 3, offset: 250, stored: 250, pastEnd: false });
  });

  it('starts at the first offset the broker holds when nothing is stored', () => {
    expect(resumePoint(0, undefined, range)).toEqual({ partition: 0, offset: 100, stored: undefined, pastEnd: false });
  });

  it('starts at the first offset held when retention removed the stored one', () => {
    expect(resumePoint(0, 40, range).offset).toBe(100);
  });

  it('resumes at the end of a partition fully applied', () => {
    expect(resumePoint(0, 500, range)).toMatchObject({ offset: 500, pastEnd: false });
  });

  it('starts again from the start when the stored offset is past the end (topic re-created, broker wiped)', () => {
    expect(resumePoint(1, 501, range)).toEqual({ partition: 1, offset: 100, stored: 501, pastEnd: true });
    expect(resumePoint(1, 7, { low: 0, high: 0 })).toMatchObject({ offset: 0, pastEnd: true });
  });
});
