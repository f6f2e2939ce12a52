/**
 * What the catalog records of an article a page shows (a listing or archive entry, the article itself): its id and
 * title, and its date only when the page gives a full one (a year-less date box says nothing the catalog can keep).
 */
import type { SeenArticle } from '@/utils/db/api';
import { isFullDate } from '@/utils/site/dates';

export function seenArticle({ id, title, date }: { id: string; title: string; date: string }): SeenArticle {
  return { id, title, ...(isFullDate(date) ? { date } : {}) };
}
