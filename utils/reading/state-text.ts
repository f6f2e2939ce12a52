/**
 * The words for an article's reading state, one function per place it is shown, so that a state reads the same in
 * the popup, the options page and on the blog's pages.
 */
import type { ReadingRecord, ReadState } from '@/utils/db/model';
import type { Translate } from '@/utils/i18n';

type Mark = Pick<ReadingRecord, 'state' | 'progress'>;

export const percentOf = (progress: number): number => Math.round(progress * 100);

/** "Read", "Reading, 42%" or "Unread" (no record: not read yet). */
export function stateText(t: Translate, record: Mark | null | undefined): string {
  if (record?.state === 'read') return t('common.stateRead');
  if (record?.state === 'reading') return t('common.stateReading', [percentOf(record.progress)]);
  return t('common.stateUnread');
}

/** A part of a series, beside its title: "Read", "Reading" or "Unread" (no percentage: the title is long enough). */
export function partStateText(t: Translate, state: ReadState): string {
  if (state === 'read') return t('common.stateRead');
  if (state === 'reading') return t('content.partReading');
  return t('common.stateUnread');
}

/** What a listing's box shows: '✓' read, '42%' reading, nothing for unread. */
export function stateBoxText(record: Mark | undefined): string {
  if (record?.state === 'read') return '✓';
  if (record?.state === 'reading') return `${percentOf(record.progress)}%`;
  return '';
}

/** The box's accessible name: its state and what a click does. */
export function stateToggleLabel(t: Translate, record: Mark | undefined): string {
  if (record?.state === 'read') return t('content.toggleRead');
  if (record?.state === 'reading') return t('content.toggleReading', [percentOf(record.progress)]);
  return t('content.toggleUnread');
}
