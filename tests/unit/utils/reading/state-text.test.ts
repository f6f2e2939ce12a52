import { expect, it } from 'vitest';
import type { Translate } from '@/utils/i18n';
import { partStateText, stateBoxText, stateText, stateToggleLabel } from '@/utils/reading/state-text';

/** Shows which message and substitutions were asked for. */
const t = ((key: string, substitutions?: unknown[]) =>
  substitutions ? `${key}(${substitutions.join()})` : key) as Translate;

const read = { state: 'read', progress: 1 } as const;
const reading = { state: 'reading', progress: 0.426 } as const;
const unread = { state: 'unread', progress: 0 } as const;

it('says a state the same way everywhere, with the progress rounded to a whole percent', () => {
  expect([read, reading, unread, null, undefined].map((r) => stateText(t, r))).toEqual([
    'common.stateRead',
    'common.stateReading(43)',
    'common.stateUnread',
    'common.stateUnread',
    'common.stateUnread',
  ]);
  expect(['read', 'reading', 'unread'].map((s) => partStateText(t, s as 'read'))).toEqual([
    'common.stateRead',
    'content.partReading',
    'common.stateUnread',
  ]);
  expect([read, reading, unread, undefined].map(stateBoxText)).toEqual(['✓', '43%', '', '']);
  expect([read, reading, unread, undefined].map((r) => stateToggleLabel(t, r))).toEqual([
    'content.toggleRead',
    'content.toggleReading(43)',
    'content.toggleUnread',
    'content.toggleUnread',
  ]);
});
