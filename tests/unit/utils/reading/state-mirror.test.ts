import { describe, expect, it } from 'vitest';
import type { ReadingRecord, ReadState } from '@/utils/db/model';
import { mirroredState, mirrorOf, patchMirror } from '@/utils/reading/state-mirror';

const record = (id: string, state: ReadState, progress = 0): ReadingRecord => ({
  id,
  state,
  progress,
  position: 0,
  readAt: null,
  updatedAt: 1,
});

describe('state mirror', () => {
  it('keeps read and in-progress articles compactly, and leaves unread ones out', () => {
    const mirror = mirrorOf([record('1', 'read', 1), record('2', 'reading', 0.3742), record('3', 'unread')]);
    expect(mirror).toEqual({ '1': 'r', '2': 0.37 });
    expect(JSON.stringify(mirror).length).toBeLessThan(30);
  });

  it('patches without touching the original: unread removes, other states overwrite', () => {
    const before = { '1': 'r', '2': 0.5 } as const;
    const after = patchMirror(before, [record('1', 'unread'), record('2', 'read', 1), record('9', 'reading', 0.1)]);
    expect(after).toEqual({ '2': 'r', '9': 0.1 });
    expect(before).toEqual({ '1': 'r', '2': 0.5 });
  });

  it('answers for any id, unknown ids being unread, inherited keys never', () => {
    const mirror = { '1': 'r', '2': 0.25 } as const;
    expect(mirroredState(mirror, '1')).toEqual({ id: '1', state: 'read', progress: 1 });
    expect(mirroredState(mirror, '2')).toEqual({ id: '2', state: 'reading', progress: 0.25 });
    expect(mirroredState(mirror, '3')).toEqual({ id: '3', state: 'unread', progress: 0 });
    expect(mirroredState(mirror, 'constructor').state).toBe('unread');
  });
});
